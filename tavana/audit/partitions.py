"""The audit log partitioned by month on PostgreSQL (docs/scale.md, "The audit log").

`audit_auditentry` becomes a table partitioned by range of `at` (UTC months):

- `audit_auditentry_before_YYYY_MM`: the table as it was when it was converted,
  attached whole as the first partition (everything before that month);
- `audit_auditentry_YYYY_MM`: one per month after, created ahead of time by
  `tavana audit partitions` (a daily timer; `ensure_partitions`);
- `audit_auditentry_default`: a safety net, so an audited write never fails for
  want of a partition; the next `ensure_partitions` moves what it caught into
  the month's partition, unchanged.

The hash chain does not know about partitions: entries keep their `seq`, `at`,
`prev_hash` and `hash`, and `audit verify` walks `seq` across them. What
PostgreSQL cannot enforce on a partitioned table is a unique key without the
partition key, so `(seq, at)` and `(id, at)` are unique per partition and the
chain walk is what proves `seq` has no gap and no duplicate (each hash covers its
seq and its predecessor's hash). The append-only triggers are on the parent
(row triggers reach every partition) and, for TRUNCATE, on every partition too
(`triggers.install_append_only`). SQLite (the embedded demo) is left as it is.
"""

from __future__ import annotations

import datetime as dt
import re

TABLE = "audit_auditentry"
DEFAULT = f"{TABLE}_default"
LEGACY_RE = re.compile(rf"^{TABLE}_before_(\d{{4}})_(\d{{2}})$")
MONTH_RE = re.compile(rf"^{TABLE}_(\d{{4}})_(\d{{2}})$")
#: indexes of the partitioned table (each partition gets its own)
INDEXES = {
    "audit_entry_id_at": "UNIQUE INDEX audit_entry_id_at ON {t} (id, at)",
    "audit_entry_seq_at": "UNIQUE INDEX audit_entry_seq_at ON {t} (seq, at)",
    "audit_entry_at": "INDEX audit_entry_at ON {t} (at)",
    "audit_entry_action": "INDEX audit_entry_action ON {t} (action)",
    "audit_entry_person": "INDEX audit_entry_person ON {t} (person_id)",
    "audit_entry_actor_at": "INDEX audit_entry_actor_at ON {t} (actor_id, at)",
}
#: the two unique indexes the old table lacks; `prepare` builds them concurrently
LEGACY_UNIQUE = {
    "audit_legacy_id_at": "(id, at)",
    "audit_legacy_seq_at": "(seq, at)",
}


def month_start(d: dt.date | dt.datetime) -> dt.date:
    return dt.date(d.year, d.month, 1)


def add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    return dt.date(d.year + y, m + 1, 1)


def month_name(d: dt.date) -> str:
    return f"{TABLE}_{d:%Y_%m}"


def _ts(d: dt.date) -> str:
    return f"'{d:%Y-%m-%d} 00:00:00+00'"


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def is_partitioned(cursor) -> bool:
    cursor.execute("SELECT relkind FROM pg_class WHERE relname = %s", [TABLE])
    row = cursor.fetchone()
    return bool(row) and row[0] == "p"


def partitions(cursor) -> list[str]:
    cursor.execute(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = %s ORDER BY c.relname",
        [TABLE],
    )
    return [r[0] for r in cursor.fetchall()]


def _prepared_bound(cursor) -> dt.date | None:
    """The month a `prepare`d plain table is bounded before (its validated CHECK)."""
    cursor.execute(
        "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'c' "
        "AND convalidated",
        [TABLE],
    )
    months = [m for (name,) in cursor.fetchall() if (m := _legacy_month(name))]
    return min(months) if months else None


def _legacy_month(name: str) -> dt.date | None:
    m = LEGACY_RE.match(name)
    return dt.date(int(m[1]), int(m[2]), 1) if m else None


def legacy_bound(cursor) -> dt.date | None:
    """The month the first partition (the converted table) holds everything before."""
    months = [m for name in partitions(cursor) if (m := _legacy_month(name))]
    return min(months) if months else None


def _columns(cursor) -> str:
    cursor.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
        "AND NOT attisdropped ORDER BY attnum",
        [TABLE],
    )
    return ", ".join(r[0] for r in cursor.fetchall())


# ------------------------------------------------------------ before the migration


