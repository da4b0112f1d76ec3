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
    `domain.fields.check_person_fields`, the registration form's own rules and
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
    against the registry with `domain.matching.MatchIndex`; pairs the matcher
    accepts are put in the review queue (`duplicate_candidate_record`,
    source "import") and counted, never merged. This can run inline or as a
    background task (`import_tasks.flag_import_duplicates`).

Transactions, speed and audit
    The whole file is imported in one transaction, so a file that turns out
    to be unreadable half-way changes nothing, and `dry_run` simply rolls back.
    Rows are processed in chunks of 2,000: one query per chunk for the national
    codes, one for the name keys, one for the mobiles (as plain tuples, not
    model instances); new persons and their registrations are written by
    `insert_rows` (COPY on PostgreSQL, executemany on SQLite, ids taken from
    the table's own sequence), changed persons by `bulk_update`. On SQLite the
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
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import queue
import re
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from jalali_core import JalaliToGregorian

from tavana.audit.services import audit_write
from tavana.core.domain.jalali import MAX_YEAR, MIN_YEAR, format_jalali
from tavana.core.domain.persian_text import dedup_key, to_ascii_digits
from tavana.core.models import District

from .domain.fields import LABELS, check_person_fields, person_keys
from .models import Person, Registration
from .tabular import Table, UnreadableFile, open_table

__all__ = [
    "HEADER_ALIASES",
    "ImportResult",
    "UnreadableFile",
    "flag_duplicates",
    "import_people",
    "map_headers",
]

CHUNK = 2000
_YMD = re.compile(r"\s*(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*")
_dt_date = dt.date
IGNORED = "__ignored__"

HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "national_code": (
        "کد ملی",
        "کدملی",
        "شماره ملی",
        "کد ملی فرد",
        "national_code",
        "national code",
        "nationalcode",
        "national_id",
    ),
    "first_name": ("نام", "اسم", "نام کوچک", "first_name", "firstname", "first name"),
    "last_name": (
        "نام خانوادگی",
        "نام‌خانوادگی",
        "فامیلی",
        "نام فامیل",
        "last_name",
        "lastname",
        "last name",
        "surname",
        "family_name",
    ),
    "father_name": ("نام پدر", "نام‌پدر", "father_name", "fathername", "father name"),
    "birth_date": (
        "تاریخ تولد",
        "تاریخ‌تولد",
        "تولد",
        "birth_date",
        "birthdate",
        "date of birth",
    ),
    "mobile": (
        "تلفن همراه",
        "موبایل",
        "شماره همراه",
        "شماره موبایل",
        "همراه",
        "شماره تلفن همراه",
        "شماره تماس",
        "mobile",
        "cell",
        "phone_mobile",
    ),
    "district": ("منطقه", "شماره منطقه", "منطقهٔ شهرداری", "district"),
    "address": ("نشانی", "آدرس", "نشانی منزل", "آدرس منزل", "address"),
    "postal_code": ("کد پستی", "کدپستی", "postal_code", "postcode"),
    "occupation": ("شغل", "occupation", "job"),
    "other_phones": ("تلفن‌های دیگر", "تلفن ثابت", "تلفن منزل", "other_phones", "phone"),
    IGNORED: ("ردیف", "شماره ردیف", "شناسه", "id", "row"),
}
_ALIAS_KEYS = {dedup_key(a): f for f, names in HEADER_ALIASES.items() for a in names}

IDENTITY_NAMES = ("first_name", "last_name", "father_name")
DIRECT_FIELDS = ("mobile", "address", "postal_code", "occupation", "other_phones")
# Fields whose values repeat across rows: their checks are cached per value.
CACHED_FIELDS = ("first_name", "last_name", "father_name", "birth_date", "district", "occupation")
REASON = "دلیل رد"
UNIDENTIFIABLE = (
    "برای شناختن فرد دست‌کم یکی از کد ملی، تاریخ تولد یا تلفن همراه لازم است "
    "(وگرنه با هر بار ورود همین فایل، فرد تازه‌ای ساخته می‌شد)"
)
LINE = "شمارهٔ سطر"

PREFETCH = (
    "id",
    "national_code",
    "first_name",
    "last_name",
    "father_name",
    "birth_date",
    "mobile",
    "address",
    "postal_code",
    "occupation",
    "other_phones",
    "district_id",
    "neighbourhood_id",
    "as_typed",
    "first_key",
    "last_key",
    "father_key",
    "name_key",
)
OUTCOMES = ("created", "updated", "unchanged", "rejected")


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    duplicates_flagged: int = 0
    duplicates_pending: bool = False
    unknown_columns: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # header → field
    created_ids: list[int] = field(default_factory=list)
    dry_run: bool = False
    file: str = ""
    seconds: float = 0.0
    encoding: str = ""

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged + self.rejected

    def summary_line(self) -> str:
        return (
            f"created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}, rejected {self.rejected}"
        )

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "rows": self.rows,
            "duplicates_flagged": self.duplicates_flagged,
            "duplicates_pending": self.duplicates_pending,
            "unknown_columns": self.unknown_columns,
            "dry_run": self.dry_run,
            "file": self.file,
            "seconds": round(self.seconds, 2),
        }


