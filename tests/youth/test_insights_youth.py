"""The children and teens figures on /insights/: counts only, suppressed for a
partner analyst, the tutoring comparison with its method written on the page."""

import datetime as dt

import pytest

from tavana.accounts import roles
from tavana.youth import services
from tavana.youth.models import RiskFlag

from .factories import make_family, make_school

pytestmark = pytest.mark.django_db


@pytest.fixture
def flagged(worker, d4):
    school = make_school(district=d4)
    kids = []
    for i in range(7):
        _, (kid,) = make_family(
            district=d4, mother=("مادر", f"خانواده{i}"), children=((f"کودک{i}", 2011),)
        )
        services.school_year_record(actor=worker, child=kid, year=1403, grade=8, school=school)
        services.term_result_record(actor=worker, child=kid, year=1403, term=1, average="10")
        kids.append(kid)
    for kid in kids[:6]:
        flag = RiskFlag.objects.get(child=kid, indicator="low_average")
        services.intervention_record(
            actor=worker, flag=flag, kind="tutoring", started_on=dt.date.today()
        )
    return kids


def test_managers_see_the_youth_figures_and_partners_only_suppressed_aggregates(
    client, make_user, flagged
):
    year = dt.date.today()
    import jdatetime

    jy = jdatetime.date.fromgregorian(date=year).year
    manager = make_user(roles.MANAGER, username="modir")
    client.force_login(manager)
    page = client.get(f"/insights/?year={jy}").content.decode()
    assert "کودکان و نوجوانانی که در این دوره خدمت گرفتند" in page
    assert "هشدارهای افت تحصیلی" in page
    assert "هم‌پایه، هم‌منطقه" in page  # the method, written on the page
    assert "کودک۱" not in page  # no child is ever named
    analyst = make_user(roles.PARTNER_ANALYST, username="analyst")
    client.force_login(analyst)
    page = client.get(f"/insights/?year={jy}").content.decode()
    assert "کمتر از ۵" in page
    assert "کودک۱" not in page
    assert client.get(f"/youth/children/{flagged[0].pk}/").status_code == 403


def test_the_tutoring_comparison_matches_similar_children(worker, d4):
    from tavana.core.domain.jalali import year_range
    from tavana.insights.selectors import Filters
    from tavana.insights.youth import tutoring_effect

    school = make_school(district=d4)
    rows = [(True, 10 + 0.4 * i, 3) for i in range(5)] + [
        (False, 10.1 + 0.4 * i, 0.5) for i in range(5)
    ]
    for i, (tutored, first, gain) in enumerate(rows):
        start, after = f"{first:.2f}", f"{first + gain:.2f}"
        _, (kid,) = make_family(district=d4, mother=("م", f"خ{i}"), children=((f"ک{i}", 2011),))
        services.school_year_record(actor=worker, child=kid, year=1403, grade=8, school=school)
        services.term_result_record(actor=worker, child=kid, year=1403, term=1, average=start)
        if tutored:
            flag = RiskFlag.objects.get(child=kid, indicator="low_average")
            services.intervention_record(
                actor=worker, flag=flag, kind="tutoring", started_on=flag.raised_on
            )
        services.term_result_record(actor=worker, child=kid, year=1403, term=2, average=after)
    start, end = year_range(1403)
    t = tutoring_effect(Filters(start=start, end=end))
    assert t.matrix == [[5], [0], [5]]
    assert "با کلاس تقویتی +۳٫۰۰" in t.note and "گروه مقایسه +۰٫۵۰" in t.note
