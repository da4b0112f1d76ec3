"""Seed the labelling-word list with the words the public-name check used to hold
in code. Reversible: unseeding deletes only the seeded words."""

from django.db import migrations

from tavana.core.domain.naming import DEFAULT_LABELS, word_key


def seed(apps, schema_editor):
    LabelWord = apps.get_model("core", "LabelWord")
    for word, reason in DEFAULT_LABELS:
        LabelWord.objects.get_or_create(
            key=word_key(word), defaults={"word": word, "reason": reason}
        )


def unseed(apps, schema_editor):
    apps.get_model("core", "LabelWord").objects.filter(
        key__in=[word_key(w) for w, _ in DEFAULT_LABELS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0003_label_words")]

    operations = [migrations.RunPython(seed, unseed)]
