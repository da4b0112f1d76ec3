from django.db import migrations

CODE, NAME = "mothers_release", "پویش آزادسازی مادران"


def seed(apps, schema_editor):
    Programme = apps.get_model("protected", "Programme")
    Programme.objects.get_or_create(code=CODE, defaults={"name": NAME})


def unseed(apps, schema_editor):
    Programme = apps.get_model("protected", "Programme")
    Programme.objects.filter(code=CODE, participants__isnull=True, staff__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("protected", "0004_release_campaign")]

    operations = [migrations.RunPython(seed, unseed)]
