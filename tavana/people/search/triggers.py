"""The search side tables on SQLite during a bulk write of persons.

Migration people.0002 keeps an FTS5 trigram index and a name vocabulary with
per-row insert triggers; a bulk write (the import, the demo data) drops those
triggers for its transaction and fills the tables set-based instead, with
exactly the rows the triggers would have written.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from ..models import Person

# The search side tables' insert triggers (migration people.0002) and, for each,
# the same rows written set-based for a range of new persons' ids.
SEARCH_FILL = {
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
def search_triggers_deferred() -> Iterator[tuple[str, ...]]:
    """On SQLite, drop the search tables' per-row insert triggers for the import and
    fill those tables chunk by chunk in one statement each (`fill_search`), with
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
        triggers = [(n, sql) for n, sql in c.fetchall() if n in SEARCH_FILL]
        for n, _sql in triggers:
            c.execute(f"DROP TRIGGER {connection.ops.quote_name(n)}")
    yield tuple(n for n, _sql in triggers)
    with connection.cursor() as c:
        for _n, sql in triggers:
            c.execute(sql)


def fill_search(search: tuple, ids: list[int]) -> None:
    """What the dropped insert triggers would have done for these new persons
    (`tavana.core.bulk.insert_rows` takes consecutive ids on SQLite)."""
    if not search or not ids:
        return
    lo, hi = min(ids), max(ids)
    assert hi - lo + 1 == len(ids)
    with connection.cursor() as c:
        for n in search:
            sql = SEARCH_FILL[n]
            c.execute(sql, [lo, hi] * sql.count("BETWEEN"))