def prepare(connection, *, today: dt.date | None = None, months: int = 3) -> dt.date:
    """For a large log, before `tavana migrate`, with the application running:
    build the two unique indexes the partitioned table needs CONCURRENTLY and
    bound the table's `at` by a CHECK validated without blocking writes, so the
    migration's swap takes milliseconds whatever the log's size. Autocommit
    only (CONCURRENTLY cannot run in a transaction). New entries are refused
    from the bound on (`months` months ahead): migrate before it."""
    with connection.cursor() as cursor:
        existing = _prepared_bound(cursor)
        for name, cols in LEGACY_UNIQUE.items():
            cursor.execute(
                "SELECT 1 FROM pg_index WHERE indexrelid = to_regclass(%s) AND NOT indisvalid",
                [name],
            )
            if cursor.fetchone():  # left invalid by an interrupted run: build it again
                cursor.execute(f"DROP INDEX CONCURRENTLY {name}")
            cursor.execute(
                f"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {TABLE} {cols}"
            )
        if existing:
            return existing
        bound = add_months(month_start(today or _today()), months)
        check = f"{TABLE}_before_{bound:%Y_%m}"
        cursor.execute(
            f"ALTER TABLE {TABLE} ADD CONSTRAINT {check} CHECK (at < {_ts(bound)}) NOT VALID"
        )
        cursor.execute(f"ALTER TABLE {TABLE} VALIDATE CONSTRAINT {check}")
        return bound


# ------------------------------------------------------------ the migration


def convert(connection, *, today: dt.date | None = None) -> dt.date:
    """The plain table becomes the first partition of a partitioned table of the
    same name, bounded before next month (or the month `prepare` chose). Without
    `prepare`, the CHECK is validated and two indexes built here, under the
    migration's lock: seconds for a city's first year, not for a country's
    (docs/scale.md gives the operator's steps)."""
    from .triggers import install_append_only

    today = today or _today()
    with connection.cursor() as cursor:
        if is_partitioned(cursor):
            return legacy_bound(cursor) or month_start(today)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # pending FK checks block ALTER
        cursor.execute(f"LOCK TABLE {TABLE} IN ACCESS EXCLUSIVE MODE")
        prepared = _prepared_bound(cursor)
        bound = prepared or add_months(month_start(today), 1)
        legacy = f"{TABLE}_before_{bound:%Y_%m}"
        cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {TABLE}")
        next_id = cursor.fetchone()[0]
        # its own row trigger would collide with the parent's clone on ATTACH
        cursor.execute(f"DROP TRIGGER IF EXISTS audit_entry_append_only ON {TABLE}")
        cursor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN id DROP IDENTITY IF EXISTS")
        cursor.execute(f"ALTER TABLE {TABLE} RENAME TO {legacy}")
        if not prepared:
            cursor.execute(
                f"ALTER TABLE {legacy} ADD CONSTRAINT {legacy} CHECK (at < {_ts(bound)})"
            )
        for name, cols in LEGACY_UNIQUE.items():
            cursor.execute(f"CREATE UNIQUE INDEX IF NOT EXISTS {name} ON {legacy} {cols}")
        cursor.execute(
            f"CREATE TABLE {TABLE} (LIKE {legacy} INCLUDING DEFAULTS) PARTITION BY RANGE (at)"
        )
        cursor.execute(f"CREATE SEQUENCE {TABLE}_id_seq OWNED BY {TABLE}.id")
        cursor.execute(f"SELECT setval('{TABLE}_id_seq', %s, false)", [next_id])
        cursor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN id SET DEFAULT nextval('{TABLE}_id_seq')")
        for ddl in INDEXES.values():
            cursor.execute("CREATE " + ddl.format(t=TABLE))
        cursor.execute(
            f"ALTER TABLE {TABLE} ADD CONSTRAINT audit_entry_actor_fk FOREIGN KEY (actor_id) "
            "REFERENCES accounts_user (id) DEFERRABLE INITIALLY DEFERRED"
        )
        # The CHECK proves the bound: PostgreSQL attaches without reading the rows, and
        # takes the old table's matching indexes and foreign key as the partition's.
        cursor.execute(
            f"ALTER TABLE {TABLE} ATTACH PARTITION {legacy} "
            f"FOR VALUES FROM (MINVALUE) TO ({_ts(bound)})"
        )
        cursor.execute(f"CREATE TABLE {DEFAULT} PARTITION OF {TABLE} DEFAULT")
    ensure_partitions(connection, today=today, lock_timeout=None)
    install_append_only(connection)
    return bound


#: what Django created (0001), for the way back
PLAIN = [
    "ALTER TABLE {t} ADD CONSTRAINT audit_auditentry_pkey PRIMARY KEY (id)",
    "ALTER TABLE {t} ADD CONSTRAINT audit_auditentry_seq_key UNIQUE (seq)",
    "ALTER TABLE {t} ADD CONSTRAINT audit_auditentry_hash_key UNIQUE (hash)",
    "CREATE INDEX audit_actor_at ON {t} (actor_id, at)",
    "CREATE INDEX audit_auditentry_action_dee621eb ON {t} (action)",
    "CREATE INDEX audit_auditentry_action_dee621eb_like ON {t} (action varchar_pattern_ops)",
    "CREATE INDEX audit_auditentry_actor_id_8ab278be ON {t} (actor_id)",
    "CREATE INDEX audit_auditentry_at_09f867ec ON {t} (at)",
    "CREATE INDEX audit_auditentry_hash_718ebbcd_like ON {t} (hash varchar_pattern_ops)",
    "CREATE INDEX audit_auditentry_person_id_8c96e98f ON {t} (person_id)",
    "ALTER TABLE {t} ADD CONSTRAINT audit_auditentry_actor_id_8ab278be_fk_accounts_user_id "
    "FOREIGN KEY (actor_id) REFERENCES accounts_user (id) DEFERRABLE INITIALLY DEFERRED",
]


