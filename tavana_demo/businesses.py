"""Demo data of producers and bazaars: the 864 businesses, two years of monthly,
seasonal and occasion bazaars (96 rounds, the 24 Jalali months before the one
the demo is made in) with applications, allocations, attendance and sales, the
20th «Women and National Production» exhibition (16–25 Esfand, the last Esfand
before today; 20 venues, allocated by the real solver) and one upcoming round
open for applications. Every date is relative to the day the demo is created.

Deterministic (seeded), idempotent (nothing is added once rounds exist), and
fast: rows are built in memory and written with bulk_create; historic rounds
get a simple fair greedy allocation, only the exhibition is solved exactly.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from tavana.audit.services import audit_write
from tavana.bazaars.models import Application, Assignment, Event, Round, Venue
from tavana.businesses.models import Business, BusinessMember, Category, Producer
from tavana.core.domain.jalali import MONTH_NAMES, from_jalali, month_length, to_jalali
from tavana.core.domain.persian_text import to_persian_digits
from tavana.people.models import Person
from tavana.training.models import Centre
from tavana_demo import demo_rng

BUSINESSES = 864
SOLO_PRODUCERS = 260  # women selling without a business
NAME = "بازارچه دستاوردهای زنان شهر تهران"
EXHIBITION = "نمایشگاه زن و تولید ملی"
CATEGORY_WEIGHTS = {
    "children_clothing": 8, "teen_clothing": 4, "women_clothing": 10, "men_clothing": 3,
    "bedding": 5, "hijab": 6, "handicrafts": 12, "jewellery": 7, "needlework": 7,
    "pottery": 4, "macrame": 4, "dolls": 5, "candles": 4, "kitchen": 5, "cultural": 3,
    "food": 13,
}  # fmt: skip
BUSINESS_WORDS = (
    "کارگاه", "خانهٔ", "هنر", "دست‌سازه‌های", "تولیدی", "گالری", "سرای", "نگارخانهٔ",
)  # fmt: skip
BUSINESS_NAMES = (
    "مهر", "یاس", "نرگس", "آفتاب", "ترنج", "پرنیان", "سپیده", "گلبانو", "ارغوان", "بهار",
    "شقایق", "نسترن", "آوا", "ستاره", "مهتاب", "رویا", "سوگند", "کوثر", "ریحانه", "باران",
)  # fmt: skip
STAGES = (
    (Business.IDEA, 0.10),
    (Business.STARTED, 0.25),
    (Business.SELLING, 0.45),
    (Business.GROWING, 0.20),
)
ROUND_DAYS = (4, 11, 18, 25)  # four rounds a month, three days each


def _pick(rng, weighted):
    items, weights = zip(*weighted, strict=True)
    return rng.choices(items, weights=weights)[0]


def _jdate(jy: int, jm: int, jd: int) -> dt.date:
    return from_jalali(jy, jm, min(jd, month_length(jy, jm)))


def history_months(today: dt.date, n: int = 24) -> list[tuple[int, int]]:
    """The `n` Jalali months before the one `today` is in, oldest first."""
    jy, jm, _ = to_jalali(today)
    months = []
    for _ in range(n):
        jy, jm = (jy - 1, 12) if jm == 1 else (jy, jm - 1)
        months.append((jy, jm))
    return months[::-1]


def exhibition_year(today: dt.date) -> int:
    """The Jalali year of the last exhibition held (16–25 Esfand) before today."""
    jy = to_jalali(today)[0]
    return jy if today > _jdate(jy, 12, 25) else jy - 1


def load_bazaars(out, *, today: dt.date | None = None) -> dict | None:
    if Round.objects.exists():
        out(f"بازارچه‌ها: {Round.objects.count()} دوره (موجود)")
        return None
    women = list(
        Person.objects.filter(
            sex=Person.FEMALE, merged_into__isnull=True, registration__isnull=False
        )
        .order_by("id")
        .values_list("id", "district_id")[: BUSINESSES * 3]
    )
    if len(women) < 200:
        out("بازارچه‌ها: سامانهٔ افراد خالی است؛ داده‌های نمونهٔ بازارچه‌ها ساخته نشد")
        return None
    started = time.monotonic()
    today = today or timezone.localdate()
    with transaction.atomic():
        producers = _load_producers(women)
        summary = _load_rounds(producers, today)
        audit_write(
            actor=None,
            action="demo.bazaars",
            object_type="bazaars.round",
            after={"businesses": BUSINESSES, "producers": len(producers), **summary},
        )
    out(
        f"تولیدکنندگان و بازارچه‌ها: {BUSINESSES} کسب‌وکار، {len(producers)} تولیدکننده، "
        f"{summary['rounds']} دوره، {summary['applications']} درخواست، "
        f"{summary['booths']} غرفه ({time.monotonic() - started:.1f} ثانیه)"
    )
    return summary


def _load_producers(women: list[tuple[int, int]]) -> list[dict]:
    rng = demo_rng("businesses")
    cats = {c.code: c for c in Category.objects.all()}
    codes = [c for c in CATEGORY_WEIGHTS if c in cats]
    weights = [CATEGORY_WEIGHTS[c] for c in codes]
    centres = list(Centre.objects.values_list("id", "district_id"))
    centres_by_district = defaultdict(list)
    for cid, did in centres:
        centres_by_district[did].append(cid)
    pool = list(women)
    rng.shuffle(pool)
    owners, rest = pool[:BUSINESSES], pool[BUSINESSES:]
    businesses, main_cat = [], []
    for i, (_, did) in enumerate(owners):
        code = rng.choices(codes, weights=weights)[0]
        main_cat.append(code)
        stage = _pick(rng, STAGES)
        near = centres_by_district.get(did) or []
        businesses.append(
            Business(
                name=to_persian_digits(
                    f"{rng.choice(BUSINESS_WORDS)} {rng.choice(BUSINESS_NAMES)} {i + 1}"
                ),
                stage=stage,
                premises=Business.WORKSHOP if rng.random() < 0.2 else Business.HOME,
                licence=(f"مجوز مشاغل خانگی {rng.randint(10000, 99999)}" if stage in (Business.SELLING, Business.GROWING) and rng.random() < 0.6 else ""),
                phone=f"021{rng.randint(10000000, 99999999)}",
                centre_id=rng.choice(near) if near and rng.random() < 0.7 else None,
                district_id=did,
            )
        )  # fmt: skip
    Business.objects.bulk_create(businesses, batch_size=1000)
    through = Business.categories.through
    links, members, producers = [], [], []
    extra = iter(rest)
    for b, code, (pid, _) in zip(businesses, main_cat, owners, strict=True):
        chosen = {code}
        if rng.random() < 0.3:
            chosen.add(rng.choices(codes, weights=weights)[0])
        links += [through(business_id=b.pk, category_id=cats[c].pk) for c in chosen]
        members.append(BusinessMember(business=b, person_id=pid, role=BusinessMember.OWNER))
        producers.append({"person": pid, "business": b.pk, "category": cats[code].pk})
        if rng.random() < 0.15:
            mate = next(extra, None)
            if mate:
                members.append(
                    BusinessMember(business=b, person_id=mate[0], role=BusinessMember.MEMBER)
                )
                producers.append({"person": mate[0], "business": b.pk, "category": cats[code].pk})
    through.objects.bulk_create(links, batch_size=2000)
    BusinessMember.objects.bulk_create(members, batch_size=2000)
    for pid, _ in list(extra)[:SOLO_PRODUCERS]:
        code = rng.choices(codes, weights=weights)[0]
        producers.append({"person": pid, "business": None, "category": cats[code].pk})
    rows = [
        Producer(person_id=p["person"], business_id=p["business"], category_id=p["category"])
        for p in producers
    ]
    Producer.objects.bulk_create(rows, batch_size=2000)
    earners = dict(
        Person.objects.filter(pk__in=[p["person"] for p in producers]).values_list(
            "id", "registration__primary_earner"
        )
    )
    districts = dict(women)
    return [
        {
            "id": r.pk,
            "category": r.category_id,
            "priority": int(bool(earners.get(r.person_id))),
            "district": districts.get(r.person_id),
        }
        for r in rows
    ]


def _load_rounds(producers: list[dict], today: dt.date) -> dict:
    rng = demo_rng("bazaars")
    venues = list(Venue.objects.order_by("id"))
    parks = [v for v in venues if v.kind == Venue.PARK]
    stations = [v for v in venues if v.kind == Venue.METRO]
    kinds = (Event.MONTHLY, Event.MONTHLY, Event.MONTHLY, Event.SEASONAL)
    rounds, plan = [], []
    for jy, jm in history_months(today):
        for k, day in enumerate(ROUND_DAYS):
            kind = kinds[k]
            if kind == Event.SEASONAL and jm % 3 != 0:
                kind = Event.OCCASION if jm in (1, 7, 11) else Event.TEMPORARY
            name = to_persian_digits(f"بازارچه‌های {day} {MONTH_NAMES[jm - 1]} {jy}")
            rounds.append(Round(name=name, status=Round.PUBLISHED))
            plan.append((jy, jm, day, kind))
    ex = Round(name="بیستمین نمایشگاه زن و تولید ملی", status=Round.PUBLISHED)
    upcoming = Round(name="بازارچه‌های ماه آینده", status=Round.DRAFT)
    Round.objects.bulk_create([*rounds, ex, upcoming])
    now = timezone.now()
    Round.objects.filter(pk__in=[r.pk for r in rounds]).update(solved_at=now, published_at=now)

    events = []
    for r, (jy, jm, day, kind) in zip(rounds, plan, strict=True):
        start = _jdate(jy, jm, day)
        places = [rng.choice(parks), rng.choice(stations)]
        if kind in (Event.SEASONAL, Event.OCCASION):
            places.append(rng.choice([p for p in parks if p not in places]))
        for v in places:
            events.append(
                Event(
                    round=r, kind=kind, name=NAME, venue=v, start_date=start,
                    end_date=start + dt.timedelta(days=2), booths=min(v.booth_count, 20),
                    category_cap=Decimal("0.30"), apply_from=start - dt.timedelta(days=20),
                    apply_until=start - dt.timedelta(days=7),
                )
            )  # fmt: skip
    ey = exhibition_year(today)
    ex_start = from_jalali(ey, 12, 16)
    ex_events = [
        Event(
            round=ex, kind=Event.EXHIBITION, name=EXHIBITION, venue=v, start_date=ex_start,
            end_date=from_jalali(ey, 12, 25), booths=v.booth_count,
            category_cap=Decimal("0.30"), apply_from=from_jalali(ey, 11, 15),
            apply_until=from_jalali(ey, 12, 5),
        )
        for v in venues
    ]  # fmt: skip
    up_start = today + dt.timedelta(days=25)
    up_events = [
        Event(
            round=upcoming, kind=Event.MONTHLY, name=NAME, venue=v, start_date=up_start,
            end_date=up_start + dt.timedelta(days=2), booths=min(v.booth_count, 12),
            category_cap=Decimal("0.30"), apply_from=today - dt.timedelta(days=10),
            apply_until=today + dt.timedelta(days=15),
        )
        for v in (parks[1], parks[3], stations[0])
    ]  # fmt: skip
    Event.objects.bulk_create([*events, *ex_events, *up_events], batch_size=1000)

    by_round = defaultdict(list)
    for e in events:
        by_round[e.round_id].append(e)
    past: dict[tuple[int, int], int] = defaultdict(int)  # (producer, Jalali year) -> booths
    apps, booths = [], []
    for r, (jy, _, _, _) in zip(rounds, plan, strict=True):
        evs = by_round[r.pk]
        chosen = rng.sample(producers, k=min(len(producers), rng.randint(35, 60)))
        wishes = {}
        for p in chosen:
            mine = rng.sample(evs, k=rng.choice((1, 1, 2)))
            wishes[p["id"]] = mine
            apps += [
                Application(producer_id=p["id"], event=e, rank=i)
                for i, e in enumerate(mine, start=1)
            ]
        # a simple fair greedy: fewest booths this year first, then priority
        order = sorted(chosen, key=lambda p: (past[(p["id"], jy)], -p["priority"], rng.random()))
        taken = defaultdict(int)
        per_cat = defaultdict(int)
        for p in order:
            for e in wishes[p["id"]]:
                cap = max(1, int(e.category_cap * e.booths))
                if taken[e.pk] < e.booths and per_cat[(e.pk, p["category"])] < cap:
                    taken[e.pk] += 1
                    per_cat[(e.pk, p["category"])] += 1
                    past[(p["id"], jy)] += 1
                    booths.append(_historic(rng, e, p["id"], taken[e.pk]))
                    break
    Application.objects.bulk_create(apps, batch_size=5000)
    Assignment.objects.bulk_create(booths, batch_size=5000)
    summary = {"rounds": len(rounds), "applications": len(apps), "booths": len(booths)}

    # the 20th exhibition: ~800 applicants, solved exactly by the engine
    from tavana.bazaars.services import round_allocate

    ex_apps = []
    venue_district = {e.pk: e.venue.district_id for e in ex_events}
    for p in rng.sample(producers, k=min(len(producers), 800)):
        near = [e for e in ex_events if venue_district[e.pk] == p["district"]]
        others = [e for e in ex_events if e not in near]
        mine = (near[:1] + rng.sample(others, k=rng.choice((1, 2, 2, 3))))[:3]
        ex_apps += [
            Application(producer_id=p["id"], event=e, rank=i) for i, e in enumerate(mine, 1)
        ]
    Application.objects.bulk_create(ex_apps, batch_size=5000)
    Round.objects.filter(pk=ex.pk).update(status=Round.DRAFT)  # applications are in
    stats = round_allocate(actor=None, round_=ex)
    Round.objects.filter(pk=ex.pk).update(status=Round.PUBLISHED, published_at=now)
    for a in Assignment.objects.filter(event__round=ex):
        _outcome(rng, a, days=10)
        a.save(update_fields=["status", "days_present", "sales"])

    # the upcoming round: applications open, not yet allocated
    up_apps = []
    for p in rng.sample(producers, k=min(len(producers), 90)):
        mine = rng.sample(up_events, k=rng.choice((1, 2, 3)))
        up_apps += [
            Application(producer_id=p["id"], event=e, rank=i) for i, e in enumerate(mine, 1)
        ]
    Application.objects.bulk_create(up_apps)
    summary["rounds"] += 2
    summary["applications"] += len(ex_apps) + len(up_apps)
    summary["booths"] += stats["booths_assigned"]["optimal"]
    summary["exhibition_served"] = stats["served"]["optimal"]
    return summary


def _outcome(rng, a: Assignment, days: int) -> Assignment:
    x = rng.random()
    if x < 0.06:
        a.status = Assignment.DECLINED
    elif x < 0.13:
        a.status, a.days_present = Assignment.NO_SHOW, 0
    else:
        a.status = Assignment.ATTENDED
        a.days_present = rng.randint(max(1, days - 2), days)
        a.sales = int(rng.lognormvariate(15.6, 0.7) * days / 3) // 10_000 * 10_000
    return a


def _historic(rng, e: Event, producer_id: int, booth_no: int) -> Assignment:
    a = Assignment(event=e, producer_id=producer_id, booth_no=booth_no, source=Assignment.HISTORIC)
    return _outcome(rng, a, days=3)
