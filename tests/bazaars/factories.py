"""Rows for bazaar tests and for the permission-matrix test."""

from __future__ import annotations

import datetime as dt
import importlib
import itertools
from decimal import Decimal

from tavana.bazaars.models import Application, Assignment, Event, Round, Venue
from tavana.businesses.models import Business, Category, Producer
from tavana.core.models import District
from tavana.people.models import Consent, Person, Registration

_n = itertools.count(1)


def district(number: int = 4) -> District:
    return District.objects.get_or_create(number=number, defaults={"name": f"منطقه {number}"})[0]


def venue(name: str | None = None, booths: int = 10, number: int = 4) -> Venue:
    return Venue.objects.create(
        name=name or f"بوستان آزمایشی {next(_n)}",
        kind=Venue.PARK,
        district=district(number),
        area_m2=booths * 9,
        booth_count=booths,
    )


_SEED = dict(
    importlib.import_module("tavana.businesses.migrations.0002_seed_categories").CATEGORIES
)


def category(code: str = "handicrafts") -> Category:
    """A seeded category (re-made after a flushing test emptied the table)."""
    return Category.objects.get_or_create(code=code, defaults={"name": _SEED[code]})[0]


def person(
    primary_earner: bool = False, mobile: str | None = None, sms_consent: bool = True
) -> Person:
    n = next(_n)
    p = Person.objects.create(
        first_name="مریم",
        last_name=f"آزمون{n}",
        name_key=f"مریم ازمون{n}",
        mobile=mobile if mobile is not None else f"0912{n:07d}",
    )
    Registration.objects.create(person=p, channel=Registration.STAFF, primary_earner=primary_earner)
    if sms_consent:  # she agreed to SMS at registration (as most women do)
        Consent.objects.create(person=p, purpose="sms", given_on=dt.date.today())
    return p


def producer(code: str = "handicrafts", **kw) -> Producer:
    return Producer.objects.create(person=person(**kw), category=category(code))


def round_(name: str = "دورهٔ آزمایشی", quota: int = 1, status: str = Round.DRAFT) -> Round:
    return Round.objects.create(name=name, quota=quota, status=status)


def event(
    r: Round,
    v: Venue | None = None,
    start: dt.date | None = None,
    days: int = 3,
    booths: int = 2,
    cap: Decimal | None = None,
    today: dt.date | None = None,
) -> Event:
    today = today or dt.date.today()
    start = start or today + dt.timedelta(days=20)
    return Event.objects.create(
        round=r,
        kind=Event.MONTHLY,
        name="بازارچه دستاوردهای زنان",
        venue=v or venue(booths=booths),
        start_date=start,
        end_date=start + dt.timedelta(days=days - 1),
        booths=booths,
        category_cap=cap,
        apply_from=today - dt.timedelta(days=5),
        apply_until=start - dt.timedelta(days=5),
    )


def apply(p: Producer, *events: Event) -> list[Application]:
    return [
        Application.objects.create(producer=p, event=e, rank=i) for i, e in enumerate(events, 1)
    ]


def bazaar_route_kwargs(person_) -> dict:
    """Kwargs for every bazaars/businesses route in the matrix test."""
    p = Producer.objects.create(person=person_, category=category())
    r = round_()
    e = event(r)
    a = Assignment.objects.create(event=e, producer=p, booth_no=1)
    return {
        "businesses:producer": {"producer_id": p.pk},
        "businesses:business": {"business_id": Business.objects.create(name="کارگاه آزمایشی").pk},
        "bazaars:round": {"round_id": r.pk},
        "bazaars:event_new": {"round_id": r.pk},
        "bazaars:applications": {"round_id": r.pk},
        "bazaars:demand": {"round_id": r.pk},
        "bazaars:allocate": {"round_id": r.pk},
        "bazaars:result": {"round_id": r.pk},
        "bazaars:adjust": {"round_id": r.pk},
        "bazaars:publish": {"round_id": r.pk},
        "bazaars:event": {"event_id": e.pk},
        "bazaars:venue": {"venue_id": e.venue_id},
        "bazaars:booth_status": {"assignment_id": a.pk},
        "bazaars:booth_record": {"assignment_id": a.pk},
    }


def applications_closed(r: Round) -> None:
    """The round's application window has ended (yesterday): it may now be
    allocated and published."""
    yesterday = dt.date.today() - dt.timedelta(days=1)
    Event.objects.filter(round=r, apply_from__gt=yesterday).update(
        apply_from=yesterday - dt.timedelta(days=10)
    )
    Event.objects.filter(round=r).update(apply_until=yesterday)


def publish(actor, r: Round) -> int:
    """Publish as the organiser does: after the deadline, confirming the number
    of SMS she was shown."""
    from tavana.bazaars import services

    applications_closed(r)
    return services.round_publish(actor=actor, round_=r, confirmed=services.round_publish_count(r))
