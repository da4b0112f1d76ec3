"""A small world for the figures screen: two districts, a few women and their services."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from tavana.bazaars.models import Assignment, Round
from tavana.businesses.models import Business
from tavana.campaign.domain import pipeline
from tavana.casework.models import Delivery, LevelChange, ServiceType, SupportLevel, SupportStatus
from tavana.people.models import Household, Membership, Person, Registration
from tavana.training.models import Certificate, CourseEnrolment
from tests.bazaars import factories as bz
from tests.campaign import factories as cp
from tests.training import factories as tr

SALES = 1_234_567  # one booth's sales: a partner must never see it


def woman(n: int, number: int) -> Person:
    p = Person.objects.create(
        first_name="ناهید",
        last_name=f"نامآزمون{n}",
        name_key=f"ناهید نامازمون{n}",
        district=tr.district(number),
        birth_date=dt.date(1985, 1, 1),
    )
    Registration.objects.create(person=p, channel=Registration.STAFF)
    return p


def levels() -> list[SupportLevel]:
    found = list(SupportLevel.objects.order_by("order")[:2])
    if len(found) < 2:
        found = [
            SupportLevel.objects.get_or_create(
                code=f"t{i}", defaults={"name": f"سطح {i}", "order": 90 + i}
            )[0]
            for i in (1, 2)
        ]
    return found


def world() -> SimpleNamespace:
    today = timezone.localdate()
    d4, d9 = tr.district(4), tr.district(9)
    w4 = [woman(i, 4) for i in range(7)]
    w9 = [woman(100 + i, 9) for i in range(2)]
    low, high = levels()
    for p in w4[:6]:
        SupportStatus.objects.create(person=p, level=low, since=today)
    SupportStatus.objects.create(person=w4[6], level=high, since=today)
    LevelChange.objects.create(person=w4[6], from_level=low, to_level=high, date=today)
    service = ServiceType.objects.order_by("pk").first()
    if service is None:
        from tavana.casework.models import Programme

        prog = Programme.objects.create(code="t-prog", name="برنامهٔ آزمایشی")
        service = ServiceType.objects.create(code="t-svc", name="مشاوره", programme=prog)
    for p in w4[:6]:
        Delivery.objects.create(
            person=p, service=service, delivered_on=today, unit=service.default_unit
        )
    household = Household.objects.create(district=d4)
    Membership.objects.create(
        household=household, person=w4[0], relation=Membership.HEAD, start_date=today
    )
    child = Person.objects.create(
        first_name="سارا",
        last_name="فرزندآزمون",
        name_key="سارا فرزندازمون",
        birth_date=today - dt.timedelta(days=365 * 10),
        district=d4,
    )
    Membership.objects.create(
        household=household, person=child, relation=Membership.CHILD, start_date=today
    )
    course = tr.course(tr.centre(4), first=today)
    for p in w4[:2]:
        e = tr.seat(course, p, status=CourseEnrolment.COMPLETED)
        Certificate.objects.create(enrolment=e, code=f"C{p.pk:08d}", issued_on=today)
    b = Business.objects.create(name="کارگاه آزمایشی", district=d4)
    b.categories.add(bz.category("handicrafts"))
    r = bz.round_(status=Round.PUBLISHED)
    event = bz.event(r, bz.venue(number=4), start=today, today=today - dt.timedelta(days=30))
    producer = bz.producer()
    Assignment.objects.create(
        event=event, producer=producer, booth_no=1, status=Assignment.ATTENDED, sales=SALES
    )
    for i in range(6):
        cp.signup(mobile=f"0912000{i:04d}", number=4, stage=pipeline.NEW)
    return SimpleNamespace(
        d4=d4, d9=d9, w4=w4, w9=w9, low=low, high=high, service=service, event=event
    )
