"""The audit log refuses UPDATE and DELETE (and TRUNCATE) at the database level."""

from django.db import migrations

from tavana.audit.triggers import install_append_only, remove_append_only


def install(apps, schema_editor):
    install_append_only(schema_editor.connection)


def remove(apps, schema_editor):
    remove_append_only(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_hash_chained_log")]

    operations = [migrations.RunPython(install, remove)]