class _Rollback(Exception):
    pass


# ------------------------------------------------------------------ headers


def map_headers(headers: list[str]) -> tuple[list[str | None], list[str]]:
    """Field name (or None for an unknown column) per header, and the unknown headers.

    Raises `UnreadableFile` when no column is recognised or one field comes twice.
    """
    mapping: list[str | None] = []
    unknown: list[str] = []
    seen: dict[str, str] = {}
    for h in headers:
        f = _ALIAS_KEYS.get(dedup_key(h)) if h else None
        if f is None:
            mapping.append(None)
            if h:
                unknown.append(h)
            continue
        if f != IGNORED:
            if f in seen:
                raise UnreadableFile(
                    f"ستون «{LABELS.get(f, f)}» دو بار آمده است: «{seen[f]}» و «{h}»."
                )
            seen[f] = h
        mapping.append(f)
    if not ({"national_code", "first_name", "last_name"} & set(seen)):
        raise UnreadableFile(
            "سطر عنوان ستون‌ها شناخته نشد؛ دست‌کم ستون «کد ملی» یا «نام» و «نام خانوادگی» لازم است."
        )
    return mapping, unknown


# --------------------------------------------------------------- validation


class _Checker:
    """`check_person_fields` per row, cached per value for the repeating fields."""

    def __init__(self, districts: set[int]):
        self.districts = districts
        self.today = dt.date.today()
        self.cache: dict[tuple[str, object], tuple[object, str | None, str | None]] = {}

    def one(self, name: str, value) -> tuple[object, str | None, str | None]:
        key = (name, value)
        hit = self.cache.get(key)
        if hit is None:
            c = check_person_fields(
                {name: value}, today=self.today, districts=self.districts, partial=True
            )
            hit = (c.values.get(name), c.errors.get(name), c.as_typed.get(name))
            if len(self.cache) < 500_000:
                self.cache[key] = hit
        return hit

    def birth_date(self, value):
        """`one("birth_date", value)`, with a shortcut for the common Y/M/D form.

        jdatetime makes the conversion slow (most birth dates in a file are
        distinct), so a date whose year, month and day are plainly inside the
        ranges `parse_jalali` accepts is converted with jalali_core (the
        library jdatetime itself uses) and the Gregorian date is then checked
        by `check_person_fields` (future dates, before 1279). Anything else —
        other layouts, Esfand 30, out-of-range parts — takes the normal path,
        so the result and the Persian messages are the same.
        """
        if value.__class__ is str:
            key = ("birth_date", "typed", value)
            hit = self.cache.get(key)
            if hit is None:
                hit = self._birth_date(value)
                if len(self.cache) < 500_000:
                    self.cache[key] = hit
            return hit
        return self._birth_date(value)

    def _birth_date(self, value):
        if isinstance(value, str):
            m = _YMD.fullmatch(to_ascii_digits(value))
            if m:
                jy, jm, jd = int(m[1]), int(m[2]), int(m[3])
                if (
                    MIN_YEAR <= jy <= MAX_YEAR
                    and not 1900 <= jy <= 2100
                    and 1 <= jm <= 12
                    and 1 <= jd <= (31 if jm <= 6 else 30 if jm <= 11 else 29)
                ):
                    key = ("jalali", jy, jm, jd)
                    gregorian = self.cache.get(key)
                    if gregorian is None:
                        gregorian = self.cache[key] = _dt_date(
                            *JalaliToGregorian(jy, jm, jd).getGregorianList()
                        )
                    return self.one("birth_date", gregorian)
        return self.one("birth_date", value)

    def row(self, raw: dict) -> tuple[dict, dict, dict]:
        values: dict = {}
        errors: dict = {}
        as_typed: dict = {}
        rest = {}
        for name, value in raw.items():
            if name in CACHED_FIELDS:
                if name == "birth_date":
                    v, err, typed = self.birth_date(value)
                else:
                    v, err, typed = self.one(name, value)
                if err:
                    errors[name] = err
                else:
                    values[name] = v
                    if typed:
                        as_typed[name] = typed
            else:
                rest[name] = value
        if rest:
            c = check_person_fields(rest, today=self.today, partial=True)
            values.update(c.values)
            errors.update(c.errors)
            as_typed.update(c.as_typed)
        return values, errors, as_typed