def revert(connection) -> None:
    """Back to one plain table (every row copied: for small logs and tests)."""
    from .triggers import install_append_only, remove_append_only

    with connection.cursor() as cursor:
        if not is_partitioned(cursor):
            return
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"LOCK TABLE {TABLE} IN ACCESS EXCLUSIVE MODE")
        remove_append_only(connection)
        cols = _columns(cursor)
        cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {TABLE}")
        next_id = cursor.fetchone()[0]
        cursor.execute(f"CREATE TABLE {TABLE}_plain (LIKE {TABLE})")
        cursor.execute(
            f"INSERT INTO {TABLE}_plain ({cols}) SELECT {cols} FROM {TABLE} ORDER BY seq"
        )
        cursor.execute(f"DROP TABLE {TABLE} CASCADE")  # its partitions and id sequence
        cursor.execute(f"ALTER TABLE {TABLE}_plain RENAME TO {TABLE}")
        cursor.execute(
            f"ALTER TABLE {TABLE} ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY "
            f"(START WITH {int(next_id)})"
        )
        for ddl in PLAIN:
            cursor.execute(ddl.format(t=TABLE))
    install_append_only(connection)


# ------------------------------------------------------------ months ahead


def ensure_partitions(
    connection,
    *,
    months_ahead: int = 3,
    today: dt.date | None = None,
    lock_timeout: str | None = "5s",
) -> list[str]:
    """Create this month's partition and the next `months_ahead` months' (and the
    month of anything the default partition caught, moving it there unchanged).
    Idempotent; run daily (`tavana audit partitions`). Each new partition is a
    short ACCESS EXCLUSIVE lock on the parent: `lock_timeout` gives up rather
    than stall audited writes behind a long reader (the next run tries again).
    Returns the partitions created."""
    from django.db import transaction

    from .triggers import install_append_only

    today = today or _today()
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if not is_partitioned(cursor):
            return []
        if lock_timeout:
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [lock_timeout])
        first = legacy_bound(cursor) or month_start(today)
        existing = set(partitions(cursor))
        cursor.execute(
            f"SELECT DISTINCT date_trunc('month', at AT TIME ZONE 'UTC')::date FROM {DEFAULT}"
        )
        caught = sorted(r[0] for r in cursor.fetchall())
        wanted = [add_months(month_start(today), i) for i in range(months_ahead + 1)]
        months = sorted({m for m in wanted + caught if m >= first})
        new = [m for m in months if month_name(m) not in existing]
        if not new:
            return []
        moving = f"{TABLE}_moving"
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # pending FK checks block DDL
        if caught:
            cursor.execute(f"ALTER TABLE {TABLE} DETACH PARTITION {DEFAULT}")
            cursor.execute(f"ALTER TABLE {DEFAULT} RENAME TO {moving}")
            cursor.execute(f"CREATE TABLE {DEFAULT} PARTITION OF {TABLE} DEFAULT")
        for m in new:
            cursor.execute(
                f"CREATE TABLE {month_name(m)} PARTITION OF {TABLE} "
                f"FOR VALUES FROM ({_ts(m)}) TO ({_ts(add_months(m, 1))})"
            )
        if caught:
            cols = _columns(cursor)
            # the same rows, unchanged (ids, seqs, hashes): the chain does not notice
            cursor.execute(f"INSERT INTO {TABLE} ({cols}) SELECT {cols} FROM {moving} ORDER BY seq")
            cursor.execute(f"DROP TABLE {moving}")
        install_append_only(connection)
    return [month_name(m) for m in new]


def status(connection) -> dict:
    """What `tavana audit partitions --status` prints: each partition and its rows."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql" or not is_partitioned(cursor):
            return {"partitioned": False, "partitions": []}
        cursor.execute(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid), c.reltuples::bigint, "
            "pg_total_relation_size(c.oid) FROM pg_inherits i "
            "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = %s::regclass "
            "ORDER BY c.relname",
            [TABLE],
        )
        rows = [
            {"name": r[0], "bounds": r[1], "rows_estimate": max(r[2], 0), "bytes": r[3]}
            for r in cursor.fetchall()
        ]
        cursor.execute(f"SELECT count(*) FROM {DEFAULT}")
        caught = cursor.fetchone()[0]
    return {"partitioned": True, "partitions": rows, "default_rows": caught}
