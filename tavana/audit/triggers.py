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
            """CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE
               ON audit_auditentry FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();""",
            "DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_auditentry;",
            """CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_auditentry
               FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only();""",
        ],
        "remove": [
            "DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_auditentry;",
            "DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry;",
            "DROP FUNCTION IF EXISTS audit_entry_append_only();",
        ],
    },
}


def _execute(connection, which: str) -> None:
    statements = SQL.get(connection.vendor, {}).get(which, [])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install_append_only(connection) -> None:
    _execute(connection, "install")


def remove_append_only(connection) -> None:
    _execute(connection, "remove")
