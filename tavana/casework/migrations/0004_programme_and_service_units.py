"""Each seeded programme (and its service types) belongs to a unit of the seeded
organisation. Reversible: the units are cleared again."""

from django.db import migrations

PROGRAMME_UNITS = {
    "psychosocial": "capacity_social",
    "family_support": "capacity_social",
    "skills": "vocational",
    "business": "home_business",
}


def assign(apps, schema_editor):
    OrgUnit = apps.get_model("accounts", "OrgUnit")
    Programme = apps.get_model("casework", "Programme")
    ServiceType = apps.get_model("casework", "ServiceType")
    for programme, unit in PROGRAMME_UNITS.items():
        u = OrgUnit.objects.filter(code=unit).first()
        if u is None:
            continue
        Programme.objects.filter(code=programme, org_unit__isnull=True).update(org_unit=u)
        ServiceType.objects.filter(programme__code=programme, org_unit__isnull=True).update(
            org_unit=u
        )


def clear(apps, schema_editor):
    codes = list(PROGRAMME_UNITS)
    apps.get_model("casework", "Programme").objects.filter(code__in=codes).update(org_unit=None)
    apps.get_model("casework", "ServiceType").objects.filter(programme__code__in=codes).update(
        org_unit=None
    )


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0003_org_units"),
        ("accounts", "0005_seed_org_units"),
    ]

    operations = [migrations.RunPython(assign, clear)]
