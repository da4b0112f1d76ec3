"""Indexes and side tables for the one search box (tavana.people.search).

Both databases:
- btree indexes ordered by id on the space-free name key
  ``replace(name_key, ' ', '')`` and on first_key / last_key, so exact and
  prefix lookups read only the rows of one page;
- ``people_search_vocab``: every distinct first/last name key, kept by
  triggers; typo-tolerant search looks for close keys there (a few thousand
  rows) instead of comparing the query with every person.

PostgreSQL: the pg_trgm extension and a GIN trigram index on the space-free
key for substring search (the database must have a UTF-8 LC_CTYPE, or pg_trgm
finds no trigrams in Persian). The btree indexes use COLLATE "C" so that a
prefix is a plain range whatever the database collation.

SQLite (3.34+): an FTS5 table with the trigram tokenizer over the space-free
key, kept by triggers, for substring search.

None of this changes Django's model state: the indexes are expressions or
side tables the ORM does not know of.
"""

import sqlite3

from django.db import migrations

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS person_search_flat ON people_person "
    "((replace(name_key, ' ', '')) COLLATE \"C\", id)",
    'CREATE INDEX IF NOT EXISTS person_search_first ON people_person (first_key COLLATE "C", id)',
    'CREATE INDEX IF NOT EXISTS person_search_last ON people_person (last_key COLLATE "C", id)',
    "CREATE INDEX IF NOT EXISTS person_search_pair ON people_person "
    '(last_key COLLATE "C", first_key COLLATE "C", id)',
    "CREATE INDEX IF NOT EXISTS person_search_flat_trgm ON people_person "
    "USING gin ((replace(name_key, ' ', '')) gin_trgm_ops)",
    # A finer histogram of the space-free key: LIKE '%…%' and prefix estimates
    # decide between walking the table in id order and collecting the matches.
    "ALTER INDEX person_search_flat ALTER COLUMN 1 SET STATISTICS 1000",
    "ALTER INDEX person_search_flat_trgm ALTER COLUMN 1 SET STATISTICS 1000",
    "ALTER TABLE people_person ALTER COLUMN first_key SET STATISTICS 1000",
    "ALTER TABLE people_person ALTER COLUMN last_key SET STATISTICS 1000",
    "CREATE TABLE IF NOT EXISTS people_search_vocab "
    "(id bigserial PRIMARY KEY, key varchar(100) NOT NULL UNIQUE)",
    """
    CREATE OR REPLACE FUNCTION people_search_vocab_add() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO people_search_vocab (key)
        SELECT k FROM (VALUES (NEW.first_key), (NEW.last_key)) AS v(k)
        WHERE k <> '' AND NOT EXISTS (SELECT 1 FROM people_search_vocab s WHERE s.key = v.k)
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$
    """,
    "DROP TRIGGER IF EXISTS people_person_search_vocab ON people_person",
    "CREATE TRIGGER people_person_search_vocab AFTER INSERT OR UPDATE OF first_key, last_key "
    "ON people_person FOR EACH ROW EXECUTE FUNCTION people_search_vocab_add()",
    "INSERT INTO people_search_vocab (key) SELECT k FROM "
    "(SELECT first_key AS k FROM people_person UNION SELECT last_key FROM people_person) AS s "
    "WHERE k <> '' ON CONFLICT DO NOTHING",
]
PG_BACKWARD = [
    "ALTER TABLE people_person ALTER COLUMN first_key SET STATISTICS -1",
    "ALTER TABLE people_person ALTER COLUMN last_key SET STATISTICS -1",
    "DROP TRIGGER IF EXISTS people_person_search_vocab ON people_person",
    "DROP FUNCTION IF EXISTS people_search_vocab_add()",
    "DROP TABLE IF EXISTS people_search_vocab",
    "DROP INDEX IF EXISTS person_search_flat_trgm",
    "DROP INDEX IF EXISTS person_search_pair",
    "DROP INDEX IF EXISTS person_search_last",
    "DROP INDEX IF EXISTS person_search_first",
    "DROP INDEX IF EXISTS person_search_flat",
]

