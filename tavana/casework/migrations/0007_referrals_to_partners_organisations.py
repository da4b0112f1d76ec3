"""Referrals to partners point at the partners context's organisations (partners
0002 copied casework's rows there, same ids); casework's own table goes."""

import django.db.models.deletion
from django.db import migrations, models


def copy_back(apps, schema_editor):
    """Reversing: put the organisations back into casework's table (same ids)."""
    Old = apps.get_model("casework", "PartnerOrganisation")
    New = apps.get_model("partners", "Organisation")
    kinds = {"relief", "welfare", "charity"}
    Old.objects.bulk_create(
        Old(
            id=o.id,
            code=o.code,
            name=o.name,
            kind=o.kind if o.kind in kinds else "other",
            phone=o.phone,
            active=o.active,
        )
        for o in New.objects.all()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0006_scoring_rule_versions_and_question_versions"),
        ("partners", "0002_seed_organisations_and_axes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="referral",
            name="to_partner",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="referrals",
                to="partners.organisation",
                verbose_name="به سازمان همکار",
            ),
        ),
        migrations.RunPython(migrations.RunPython.noop, copy_back),
        migrations.DeleteModel(name="PartnerOrganisation"),
    ]
