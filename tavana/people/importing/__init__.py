"""Bulk import of the registry from an xlsx or csv file (`tavana import people`,
the registrars' upload page). See shared/contracts/import.md.

Every data row ends in exactly one of *created*, *updated*, *unchanged* or
*rejected*. Blank rows (no cell filled) are not data rows and are not counted.

Columns
    Persian headers («کد ملی»، «نام»، «نام خانوادگی»، «نام پدر»، «تاریخ تولد»،
    «تلفن همراه»، «منطقه»، «نشانی» and common variants such as «کدملی»،
    «موبایل»، «شماره همراه»، «آدرس») or the dedup contract's English names
    (`id,national_code,first_name,...`), compared through `dedup_key` so
    spacing, half-spaces and ی/ي do not matter. «ردیف»/`id` are recognised and
    not imported; any other column is *unknown*: listed in the summary and kept,
    with every other original cell, in the report of rejected rows.

Validation
    `domain.fields.check_person_fields` (checking.py), the registration form's own rules and
    Persian messages (results cached per distinct value for names, dates and
    districts, which repeat a great deal). A rejected row's reason names each
    failing field: «کد ملی: رقم کنترل کد ملی درست نیست؛ تاریخ تولد: ...».

Matching a row to the registry (exact keys only, never fuzzy)
    1. A row with a national code is the person holding that code, if any.
    2. A row without one is the person with the same first, last and father's
       name keys (`dedup_key`) and the same birth date, or else the same mobile
       and first and last name keys. When several persons fit, the row is rejected
       (it cannot say which one it means; a national code would).
    3. Otherwise the row creates a person, with a `Registration` of channel
       "import" — if it has a first and a last name and at least one of national
       code, birth date or mobile. A row with none of the three is rejected:
       nothing could find her again, so every re-import would create her anew.

    For a matched person the row's non-empty cells are compared with what is
    stored; an empty cell never erases a stored value. Contact and address
    fields (mobile, district, address, postal code, occupation, other phones)
    are updated directly. Identity fields (names, father's name, birth date)
    are *not* overwritten by a file: names are compared by key (so «علي» and
    «علی» agree), an identity field that is empty in the registry is filled,
    and any other difference rejects the row with a reason saying to file a
    change request — a correction of identity needs a supervisor's approval
    (maker-checker), which a file cannot give.

Duplicates within one file
    Rows are taken in file order. A later row that reaches a person an earlier
    row of the same file already created or matched is *unchanged* when it
    adds nothing, and *rejected* ("the same person is on line N with other
    values") when it would change anything, so the outcome never depends on
    which of two conflicting rows wins. Importing the same file again
    therefore gives the same rows rejected and creates nothing.

Likely duplicates (fuzzy)
    After the rows are written, persons created by the import are matched
    against the registry with `domain.matching.link`; pairs the model judges
    the same woman or worth a look are put in the review queue (`duplicates.services.flag_duplicates`,
    source "import") and counted, never merged. This can run inline or as a
    background task (`tasks.flag_import_duplicates`).

Transactions, speed and audit
    All or nothing. On PostgreSQL the whole file is imported in one
    transaction (row locks: nobody else waits). On SQLite, whose one write
    lock a long transaction would hold from everyone (finding 9 of the
    security review), the file is first read and checked to the end writing
    nothing, then committed chunk by chunk, each chunk with an `ImportLedger`
    row saying what it created and what each changed person held before; the
    end is one short transaction (the task's commit marker, the ledger
    removed). A failure before it — or a worker that dies — undoes the
    committed chunks from the ledger (`undo.py`). Either way a file that
    turns out to be unreadable half-way changes nothing; `dry_run` runs in
    one transaction and simply rolls back.
    Rows are processed in chunks of 2,000: one query per chunk for the national
    codes, one for the name keys, one for the mobiles (as plain tuples, not
    model instances); new persons and their registrations are written by
    `tavana.core.bulk.insert_rows` (COPY on PostgreSQL, executemany on
    SQLite, ids taken from the table's own sequence), changed persons by `bulk_update`. On SQLite the
    search side tables (FTS5 trigram index, name vocabulary) are filled per
    chunk in one statement each instead of by their per-row insert triggers,
    which are dropped and re-created inside the import's transaction. Memory stays
    flat: the file is streamed and only the current chunk and the ids of the
    persons already reached are held. At this volume the audit log gets ONE
    entry per chunk and action — "person.import_create" (after = {"file",
    "ids"}) and "person.import_update" (after = {"file", "ids", "changes":
    {id: {field: [old, new]}}}) — rather than one per person; these entries
    carry no person_id.

    The report lists rows that fail validation as they are read and rows
    refused at matching when their chunk is processed, so its order is not
    strictly the file's: the «شمارهٔ سطر» column gives each row's line.

Where each part lives
    importer.py   `import_people`: the file, checked in chunks, into the registry
                  in one transaction, or in committed chunks on SQLite
    undo.py       undoing a chunked import that did not finish
    headers.py    which header means which field
    checking.py   the per-row checks, cached per value
    rows.py       one chunk against the registry: who a row means, its outcome,
                  the writes
    report.py     the file of rejected rows
    readahead.py  reading the next chunk in a second thread (PostgreSQL)
    tabular.py    reading xlsx and csv as a stream of rows
    tasks.py      the upload page's background import; views.py and urls.py
                  the page itself
"""

from collections.abc import Callable

from ..duplicates.services import flag_duplicates
from .headers import HEADER_ALIASES, IGNORED, map_headers
from .importer import ImportResult, import_people
from .tabular import EXTENSIONS, UnreadableFile

# Other contexts' imports through the same command (`tavana import WHAT FILE`),
# with the same contract: what → callable(path, *, actor, dry_run, report) giving a
# result with summary_line(), unknown_columns and dry_run. Filled from their
# AppConfig.ready (tavana/youth: "school-results").
OTHER_IMPORTS: dict[str, Callable] = {}

__all__ = [
    "OTHER_IMPORTS",
    "EXTENSIONS",
    "HEADER_ALIASES",
    "IGNORED",
    "ImportResult",
    "UnreadableFile",
    "flag_duplicates",
    "import_people",
    "map_headers",
]