SQLITE_FORWARD = [
    "CREATE INDEX IF NOT EXISTS person_search_flat ON people_person "
    "(replace(name_key, ' ', ''), id)",
    "CREATE INDEX IF NOT EXISTS person_search_first ON people_person (first_key, id)",
    "CREATE INDEX IF NOT EXISTS person_search_last ON people_person (last_key, id)",
    "CREATE INDEX IF NOT EXISTS person_search_pair ON people_person (last_key, first_key, id)",
    "CREATE TABLE IF NOT EXISTS people_search_vocab "
    "(id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE)",
    """
    CREATE TRIGGER IF NOT EXISTS people_person_search_vocab_ins AFTER INSERT ON people_person
    BEGIN
        INSERT OR IGNORE INTO people_search_vocab (key)
        SELECT NEW.first_key WHERE NEW.first_key <> '';
        INSERT OR IGNORE INTO people_search_vocab (key)
        SELECT NEW.last_key WHERE NEW.last_key <> '';
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS people_person_search_vocab_upd
    AFTER UPDATE OF first_key, last_key ON people_person
    BEGIN
        INSERT OR IGNORE INTO people_search_vocab (key)
        SELECT NEW.first_key WHERE NEW.first_key <> '';
        INSERT OR IGNORE INTO people_search_vocab (key)
        SELECT NEW.last_key WHERE NEW.last_key <> '';
    END
    """,
    "INSERT OR IGNORE INTO people_search_vocab (key) SELECT k FROM "
    "(SELECT first_key AS k FROM people_person UNION SELECT last_key FROM people_person) "
    "WHERE k <> ''",
]
SQLITE_FTS_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS people_search_fts USING fts5(flat, tokenize='trigram')",
    """
    CREATE TRIGGER IF NOT EXISTS people_person_search_fts_ins AFTER INSERT ON people_person
    BEGIN
        INSERT INTO people_search_fts (rowid, flat) VALUES (NEW.id, replace(NEW.name_key, ' ', ''));
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS people_person_search_fts_upd
    AFTER UPDATE OF name_key ON people_person
    BEGIN
        DELETE FROM people_search_fts WHERE rowid = OLD.id;
        INSERT INTO people_search_fts (rowid, flat) VALUES (NEW.id, replace(NEW.name_key, ' ', ''));
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS people_person_search_fts_del AFTER DELETE ON people_person
    BEGIN
        DELETE FROM people_search_fts WHERE rowid = OLD.id;
    END
    """,
    "INSERT INTO people_search_fts (rowid, flat) "
    "SELECT id, replace(name_key, ' ', '') FROM people_person",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS people_person_search_fts_del",
    "DROP TRIGGER IF EXISTS people_person_search_fts_upd",
    "DROP TRIGGER IF EXISTS people_person_search_fts_ins",
    "DROP TABLE IF EXISTS people_search_fts",
    "DROP TRIGGER IF EXISTS people_person_search_vocab_upd",
    "DROP TRIGGER IF EXISTS people_person_search_vocab_ins",
    "DROP TABLE IF EXISTS people_search_vocab",
    "DROP INDEX IF EXISTS person_search_pair",
    "DROP INDEX IF EXISTS person_search_last",
    "DROP INDEX IF EXISTS person_search_first",
    "DROP INDEX IF EXISTS person_search_flat",
]


def sqlite_has_trigram() -> bool:
    return sqlite3.sqlite_version_info >= (3, 34, 0)


def _run(schema_editor, statements) -> None:
    for sql in statements:
        schema_editor.execute(sql, params=None)


def forward(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, PG_FORWARD)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_FORWARD)
        if sqlite_has_trigram():
            _run(schema_editor, SQLITE_FTS_FORWARD)


def backward(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, PG_BACKWARD)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("people", "0001_registry")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
