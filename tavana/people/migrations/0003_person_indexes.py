"""Fewer indexes on the person table (each one is paid on every insert: the
import's throughput on PostgreSQL) and quicker planning of search statements.

- mobile and name_key lose their LIKE twins (Django adds ``_like`` indexes
  for indexed CharFields on PostgreSQL); mobile keeps a plain btree, which is
  what the search's ranges use; name_key is searched through the
  space-free expression indexes of 0002, never directly.
- the district foreign key keeps its own index beside (district, id): it is
  a sixth of the size (deduplicated), and a district registrar's substring
  search builds a bitmap of her district from it (3 ms against 4.6 ms).
- national_code keeps its unique index but loses the LIKE twin.
- the search columns go back to the default statistics target: a target of
  1000 doubled the planning time of every search statement (~3.5 ms against
  ~1.7 ms at one million persons), and the one estimate it was for — how
  many persons a ``LIKE '%…%'`` matches — is now measured by the search
  itself (tavana.people.search._pg_substring_plan).

SQLite alters a column by rebuilding the table, which drops what Django does
not know of: 0002's expression indexes and triggers. They are put back after
each rebuild (both ways).
"""

import importlib

from django.conf import settings
from django.db import migrations, models

STATISTICS = [
    "ALTER INDEX person_search_flat ALTER COLUMN 1 SET STATISTICS {}",
    "ALTER INDEX person_search_flat_trgm ALTER COLUMN 1 SET STATISTICS {}",
    "ALTER TABLE people_person ALTER COLUMN first_key SET STATISTICS {}",
    "ALTER TABLE people_person ALTER COLUMN last_key SET STATISTICS {}",
]


def _national_code_like(schema_editor) -> str:
    return schema_editor._create_index_name("people_person", ["national_code"], suffix="_like")


def restore_sqlite_search(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    search = importlib.import_module("tavana.people.migrations.0002_trigram_search")
    # (every statement is IF NOT EXISTS / OR IGNORE; the FTS table and its
    # rows survive the rebuild, only its triggers are re-created)
    statements = list(search.SQLITE_FORWARD)
    if search.sqlite_has_trigram():
        statements += [x for x in search.SQLITE_FTS_FORWARD if "TRIGGER" in x]
    for sql in statements:
        schema_editor.execute(sql, params=None)


def forward(apps, schema_editor):
    restore_sqlite_search(apps, schema_editor)
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {_national_code_like(schema_editor)}")
    for sql in STATISTICS:
        schema_editor.execute(sql.format(-1))


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {_national_code_like(schema_editor)} "
        "ON people_person (national_code varchar_pattern_ops)"
    )
    for sql in STATISTICS:
        schema_editor.execute(sql.format(1000))


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_trigram_search"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, restore_sqlite_search),
        migrations.AlterField(
            model_name="person",
            name="mobile",
            field=models.CharField(blank=True, max_length=11, verbose_name="تلفن همراه"),
        ),
        migrations.AlterField(
            model_name="person",
            name="name_key",
            field=models.CharField(editable=False, max_length=210),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["mobile"], name="person_mobile"),
        ),
        migrations.RunPython(forward, backward),
    ]
