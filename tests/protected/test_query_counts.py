"""A programme's list of participants takes the same number of queries however
many women it lists; so does a woman's page with however many records."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.urls import reverse

from tavana.people.models import Person
from tavana.protected import services
from tavana.protected.models import Programme
from tests.query_counts import assert_pinned, rows_of

from . import factories as f

pytestmark = pytest.mark.django_db
_n = itertools.count(1)


def _woman():
    n = next(_n)
    return Person.objects.create(
        first_name=f"نرگس{n}",
        last_name="محمودی",
        name_key=f"نرگس{n} محمودی",
        district=f.district19(),
    )


def test_the_programme_list(client, make_user):
    w = f.world(make_user)
    client.force_login(w.prison_worker)
    page = assert_pinned(
        client,
        reverse("protected:programme", args=[Programme.PRISON]),
        lambda: [f.enrol_prison(_woman()) for _ in range(4)],
        PINNED,
    )
    assert page.count("نرگس") >= 5


def test_the_emergency_log(client, make_user):
    from tavana.accounts import roles
    from tavana.protected import services

    f.world(make_user)  # the programmes and their staff
    sw = f.staff(make_user, roles.SOCIAL_WORKER, "sw-emergency")
    reason = "تماس اورژانس اجتماعی؛ باید خانوادهٔ او را همین حالا پیدا کنیم"

    def more(n=3):
        for _ in range(n):
            services.emergency_grant(actor=sw, person=_woman(), reason=reason)

    more(1)
    client.force_login(f.staff(make_user, roles.AUDITOR, "auditor-emergency"))
    page = assert_pinned(client, reverse("protected:emergency_log"), more, PINNED_LOG)
    assert page.count("تماس اورژانس اجتماعی") == 4


PINNED = 16  # +1: the pager counts the rows (issue 15)
PINNED_LOG = 7  # +1: the pager counts the rows


def _add(worker, her, n: int, rows) -> None:
    """n times the records `rows(k)` lists, written as staff write them."""
    for _ in range(n):
        for kind, data in rows(next(_n)):
            services.record_add(actor=worker, participant=her, kind=kind, data=data)


def test_a_prison_participants_trainings_placements_and_wages(client, make_user):
    """Her page in the prison programme lists her trainings, her placements and
    her months of work (each read audited, the audit's write counted): the same
    number of queries with 2 of each as with 10, every row shown."""
    w = f.world(make_user)  # her referral, and one month of wages (1403/2)
    worker, her = w.prison_worker, w.prison
    centre = f.production_centre()
    months = iter(range(1, 13))  # of 1404

    def work(k):
        day = dt.date(2024, 4, 1) + dt.timedelta(days=k)
        return [
            ("training", {"title": f"آموزش {k}", "centre": centre, "started_on": day, "hours": 40}),
            ("placement", {"centre": centre, "work": f"دوخت {k}", "started_on": day}),
        ]

    def wage(k):
        return [("wage", {"year": 1404, "month": next(months), "days_worked": 20,
                          "hours": Decimal("160"), "wage_toman": 5_000_000, "paid_on": None})]  # fmt: skip

    # 2 months with the one she came with
    page = _her_page_pinned(client, worker, her, "prison", work, wage)
    assert rows_of(page, "trainings") == 10 and rows_of(page, "placements") == 10
    assert rows_of(page, "wage-ledger") == 10


def test_a_recovery_participants_goals_reunions_contacts_and_sessions(client, make_user):
    """Her page in the recovery programme lists her goals, her reunions with her
    family, the family contacts and the counselling sessions (the read audited):
    the same number of queries with 2 of each as with 10, every row shown."""
    w = f.world(make_user)  # one family contact and one goal already
    worker, her = w.recovery_worker, w.recovery

    def meetings(k):
        day = dt.date(2024, 2, 1) + dt.timedelta(days=k)
        return [
            ("session", {"held_on": day, "kind": "individual", "minutes": 60, "notes": f"جلسهٔ {k}"}),
            ("reunion", {"held_on": day, "family_members": f"مادر و خواهر {k}", "years_apart": 2,
                         "description": ""}),
        ]  # fmt: skip

    def contact_and_goal(k):
        day = dt.date(2024, 3, 1) + dt.timedelta(days=k)
        return [
            ("contact", {"contacted_on": day, "who": f"برادر {k}", "channel": "visit",
                         "outcome": "پذیرفت"}),
            ("goal", {"title": f"هدف {k}", "target_date": None}),
        ]  # fmt: skip

    # 2 of each with those she came with
    page = _her_page_pinned(client, worker, her, "recovery", meetings, contact_and_goal)
    assert rows_of(page, "goals") == 10 and rows_of(page, "reunions") == 10
    assert rows_of(page, "family-contacts") == 10 and rows_of(page, "counselling-sessions") == 10


# each read of her page is audited: the audit head read, the entry written and the
# head moved (with their savepoint) are 5 of these, counted as they are
PINNED_PARTICIPANT = {"prison": 20, "recovery": 18}


def _her_page_pinned(client, worker, her, programme: str, rows, one_more):
    """Her page with 2 of each list (`rows` twice, `one_more` once beside the one
    she came with), then 10: the same count, `PINNED_PARTICIPANT[programme]`."""
    _add(worker, her, 2, rows)
    _add(worker, her, 1, one_more)
    client.force_login(worker)
    url = reverse("protected:participant", args=[her.pk])
    more = lambda: (_add(worker, her, 8, rows), _add(worker, her, 8, one_more))  # noqa: E731
    return assert_pinned(client, url, more, PINNED_PARTICIPANT[programme])
