"""Database triggers that make the audit log append-only (SQLite and PostgreSQL)."""

SQL = {
    "sqlite": {
        "install": [
            """CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE
               ON audit_auditentry BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;""",
            """CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE
               ON audit_auditentry BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;""",
        ],
        "remove": [
            "DROP TRIGGER IF EXISTS audit_entry_no_update;",
            "DROP TRIGGER IF EXISTS audit_entry_no_delete;",
        ],
    },
    "postgresql": {
        "install": [
            """CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
               BEGIN RAISE EXCEPTION 'audit log is append-only'; END; $$ LANGUAGE plpgsql;""",
            "DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry;",
            # on a partitioned table this row trigger reaches every partition, now and later
            """CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE
               ON audit_auditentry FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();""",
        ],
        "remove": [
            "DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry;",
        ],
    },
}
# A statement trigger is not inherited: TRUNCATE is refused on the table and on
# each of its partitions (the audit log partitioned by month, partitions.py).
NO_TRUNCATE = [
    "DROP TRIGGER IF EXISTS audit_entry_no_truncate ON {t};",
    """CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON {t}
       FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only();""",
]


def _tables(cursor) -> list[str]:
    """The audit table and its partitions (none on a plain table)."""
    cursor.execute(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = 'audit_auditentry'::regclass ORDER BY c.relname"
    )
    return ["audit_auditentry", *(r[0] for r in cursor.fetchall())]


def _execute(connection, which: str) -> None:
    statements = SQL.get(connection.vendor, {}).get(which, [])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and which == "remove":
            for table in _tables(cursor):
                cursor.execute(NO_TRUNCATE[0].format(t=table))
        for sql in statements:
            cursor.execute(sql)
        if connection.vendor == "postgresql" and which == "install":
            for table in _tables(cursor):
                for sql in NO_TRUNCATE:
                    cursor.execute(sql.format(t=table))
        if connection.vendor == "postgresql" and which == "remove":
            cursor.execute("DROP FUNCTION IF EXISTS audit_entry_append_only();")


def install_append_only(connection) -> None:
    _execute(connection, "install")


def remove_append_only(connection) -> None:
    _execute(connection, "remove")