def _present(value) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _reason(errors: dict) -> str:
    return "؛ ".join(f"{LABELS.get(k, k)}: {v.rstrip('.')}" for k, v in errors.items())


# ------------------------------------------------------------------- report


class _Report:
    """The rejected rows, with every original cell and a Persian reason."""

    def __init__(self, path: Path | None, headers: list[str]):
        self.path = path
        self.headers = headers
        self.count = 0
        self._tmp = None
        self._writer = None
        if path is None:
            return
        fd, tmp = tempfile.mkstemp(suffix=path.suffix, dir=path.parent)
        os.close(fd)
        self._tmp = Path(tmp)
        head = [*headers, LINE, REASON]
        if path.suffix.lower() == ".xlsx":
            import openpyxl

            self._wb = openpyxl.Workbook(write_only=True)
            self._ws = self._wb.create_sheet("ردشده‌ها")
            self._ws.sheet_view.rightToLeft = True
            self._ws.append(head)
        else:
            self._fh = self._tmp.open("w", encoding="utf-8-sig", newline="")
            self._writer = csv.writer(self._fh)
            self._writer.writerow(head)

    def add(self, line: int, cells: list, reason: str) -> None:
        self.count += 1
        if self.path is None:
            return
        width = len(self.headers)
        cells = list(cells[:width]) + [None] * (width - len(cells))
        if self._writer is not None:
            self._writer.writerow(["" if c is None else c for c in cells] + [line, reason])
        else:
            from openpyxl.cell import WriteOnlyCell

            row = []
            for c in [*cells, line, reason]:
                cell = WriteOnlyCell(self._ws, value=c)
                if isinstance(c, str):
                    cell.data_type = "s"  # never a formula, even when it starts with =
                row.append(cell)
            self._ws.append(row)

    def finish(self) -> None:
        if self.path is None:
            return
        if self._writer is not None:
            self._fh.close()
        else:
            self._wb.save(self._tmp)
        os.replace(self._tmp, self.path)

    def discard(self) -> None:
        if self._tmp is None:
            return
        if self._writer is not None:
            self._fh.close()
        self._tmp.unlink(missing_ok=True)


# ------------------------------------------------------------------- import


@dataclass(slots=True)
class _Row:
    line: int
    cells: list
    values: dict
    as_typed: dict
    keys: dict
    k1: tuple | None = None
    k2: tuple | None = None


def import_people(
    path: Path | str,
    *,
    actor,
    name: str | None = None,
    dry_run: bool = False,
    report: Path | str | None = None,
    progress: Callable[[int, int], None] | None = None,
    duplicates: str = "inline",
) -> ImportResult:
    """Import persons from `path` (xlsx or csv, chosen by the extension of `name`).

    Raises `UnreadableFile` (nothing changed, no report written) when the file
    cannot be read. `duplicates`: "inline" flags likely duplicates after the
    import, "task" enqueues `flag_import_duplicates` on commit, "off" skips it.
    """
    started = time.perf_counter()
    path = Path(path)
    name = name or path.name
    table = open_table(path, name=name)
    mapping, unknown = map_headers(table.headers)
    if callable(actor):  # resolved only once the file is known to be readable
        actor = actor()
    result = ImportResult(dry_run=dry_run, file=name, unknown_columns=unknown)
    result.encoding = table.encoding
    result.columns = {h: f for h, f in zip(table.headers, mapping, strict=True) if f}
    rep = _Report(Path(report) if report else None, table.headers)
    try:
        with transaction.atomic(), _sqlite_cache(), _search_triggers_deferred() as search:
            _run(
                table,
                mapping,
                actor=actor,
                result=result,
                report=rep,
                progress=progress,
                search=search,
            )
            if dry_run:
                raise _Rollback
            if duplicates == "task" and result.created_ids:
                from .import_tasks import flag_import_duplicates

                ids = list(result.created_ids)
                result.duplicates_pending = True
                transaction.on_commit(lambda: flag_import_duplicates.enqueue(ids))
    except _Rollback:
        pass
    except BaseException:
        rep.discard()
        raise
    rep.finish()
    if not dry_run and duplicates == "inline" and result.created_ids:
        result.duplicates_flagged = flag_duplicates(result.created_ids)
    result.seconds = time.perf_counter() - started
    return result


