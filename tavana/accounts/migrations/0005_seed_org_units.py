"""Seed the Center's organisation: five areas of work; under capacity-building and
social support, the skills-training office and its four specialised departments.

The sources name the first area and the office; the other names are a starting
point the administrator renames on the organisation screen. Reversible:
unseeding deletes only the seeded units that nothing belongs to."""

from django.db import migrations

# code, name, kind, parent code, order
UNITS = [
    ("capacity_social", "حوزهٔ ظرفیت‌سازی و حمایت اجتماعی", "area", None, 1),
    ("family_children", "حوزهٔ خانواده و فرزندان", "area", None, 2),
    ("culture_education", "حوزهٔ فرهنگی و آموزشی", "area", None, 3),
    ("policy_monitoring", "حوزهٔ مطالعات، سیاست‌گذاری و پایش", "area", None, 4),
    ("partnerships", "حوزهٔ مشارکت‌ها و ارتباطات", "area", None, 5),
    ("skills_office", "ادارهٔ مهارت‌آموزی", "office", "capacity_social", 1),
    ("vocational", "ادارهٔ آموزش‌های فنی و حرفه‌ای", "department", "skills_office", 1),
    ("home_business", "ادارهٔ مشاغل خانگی و کسب‌وکار خرد", "department", "skills_office", 2),
    ("production", "ادارهٔ کارگاه‌های تولیدی", "department", "skills_office", 3),
    ("markets", "ادارهٔ بازارچه‌ها و نمایشگاه‌ها", "department", "skills_office", 4),
]


def seed(apps, schema_editor):
    OrgUnit = apps.get_model("accounts", "OrgUnit")
    made = {}
    for code, name, kind, parent, order in UNITS:
        made[code], _ = OrgUnit.objects.get_or_create(
            code=code,
            defaults={"name": name, "kind": kind, "parent": made.get(parent), "order": order},
        )


def unseed(apps, schema_editor):
    OrgUnit = apps.get_model("accounts", "OrgUnit")
    for code, *_ in reversed(UNITS):
        OrgUnit.objects.filter(code=code, children__isnull=True, staff__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_org_units")]

    operations = [migrations.RunPython(seed, unseed)]
