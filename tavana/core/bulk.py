"""Raw bulk writes for the few places that write tens of thousands of rows at
once (the registry import, the demo data): `insert_rows` without model
instances, and a larger SQLite page cache while they run.

Everything else writes through the ORM. These bypass `save()`, signals and
validation, so a caller passes rows it has already checked, and audits them
itself (services own that).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from django.core.management.color import no_style
from django.db import DatabaseError, connection, models
from django.utils import timezone

_MISSING = object()


def allocate_ids(model: type[models.Model], n: int) -> list[int]:
    """`n` fresh primary keys of `model`'s table, taken the way the database would."""
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


def _json(value):
    return "{}" if value == {} else json.dumps(value, ensure_ascii=False)


def _adapter(field: models.Field):
    """How a Python value of `field` becomes a parameter (None: as it is)."""
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        return lambda v: ops.adapt_decimalfield_value(v, field.max_digits, field.decimal_places)
    if isinstance(field, models.JSONField):
        return _json
    return None


def _column(rows: Sequence[Mapping], name: str, default, adapt) -> list:
    """One column's parameters for every row: one comprehension per column (a
    loop over fields inside a loop over rows cost a third of the insert)."""
    if adapt is None:
        return [r.get(name, default) for r in rows]
    return [
        default if (v := r.get(name, _MISSING)) is _MISSING else (v if v is None else adapt(v))
        for r in rows
    ]


def _whole_copy_writer(cursor):
    """A COPY writer that sends the rows in one go when the copy finishes, rather
    than every 32 KiB: each send waits for the socket with the GIL released, and
    taking it back from a reading thread (the import reads ahead) costs up to a
    switch interval (5 ms) every time."""
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


def insert_rows(model: type[models.Model], rows: Sequence[Mapping], *, now=None) -> list[int]:
    """INSERT `rows` (mappings by attname) into `model`'s table; returns their ids.

    A row's missing fields get the field's default (auto_now(_add) fields: `now`,
    by default this instant); dates, datetimes and decimals are adapted by the
    backend's own operations, JSON is written as text. Ids are the rows' own
    when the first row has one (PostgreSQL's sequence is then moved past
    them), otherwise taken from the table's sequence. PostgreSQL takes the rows
    through COPY, SQLite through executemany.
    """
    if not rows:
        return []
    meta = model._meta
    pk = meta.pk.attname
    given = rows[0].get(pk) is not None
    ids = [r[pk] for r in rows] if given else allocate_ids(model, len(rows))
    stamp = now or timezone.now()
    columns: list[str] = []
    values: list[Any] = []
    for f in meta.concrete_fields:
        columns.append(f.column)
        adapt = _adapter(f)
        if f.primary_key:
            values.append(ids)
        else:
            auto = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            default = stamp if auto else f.get_default()
            if adapt is not None and default is not None:
                default = adapt(default)
            values.append(_column(rows, f.attname, default, adapt))
    params = list(zip(*values, strict=True))
    ops = connection.ops
    table = ops.quote_name(meta.db_table)
    names = ", ".join(ops.quote_name(c) for c in columns)
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            with c.cursor.copy(
                f"COPY {table} ({names}) FROM STDIN", writer=_whole_copy_writer(c.cursor)
            ) as copy:
                for row in params:
                    copy.write_row(row)
            if given:
                for sql in ops.sequence_reset_sql(no_style(), [model]):
                    c.execute(sql)
        else:
            marks = ", ".join(["%s"] * len(columns))
            c.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", params)
    return ids


@contextmanager
def sqlite_page_cache(kib: int = 131072) -> Iterator[None]:
    """A larger page cache for SQLite while a bulk write runs (128 MiB by default):
    the person table's indexes do not fit the default 2 MiB, and spilling pages
    mid-transaction made the inserts a third to twice as slow. Nothing elsewhere."""
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
