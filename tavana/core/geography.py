"""Tehran's districts and neighbourhoods (tavana/core/data/tehran.json): the
reference data every install needs, loaded idempotently."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from .models import District, Neighbourhood

DATA = Path(__file__).parent / "data" / "tehran.json"


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
