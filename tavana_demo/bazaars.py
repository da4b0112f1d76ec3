from django.db import transaction

from tavana.bazaars.models import Venue
from tavana.core.geography import tehran_data
from tavana.core.models import District


@transaction.atomic
def load_venues(out) -> None:
    districts = {d.number: d for d in District.objects.all()}
    existing = set(Venue.objects.values_list("name", flat=True))
    new = [
        Venue(
            name=v["name"],
            kind=v["kind"],
            district=districts[v["district"]],
            area_m2=v["area_m2"],
            booth_count=v["booths"],
        )
        for v in tehran_data()["exhibition_venues"]
        if v["name"] not in existing
    ]
    Venue.objects.bulk_create(new)
    out(f"محل‌های نمایشگاه: {Venue.objects.count()} محل")
