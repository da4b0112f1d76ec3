"""Test data for the campaign."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tavana.businesses.models import Category
from tavana.campaign.domain import pipeline
from tavana.campaign.models import Match, Mentor, SignUp, StageChange
from tavana.core.models import District


def district(number: int) -> District:
    return District.objects.get_or_create(number=number, defaults={"name": f"منطقهٔ {number}"})[0]


def category(code: str = "pottery", name: str = "سفال") -> Category:
    return Category.objects.get_or_create(code=code, defaults={"name": name})[0]


def signup(
    *,
    first_name="سارا",
    last_name="کریمی",
    mobile="09121112233",
    number=4,
    primary_earner=False,
    cat=None,
    stage=pipeline.NEW,
) -> SignUp:
    s = SignUp.objects.create(
        first_name=first_name,
        last_name=last_name,
        mobile=mobile,
        district=district(number),
        category=cat,
        experience=SignUp.NONE,
        primary_earner=primary_earner,
        stage=stage,
    )
    StageChange.objects.create(signup=s, source="", target=stage, at=timezone.now())
    return s


def mentor(*, name="منیژه هنرمند", numbers=(4,), cats=(), capacity=3, user=None) -> Mentor:
    m = Mentor.objects.create(
        name=name if user is None else "", user=user, weekly_capacity=capacity
    )
    m.districts.set([district(n) for n in numbers])
    m.categories.set(list(cats))
    return m


def accepted(s: SignUp, m: Mentor) -> Match:
    return Match.objects.create(
        signup=s, mentor=m, status=Match.ACCEPTED, decided_at=timezone.now() - dt.timedelta(days=1)
    )


def campaign_route_kwargs(person) -> dict:
    s = signup(mobile="09129998877")
    m = mentor(name="منتور ماتریس")
    match = Match.objects.create(signup=s, mentor=m, status=Match.ACCEPTED)
    return {
        "campaign:signup": {"signup_id": s.pk},
        "campaign:signup_stage": {"signup_id": s.pk},
        "campaign:signup_link": {"signup_id": s.pk},
        "campaign:mentor_edit": {"mentor_id": m.pk},
        "campaign:match_decide": {"match_id": match.pk},
        "campaign:session_new": {"match_id": match.pk},
    }
