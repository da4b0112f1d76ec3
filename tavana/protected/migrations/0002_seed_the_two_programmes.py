from django.db import migrations

NAMES = {"prison_employment": "اشتغال زنان رأی‌باز", "recovery": "یاورشهر ۵"}


def seed(apps, schema_editor):
    Programme = apps.get_model("protected", "Programme")
    for code, name in NAMES.items():
        Programme.objects.get_or_create(code=code, defaults={"name": name})


def unseed(apps, schema_editor):
    Programme = apps.get_model("protected", "Programme")
    Programme.objects.filter(
        code__in=list(NAMES), participants__isnull=True, staff__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("protected", "0001_protected_programmes")]

    operations = [migrations.RunPython(seed, unseed)]
