"""A woman without a national code (a foreign national with a residence card,
…) is registered with another identity document, its number and the reason;
the document is unique like the code (kind and number, when a number is given).

Existing rows keep empty values: nothing is invented for them, and the rule
that a registration names her district and identity applies to registrations
from now on (people.services.person_check).

On SQLite, adding a column with a default rebuilds the table, which drops the
search triggers of 0002: they are put back after (both ways), as 0003 does.
On PostgreSQL the columns are added without rewriting the table.
"""

import importlib

from django.conf import settings
from django.db import migrations, models


def restore_sqlite_search(apps, schema_editor):
    importlib.import_module("tavana.people.migrations.0003_person_indexes").restore_sqlite_search(
        apps, schema_editor
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_demo_install"),
        ("people", "0007_import_ledger"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, restore_sqlite_search),
        migrations.AddField(
            model_name="person",
            name="no_code_reason",
            field=models.CharField(blank=True, max_length=200, verbose_name="چرا کد ملی ندارد"),
        ),
        migrations.AddField(
            model_name="person",
            name="other_id",
            field=models.CharField(
                blank=True, max_length=20, verbose_name="شمارهٔ مدرک شناسایی دیگر"
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="other_id_kind",
            field=models.CharField(
                blank=True,
                choices=[
                    ("residence", "کارت اقامت اتباع"),
                    ("census", "برگهٔ سرشماری یا کارت آمایش اتباع"),
                    ("passport", "گذرنامه"),
                    ("refugee", "کارت پناهندگی"),
                ],
                max_length=20,
                verbose_name="نوع مدرک شناسایی دیگر",
            ),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(
                condition=models.Q(("other_id", ""), _negated=True),
                fields=("other_id_kind", "other_id"),
                name="uniq_person_other_id",
            ),
        ),
        migrations.RunPython(restore_sqlite_search, migrations.RunPython.noop),
    ]