@contextmanager
def _sqlite_cache(kib: int = 131072):
    """A larger page cache for SQLite while the import writes (128 MiB by default):
    with the registry's indexes and search triggers, the default 2 MiB cache
    spilled pages constantly and the inserts took a third longer."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as c:
        c.execute("PRAGMA cache_size")
        before = c.fetchone()[0]
        c.execute(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        with connection.cursor() as c:
            c.execute(f"PRAGMA cache_size = {int(before)}")


# The search side tables' insert triggers (migration people.0002) and, for each,
# the same rows written set-based for a range of new persons' ids.
_SEARCH_FILL = {
    "people_person_search_fts_ins": (
        "INSERT INTO people_search_fts (rowid, flat) "
        "SELECT id, replace(name_key, ' ', '') FROM people_person "
        "WHERE id BETWEEN %s AND %s ORDER BY id"
    ),
    "people_person_search_vocab_ins": (
        "INSERT OR IGNORE INTO people_search_vocab (key) "
        "SELECT k FROM (SELECT id, 0 AS o, first_key AS k FROM people_person "
        "WHERE id BETWEEN %s AND %s UNION ALL SELECT id, 1, last_key FROM people_person "
        "WHERE id BETWEEN %s AND %s) WHERE k <> '' ORDER BY id, o"
    ),
}


@contextmanager
def _search_triggers_deferred():
    """On SQLite, drop the search tables' per-row insert triggers for the import and
    fill those tables chunk by chunk in one statement each (`_fill_search`), with
    exactly the rows the triggers would have written, in the same order: row by
    row they took a third of the import's time. The triggers are re-created from
    their own stored SQL before the transaction commits (and a rollback restores
    them), so no other connection ever sees them missing. Yields the names of the
    triggers dropped (empty on PostgreSQL, whose trigger is left alone)."""
    if connection.vendor != "sqlite":
        yield ()
        return
    with connection.cursor() as c:
        c.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            [Person._meta.db_table],
        )
        triggers = [(n, sql) for n, sql in c.fetchall() if n in _SEARCH_FILL]
        for n, _sql in triggers:
            c.execute(f"DROP TRIGGER {connection.ops.quote_name(n)}")
    yield tuple(n for n, _sql in triggers)
    with connection.cursor() as c:
        for _n, sql in triggers:
            c.execute(sql)


def _fill_search(search: tuple, ids: list[int]) -> None:
    """What the dropped insert triggers would have done for these new persons
    (`insert_rows` takes consecutive ids on SQLite)."""
    if not search or not ids:
        return
    lo, hi = min(ids), max(ids)
    assert hi - lo + 1 == len(ids)
    with connection.cursor() as c:
        for n in search:
            sql = _SEARCH_FILL[n]
            c.execute(sql, [lo, hi] * sql.count("BETWEEN"))


def _run(
    table: Table, mapping, *, actor, result: ImportResult, report: _Report, progress, search=()
):
    districts = dict(District.objects.values_list("number", "id"))
    checker = _Checker(set(districts))
    columns = [(i, f) for i, f in enumerate(mapping) if f and f != IGNORED]
    state = _State(actor=actor if getattr(actor, "pk", None) else None, file=result.file)
    state.search = search
    state.districts = districts
    total = table.estimated_rows
    done = 0
    items = _validated(table, columns, checker)
    if connection.vendor == "postgresql":
        items = _read_ahead(items)
    for rejected, chunk, full in items:
        for line, cells, reason in rejected:
            report.add(line, cells, reason)
        result.rejected += len(rejected)
        done += len(rejected)
        if chunk:
            done += len(chunk)
            _chunk(chunk, state, result, report)
        if full and progress:
            progress(done, max(total, done))
    if progress:
        progress(done, done)


def _validated(table: Table, columns, checker: _Checker):
    """The file's data rows, checked, in file order: for each chunk of CHUNK valid
    rows, (the rows that failed validation while it filled, as (line, cells,
    reason)), the chunk, whether it is full). Pure Python, no database."""
    chunk: list[_Row] = []
    rejected: list[tuple] = []
    for line, cells in table.rows:
        raw = {}
        width = len(cells)
        for i, f in columns:
            if i < width:
                value = cells[i]
                if value is not None and (value.__class__ is not str or value.strip()):
                    raw[f] = value
        if not raw and not any(_present(c) for c in cells):
            continue
        values, errors, as_typed = checker.row(raw)
        if errors:
            rejected.append((line, cells, _reason(errors)))
            if len(rejected) >= CHUNK:  # a file of mostly bad rows: memory stays flat
                yield rejected, [], False
                rejected = []
            continue
        chunk.append(_Row(line, cells, values, as_typed, _row_keys(values)))
        if len(chunk) >= CHUNK:
            yield rejected, chunk, True
            chunk, rejected = [], []
    yield rejected, chunk, False


def _read_ahead(items, depth: int = 2):
    """Iterate `items` (`_validated`: reading and checking the file, pure Python)
    in a second thread, at most `depth` chunks ahead, so that the file is read and
    checked while the database works on the previous chunk. The items, their
    order and any exception are exactly those of iterating `items` directly.

    Used on PostgreSQL only, where the server maintains the person table's
    indexes in its own process (about 1 s less for 40,000 rows); on SQLite,
    whose work runs in this process, the second thread only made it slower."""
    q: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                q.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        try:
            for item in items:
                if not put((True, item)):
                    return
        except BaseException as e:  # handed to the caller's thread, raised there
            put((False, e))
            return
        put((False, None))

    worker = threading.Thread(target=work, name="import-read-ahead", daemon=True)
    # the waits for the database are short and many: with the default 5 ms
    # switch interval, taking the GIL back after each cost more than it saved
    switch = sys.getswitchinterval()
    sys.setswitchinterval(min(switch, 0.0005))
    worker.start()
    try:
        while True:
            ok, item = q.get()
            if ok:
                yield item
            elif item is None:
                return
            else:
                raise item
    finally:
        stop.set()
        worker.join()
        sys.setswitchinterval(switch)


class _State:
    """What the import remembers across chunks: who an earlier row already reached."""

    def __init__(self, *, actor, file: str):
        self.actor = actor
        self.file = file
        self.touched: dict[int, int] = {}  # person id → first line that reached her
        self.districts: dict[int, int] = {}
        self.search: tuple = ()  # search triggers to stand in for (`_fill_search`)
        self.now = timezone.now()
        self.review = timezone.localdate() + dt.timedelta(days=365)


def _row_keys(values: dict) -> dict:
    if any(n in values for n in IDENTITY_NAMES):
        return person_keys(values)
    return {"first_key": "", "last_key": "", "father_key": ""}


def _k1(values: dict, keys: dict):
    bd = values.get("birth_date")
    if bd and keys["first_key"] and keys["last_key"]:
        return (keys["first_key"], keys["last_key"], keys["father_key"], bd)
    return None


def _k2(values: dict, keys: dict):
    if values.get("mobile") and keys["first_key"] and keys["last_key"]:
        return (values["mobile"], keys["first_key"], keys["last_key"])
    return None


def _chunk(rows: list[_Row], state: _State, result: ImportResult, report: _Report) -> None:
    # keys of every row, then one query per kind of key
    codes, k1s, k2s = set(), set(), set()
    for r in rows:
        if r.values.get("national_code"):
            codes.add(r.values["national_code"])
        else:
            r.k1 = _k1(r.values, r.keys)
            r.k2 = _k2(r.values, r.keys)
            if r.k1:
                k1s.add(r.k1)
            if r.k2:
                k2s.add(r.k2)
    # persons as plain dicts of the PREFETCH columns (no model instances)
    by_code: dict[str, dict] = {}
    by_k1: dict[tuple, list[dict]] = {}
    by_k2: dict[tuple, list[dict]] = {}
    seen: dict[int, dict] = {}  # one record per person, whichever key found her

    def records(where: str, *lists):
        for values in _fetch_persons(where, lists):
            rec = seen.get(values["id"])
            if rec is None:
                rec = seen[values["id"]] = values
            yield rec

    if codes:
        for p in records("national_code {}", codes):
            by_code[p["national_code"]] = p
    if k1s:
        where = "last_key {} AND first_key {} AND birth_date {}"
        lists = ({k[1] for k in k1s}, {k[0] for k in k1s}, {k[3] for k in k1s})
        for p in records(where, *lists):
            k = (p["first_key"], p["last_key"], p["father_key"], p["birth_date"])
            if k in k1s:
                by_k1.setdefault(k, []).append(p)
    if k2s:
        where = "mobile {} AND first_key {}"
        for p in records(where, {k[0] for k in k2s}, {k[1] for k in k2s}):
            k = (p["mobile"], p["first_key"], p["last_key"])
            if k in k2s:
                by_k2.setdefault(k, []).append(p)

    new: list[dict] = []
    new_lines: dict[int, int] = {}  # id(person) → line, for persons not yet saved
    dirty: dict[int, tuple[Person, dict]] = {}
    for r in rows:
        code = r.values.get("national_code")
        if code:
            match = by_code.get(code)
            candidates = [match] if match else []
        else:
            candidates = []
            if r.k1:
                candidates = by_k1.get(r.k1, [])
            if not candidates and r.k2:
                candidates = by_k2.get(r.k2, [])
        if len(candidates) > 1:
            report.add(
                r.line,
                r.cells,
                "بیش از یک نفر با این نام و تاریخ تولد یا شماره همراه در سامانه هست؛ "
                "کد ملی را وارد کنید تا معلوم شود کدام است",
            )
            result.rejected += 1
            continue
        if not candidates:
            v = r.values
            missing = (
                {n: f"{LABELS[n]} را وارد کنید." for n in ("first_name", "last_name") if n not in v}
                if "first_name" not in v or "last_name" not in v
                else None
            )
            if missing:
                report.add(r.line, r.cells, _reason(missing))
                result.rejected += 1
                continue
            if not (code or r.values.get("birth_date") or r.values.get("mobile")):
                report.add(r.line, r.cells, UNIDENTIFIABLE)
                result.rejected += 1
                continue
            p = _new_person(r, state)
            new.append(p)
            new_lines[id(p)] = r.line
            if code:
                by_code[code] = p
            k1, k2 = _k1(r.values, r.keys), _k2(r.values, r.keys)
            if k1:
                by_k1.setdefault(k1, []).append(p)
            if k2:
                by_k2.setdefault(k2, []).append(p)
            result.created += 1
            continue
        p = candidates[0]
        earlier = state.touched.get(p["id"]) if p["id"] else new_lines.get(id(p))
        changes, conflicts = _compare(p, r, state)
        if earlier is not None:
            if changes or conflicts:
                labels = "، ".join(LABELS.get(f, f) for f in [*conflicts, *changes])
                report.add(
                    r.line,
                    r.cells,
                    f"همین فرد در سطر {earlier} همین فایل آمده است و این سطر {labels} "
                    "را متفاوت دارد",
                )
                result.rejected += 1
            else:
                result.unchanged += 1
            continue
        state.touched[p["id"]] = r.line
        if conflicts:
            parts = [
                f"{LABELS[f]}: در فایل «{_shown(new)}» و در سامانه «{_shown(old)}» است"
                for f, (old, new) in conflicts.items()
            ]
            report.add(
                r.line,
                r.cells,
                "؛ ".join(parts)
                + "؛ مشخصات هویتی با فایل عوض نمی‌شود، برای اصلاح درخواست اصلاح ثبت کنید",
            )
            result.rejected += 1
            continue
        if not changes:
            result.unchanged += 1
            continue
        _apply(p, r, changes, state)
        dirty[p["id"]] = (p, changes)
        result.updated += 1

    actor = state.actor
    if new:
        actor_id = actor.pk if actor else None
        ids = insert_rows(Person, [{**p, "created_by_id": actor_id} for p in new], now=state.now)
        for p, pk in zip(new, ids, strict=True):
            p["id"] = pk
        _fill_search(state.search, ids)
        insert_rows(
            Registration,
            [
                {
                    "person_id": pk,
                    "channel": Registration.IMPORT,
                    "registered_by_id": actor_id,
                    "basis_review_date": state.review,
                    "basis_self_declared": True,
                }
                for pk in ids
            ],
            now=state.now,
        )
        for p in new:
            state.touched[p["id"]] = new_lines[id(p)]
        result.created_ids.extend(ids)
        audit_write(
            actor=actor,
            action="person.import_create",
            object_type="people.person",
            after={"file": state.file, "ids": ids, "registration_channel": "import"},
        )
    if dirty:
        fields = set()
        changes_log = {}
        for pk, (_p, changes) in dirty.items():
            fields.update(changes)
            changes_log[str(pk)] = {f: [_plain(o), _plain(n)] for f, (o, n) in changes.items()}
        model_fields = {"district_id" if f == "district" else f for f in fields}
        if "district" in fields:
            model_fields.add("neighbourhood_id")
        if fields & set(IDENTITY_NAMES):
            model_fields |= {"name_key", "first_key", "last_key", "father_key", "as_typed"}
        model_fields.add("updated_at")
        names = sorted(model_fields)
        Person.objects.bulk_update(
            [Person(pk=p["id"], **{f: p[f] for f in names}) for p, _ in dirty.values()],
            names,
            batch_size=500,
        )
        audit_write(
            actor=actor,
            action="person.import_update",
            object_type="people.person",
            before={"ids": list(dirty)},
            after={"file": state.file, "ids": list(dirty), "changes": changes_log},
        )


def _fetch_persons(where: str, lists: tuple) -> list[dict]:
    """The PREFETCH columns of the persons not merged away for which `where` holds,
    each "{}" in it standing for "is one of" the next of `lists` (one parameter per
    list: `= ANY(array)` on PostgreSQL; on SQLite a list of placeholders, which
    lets its planner see how many values there are and pick the key's index) —
    what `.filter(x__in=...).values(*PREFETCH)` returned, without the ORM's
    per-value work on a few thousand values per query."""
    pg = connection.vendor == "postgresql"
    params: list = []
    members = []
    for values in lists:
        if pg:
            params.append(list(values))
            members.append("= ANY(%s)")
        else:
            params.extend(_plain(v) for v in values)
            members.append(f"IN ({', '.join(['%s'] * len(values))})")
    columns = ", ".join(connection.ops.quote_name(c) for c in PREFETCH)
    sql = (
        f"SELECT {columns} FROM {connection.ops.quote_name(Person._meta.db_table)} "
        f"WHERE merged_into_id IS NULL AND {where.format(*members)}"
    )
    with connection.cursor() as c:
        c.execute(sql, params)
        rows = c.fetchall()
    out = []
    for row in rows:
        rec = dict(zip(PREFETCH, row, strict=True))
        bd = rec["birth_date"]
        if isinstance(bd, str):
            rec["birth_date"] = dt.date.fromisoformat(bd)
        elif isinstance(bd, dt.datetime):  # pragma: no cover - not a DateField's value
            rec["birth_date"] = bd.date()
        typed = rec["as_typed"]
        if isinstance(typed, str | bytes):
            rec["as_typed"] = json.loads(typed)
        elif typed is None:
            rec["as_typed"] = {}
        out.append(rec)
    return out


def _shown(value) -> str:
    if isinstance(value, dt.date):
        return format_jalali(value)
    return str(value)


def _plain(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def _compare(p: dict, r: _Row, state: _State) -> tuple[dict, dict]:
    """(changes {field: (old, new)} to apply, identity conflicts {field: (old, new)})."""
    changes: dict = {}
    conflicts: dict = {}
    v = r.values
    for name in IDENTITY_NAMES:
        if name not in v:
            continue
        key_name = name.replace("_name", "_key")
        stored_key = p[key_name]
        if not stored_key:
            changes[name] = (p[name], v[name])
        elif stored_key != r.keys[key_name]:
            conflicts[name] = (p[name], v[name])
    if "birth_date" in v and v["birth_date"] != p["birth_date"]:
        if p["birth_date"] is None:
            changes["birth_date"] = (None, v["birth_date"])
        else:
            conflicts["birth_date"] = (p["birth_date"], v["birth_date"])
    for name in DIRECT_FIELDS:
        if name in v and v[name] not in ("", None) and v[name] != p[name]:
            changes[name] = (p[name], v[name])
    if v.get("district"):
        current = p["district_id"]
        wanted = state.districts.get(v["district"])
        if wanted != current:
            number = next((n for n, i in state.districts.items() if i == current), None)
            changes["district"] = (number, v["district"])
    return changes, conflicts


def _apply(p: dict, r: _Row, changes: dict, state: _State) -> None:
    for name, (_old, new) in changes.items():
        if name == "district":
            p["district_id"] = state.districts[new]
            p["neighbourhood_id"] = None
        else:
            p[name] = new
            if name in IDENTITY_NAMES and name in r.as_typed:
                p["as_typed"] = {**p["as_typed"], name: r.as_typed[name]}
    if any(n in changes for n in IDENTITY_NAMES):
        p.update(person_keys({n: p[n] for n in IDENTITY_NAMES}))
    p["updated_at"] = state.now


def _new_person(r: _Row, state: _State) -> dict:
    """A new person as a dict of columns (by attname), written by `insert_rows`."""
    v = r.values
    district = v.get("district")
    return {
        "id": None,
        "national_code": v.get("national_code") or None,
        "first_name": v.get("first_name", ""),
        "last_name": v.get("last_name", ""),
        "father_name": v.get("father_name", ""),
        "birth_date": v.get("birth_date"),
        "mobile": v.get("mobile") or "",
        "address": v.get("address", ""),
        "postal_code": v.get("postal_code") or "",
        "occupation": v.get("occupation", ""),
        "other_phones": v.get("other_phones", ""),
        "district_id": state.districts.get(district) if district else None,
        "neighbourhood_id": None,
        "as_typed": r.as_typed,
        **r.keys,
    }


# ------------------------------------------------------------- raw inserts


def _allocate_ids(model, n: int) -> list[int]:
    """`n` fresh primary keys, taken the way the database would take them."""
    table = model._meta.db_table
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            # the sequence's name first: inside the SELECT, pg_get_serial_sequence
            # was looked up again for every id
            c.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = c.fetchone()[0]
            c.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, n])
            return [row[0] for row in c.fetchall()]
        # SQLite: the write lock is held (transaction_mode IMMEDIATE), so nobody
        # else can take ids meanwhile; AUTOINCREMENT's counter is respected.
        c.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(table)}")
        top = c.fetchone()[0] or 0
        try:
            c.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = c.fetchone()
            top = max(top, row[0] if row else 0)
        except DatabaseError:  # pragma: no cover - no AUTOINCREMENT table yet
            pass
        return list(range(top + 1, top + n + 1))


def _whole_copy_writer(cursor):
    """A COPY writer that sends the rows in one go when the copy finishes, rather
    than every 32 KiB: each send waits for the socket with the GIL released, and
    taking it back from the reading thread (`_read_ahead`) costs up to a switch
    interval (5 ms) every time."""
    from psycopg.copy import LibpqWriter

    class Whole(LibpqWriter):
        def __init__(self, cursor):
            super().__init__(cursor)
            self.parts: list[bytes] = []

        def write(self, data) -> None:
            self.parts.append(bytes(data))

        def finish(self, exc=None) -> None:
            if self.parts and not exc:
                super().write(b"".join(self.parts))
            self.parts = []
            super().finish(exc)

    return Whole(cursor)


def _same(v):
    return v


def _json(v):
    if v is None:
        return None
    return "{}" if v == {} else json.dumps(v, ensure_ascii=False)


def insert_rows(model, rows: list[dict], *, now) -> list[int]:
    """INSERT `rows` (dicts by attname) without building model instances; returns ids.

    Used for the import's new persons and registrations: the ORM's bulk_create
    spent most of the import's time preparing values field by field. Missing
    fields get their defaults, auto_now(_add) fields `now`; values are adapted
    by the backend's own operations (dates and datetimes) or as JSON. PostgreSQL
    takes the rows through COPY, SQLite through executemany.
    """
    if not rows:
        return []
    ids = _allocate_ids(model, len(rows))
    ops = connection.ops
    columns = []
    getters = []
    for f in model._meta.concrete_fields:
        columns.append(f.column)
        kind = f.get_internal_type()
        if kind == "DateTimeField":
            adapt = ops.adapt_datetimefield_value
        elif kind == "DateField":
            adapt = ops.adapt_datefield_value
        elif kind == "JSONField":
            adapt = _json
        else:
            adapt = _same
        if f.primary_key:
            getters.append(("pk", None, None))
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            getters.append(("const", adapt(now), None))
        else:
            default = adapt(f.get_default())
            getters.append(("row", f.attname, (adapt, default)))
    # one tuple expression per model, compiled once: the per-value loop in
    # Python was a third of the insert's time
    parts, consts, adapters = [], [], []
    for how, a, b in getters:
        if how == "pk":
            parts.append("pk")
        elif how == "const":
            consts.append(a)
            parts.append(f"K[{len(consts) - 1}]")
        else:
            adapt, default = b
            consts.append(default)
            k = f"K[{len(consts) - 1}]"
            if adapt is _same:
                parts.append(f"r.get({a!r}, {k})")
            else:
                adapters.append(adapt)
                parts.append(f"(A[{len(adapters) - 1}](r[{a!r}]) if {a!r} in r else {k})")
    # built above from field names only
    make = eval(f"lambda pk, r: ({', '.join(parts)},)", {"K": consts, "A": adapters})
    params = [make(pk, row) for pk, row in zip(ids, rows, strict=True)]
    table = ops.quote_name(model._meta.db_table)
    names = ", ".join(ops.quote_name(c) for c in columns)
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            with c.cursor.copy(
                f"COPY {table} ({names}) FROM STDIN", writer=_whole_copy_writer(c.cursor)
            ) as copy:
                for values in params:
                    copy.write_row(values)
        else:
            marks = ", ".join(["%s"] * len(columns))
            c.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", params)
    return ids


# ------------------------------------------------------- likely duplicates


def _record(p: dict, district_numbers: dict[int, int]) -> dict:
    return {
        "id": str(p["id"]),
        "national_code": p["national_code"] or "",
        "first_name": p["first_name"],
        "last_name": p["last_name"],
        "father_name": p["father_name"],
        "birth_date": format_jalali(p["birth_date"], persian_digits=False),
        "mobile": p["mobile"],
        "district": str(district_numbers.get(p["district_id"], "")),
        "address": p["address"],
    }


def flag_duplicates(person_ids: list[int]) -> int:
    """Queue the likely duplicates of these persons for review; returns pairs queued.

    The matcher's index holds the registry (persons not merged away); each given
    person is looked up in it. Pairs already known (open, merged or marked "not
    the same person") are not queued again.
    """
    from .domain.matching import MatchIndex
    from .services import duplicate_candidate_record

    if not person_ids:
        return 0
    numbers = {i: n for n, i in District.objects.values_list("number", "id")}
    fields = (
        "id",
        "national_code",
        "first_name",
        "last_name",
        "father_name",
        "birth_date",
        "mobile",
        "district_id",
        "address",
    )
    index = MatchIndex()
    qs = Person.objects.filter(merged_into__isnull=True).values(*fields).order_by("id")
    for p in qs.iterator(chunk_size=5000):
        index.add(_record(p, numbers))
    queued = 0
    for pid in person_ids:
        rec = index.records.get(str(pid))
        if rec is None:
            continue
        for c in index.candidates_for(rec):
            if duplicate_candidate_record(
                person_a_id=pid,
                person_b_id=int(c.id),
                score=c.score,
                reasons=list(c.reasons),
                source="import",
            ):
                queued += 1
    return queued
