"""Reference data every install needs: the school types of Iran's school system
and the early warning's indicators with their default thresholds."""

from decimal import Decimal

from django.db import migrations

SCHOOL_TYPES = [
    ("public", "دولتی (عادی)", False),
    ("non_profit", "غیردولتی", False),
    ("board", "هیئت‌امنایی", False),
    ("shahed", "شاهد", False),
    ("model", "نمونه دولتی", True),
    ("gifted", "استعدادهای درخشان (تیزهوشان)", True),
    ("technical", "فنی و حرفه‌ای / کاردانش", False),
    ("special", "استثنایی", False),
]

# code, threshold, severity (as tavana.youth.domain.early_warning.INDICATORS)
INDICATORS = [
    ("absences", Decimal(10), 2),
    ("low_average", Decimal(12), 2),
    ("failing_subjects", Decimal(2), 2),
    ("average_drop", Decimal(2), 3),
    ("repeated_grade", Decimal(1), 3),
]


def seed(apps, schema_editor):
    SchoolType = apps.get_model("youth", "SchoolType")
    WarningIndicator = apps.get_model("youth", "WarningIndicator")
    for code, name, selective in SCHOOL_TYPES:
        SchoolType.objects.get_or_create(code=code, defaults={"name": name, "selective": selective})
    for code, threshold, severity in INDICATORS:
        WarningIndicator.objects.get_or_create(
            code=code, defaults={"threshold": threshold, "severity": severity}
        )


def unseed(apps, schema_editor):
    apps.get_model("youth", "WarningIndicator").objects.filter(
        code__in=[c for c, _, _ in INDICATORS]
    ).delete()
    apps.get_model("youth", "SchoolType").objects.filter(
        code__in=[c for c, _, _ in SCHOOL_TYPES], schools__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("youth", "0001_schools_results_early_warning")]

    operations = [migrations.RunPython(seed, unseed)]
