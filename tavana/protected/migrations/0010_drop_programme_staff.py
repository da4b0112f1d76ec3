# The programmes' clearances live in accounts.Clearance since 0009 (every row carried over).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("protected", "0009_clearances_into_accounts"),
    ]

    operations = [
        migrations.DeleteModel(
            name="ProgrammeStaff",
        ),
    ]
