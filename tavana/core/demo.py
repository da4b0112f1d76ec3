"""Deterministic demo data for `tavana demo`.

Each loader is idempotent: it adds what is missing and never changes what is
there, so re-running the demo keeps existing data. Later capabilities append
their loaders to LOADERS.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from django.db import transaction
from django.utils.module_loading import import_string

from tavana.accounts import roles

from .models import District, Neighbourhood

DATA = Path(__file__).parent / "data" / "tehran.json"
SEED = 1403

LOADERS = [
    "tavana.core.demo.load_geography",
    "tavana.training.demo.load_centres",
    "tavana.bazaars.demo.load_venues",
    "tavana.accounts.demo.load_users",
    "tavana.people.demo.load_registry",
    "tavana.training.demo.load_training",
    "tavana.businesses.demo.load_bazaars",
    "tavana.casework.demo.load_casework",
    "tavana.protected.demo.load_protected",
    "tavana.campaign.demo.load_campaign",
    "tavana.notifications.demo.load_notifications",
]


def tehran_data() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def district_name(number: int) -> str:
    from tavana.core.domain.persian_text import to_persian_digits

    return f"منطقهٔ {to_persian_digits(str(number))}"


@transaction.atomic
def load_geography(out) -> None:
    data = tehran_data()
    made = 0
    for number, hoods in data["districts"].items():
        district, created = District.objects.get_or_create(
            number=int(number), defaults={"name": district_name(int(number))}
        )
        made += created
        existing = set(district.neighbourhoods.values_list("name", flat=True))
        Neighbourhood.objects.bulk_create(
            [Neighbourhood(district=district, name=n) for n in hoods if n not in existing]
        )
    out(f"مناطق و محله‌ها: {District.objects.count()} منطقه، {Neighbourhood.objects.count()} محله")


def demo_rng(name: str) -> random.Random:
    """A seeded generator per loader, so each loader is deterministic on its own."""
    return random.Random(f"{SEED}:{name}")


def demo_load(out=print) -> None:
    for path in LOADERS:
        import_string(path)(out)


ROLE_ORDER = roles.ROLES
