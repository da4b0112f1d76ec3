"""The organisations casework knew (same ids, so referrals keep pointing at
them) and the four axes of cooperation every partner agreement is written in."""

from django.core.management.color import no_style
from django.db import migrations

AXES = [
    ("economic", "توانمندسازی اقتصادی و فناورانه زنان", 1),
    ("employment", "اشتغال و کسب‌وکارهای خرد، خانگی و نوپا", 2),
    ("innovation", "فرهنگ نوآوری و کارآفرینی", 3),
    ("policy_data", "سیاست‌گذاری، پایش و توسعهٔ داده‌های مشترک", 4),
]


def seed(apps, schema_editor):
    Old = apps.get_model("casework", "PartnerOrganisation")
    New = apps.get_model("partners", "Organisation")
    Axis = apps.get_model("partners", "Axis")
    rows = [
        New(id=o.id, code=o.code, name=o.name, kind=o.kind, phone=o.phone, active=o.active)
        for o in Old.objects.all()
        if not New.objects.filter(code=o.code).exists()
    ]
    New.objects.bulk_create(rows)
    if rows:  # ids were given: move PostgreSQL's sequence past them
        for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [New]):
            schema_editor.execute(sql)
    for code, name, order in AXES:
        Axis.objects.get_or_create(code=code, defaults={"name": name, "order": order})


def unseed(apps, schema_editor):
    apps.get_model("partners", "Axis").objects.filter(code__in=[a[0] for a in AXES]).delete()
    apps.get_model("partners", "Organisation").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0001_organisations_agreements_projects"),
        ("casework", "0006_scoring_rule_versions_and_question_versions"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
