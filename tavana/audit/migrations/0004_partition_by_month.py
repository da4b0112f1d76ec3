"""The audit log partitioned by month on PostgreSQL (tavana/audit/partitions.py,
docs/scale.md): the existing table becomes the first partition, unchanged and
unread (a CHECK proves its bound), this month's and the next three months'
partitions and a default one are created, the append-only triggers are put
back on the parent and every partition. A no-op on SQLite.

For a large log run `tavana audit prepare-partitions` first, with the
application up: it builds the two indexes this needs concurrently and
validates the bound without blocking writes, and this migration then holds its
lock for milliseconds.

The model's state does not change. Django's own operations on AuditEntry's
columns (AlterField, AddIndex…) would not know the partitioned table's index
names: a later change to this table is to be written as RunSQL on PostgreSQL.
"""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from tavana.audit.partitions import convert

    convert(schema_editor.connection)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from tavana.audit.partitions import revert

    revert(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_keyed_chain")]
    operations = [migrations.RunPython(forward, backward)]
