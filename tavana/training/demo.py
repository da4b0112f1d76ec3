from django.db import transaction

from tavana.core.demo import demo_rng
from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.models import District

from .models import Centre

CENTRE_COUNT = 95
FACILITIES = [
    "کلاس آموزشی، کارگاه خیاطی",
    "کلاس آموزشی، آشپزخانهٔ آموزشی",
    "کارگاه صنایع دستی، نمازخانه",
    "کلاس رایانه، کتابخانه",
    "کارگاه تولیدی پوشاک، انبار",
    "کلاس آموزشی، اتاق مشاوره، مهدکودک",
]


@transaction.atomic
def load_centres(out) -> None:
    if Centre.objects.exists():
        out(f"مراکز کوثر: {Centre.objects.count()} مرکز (موجود)")
        return
    rng = demo_rng("centres")
    districts = list(District.objects.prefetch_related("neighbourhoods").order_by("number"))
    centres = []
    for i in range(CENTRE_COUNT):
        district = districts[i % len(districts)]
        hoods = list(district.neighbourhoods.all())
        hood = hoods[(i // len(districts)) % len(hoods)]
        rooms = rng.randint(3, 9)
        status = Centre.ACTIVE
        if i % 13 == 5:
            status = Centre.RENOVATION
        centres.append(
            Centre(
                code=f"K{i + 1:03d}",
                name=f"مرکز کوثر {hood.name}",
                district=district,
                neighbourhood=hood,
                address=f"تهران، {district.name}، محلهٔ {hood.name}، "
                f"خیابان {rng.choice(['اصلی', 'شهید رجایی', 'بهار', 'گلستان', 'آزادی'])}، "
                f"پلاک {to_persian_digits(str(rng.randint(2, 180)))}",
                phone=f"021{rng.randint(22000000, 77999999)}",
                rooms=rooms,
                capacity=rooms * rng.choice([12, 15, 18, 20]),
                has_production_workshop=(i % 3 == 0),
                facilities=rng.choice(FACILITIES),
                built_year=rng.randint(1380, 1398),
                status=status,
            )
        )
    Centre.objects.bulk_create(centres)
    out(f"مراکز کوثر: {len(centres)} مرکز")
