from __future__ import annotations

import pytest

from tavana.core.domain import jalali
from tavana.insights import selectors as s
from tests.insights.factories import SALES, world

pytestmark = pytest.mark.django_db


def this_year(district=None) -> s.Filters:
    start, end = jalali.year_range(jalali.jalali_today().year)
    return s.Filters(start, end, district)


def test_headline_counts():
    w = world()
    heads = dict(s.headline(this_year()))
    assert heads["زنان ثبت‌نام‌شده تا پایان دوره"] == 10  # 9 women + the bazaar producer
    assert heads["ثبت‌نام تازه در این دوره"] == 10
    assert heads["زنانی که در این دوره خدمت گرفتند"] == 6
    assert heads["فرزندان زیر ۲۰ سال در خانوارهای آنان"] == 1
    assert heads["گواهی‌های صادرشده در این دوره"] == 2
    heads9 = dict(s.headline(this_year(w.d9)))
    assert heads9["زنان ثبت‌نام‌شده تا پایان دوره"] == 2
    assert heads9["زنانی که در این دوره خدمت گرفتند"] == 0


def test_tables():
    w = world()
    f = this_year()
    by = {t.key: t for t in s.tables(f)}
    women = by["women"]
    assert women.rows[:2] == [w.d4.name, w.d9.name] or w.d4.name in women.rows
    row4 = women.matrix[women.rows.index(w.d4.name)]
    assert row4 == [0, 7]
    levels = by["levels"]
    assert levels.matrix[levels.rows.index(w.low.name)] == [6]
    assert levels.matrix[levels.rows.index(w.high.name)] == [1]
    assert by["moves"].matrix == [[1], [0]]
    assert by["services"].rows == [w.service.name] and by["services"].matrix == [[6]]
    courses = by["courses"]
    assert sum(map(sum, courses.matrix)) == 2
    assert sum(map(sum, by["businesses"].matrix)) == 1
    booths = by["booths"]
    assert booths.matrix == [[0, 1, 0, 0, 0]] and booths.amounts == [SALES]
    assert by["sales"].matrix == [[1]] and by["sales"].amounts == [SALES]
    assert by["signups"].matrix[0] == [6]


def test_district_and_period_filters():
    w = world()
    f9 = this_year(w.d9)
    by = {t.key: t for t in s.tables(f9)}
    assert by["women"].rows == [w.d9.name] and by["women"].matrix == [[0, 2]]
    assert by["services"].rows == []
    assert by["booths"].rows == []
    y = jalali.jalali_today().year - 1
    last = s.Filters(*jalali.year_range(y))
    by = {t.key: t for t in s.tables(last)}
    assert sum(map(sum, by["women"].matrix)) == 0
    # the current season contains today
    jy, season = jalali.season_of(jalali.jalali_today().togregorian())
    f = s.Filters(*jalali.season_range(jy, season))
    assert dict(s.headline(f))["زنانی که در این دوره خدمت گرفتند"] == 6


@pytest.mark.django_db
def test_figures_filtered_by_a_unit_count_the_women_it_works_with():
    import datetime as dt

    from tavana.accounts.models import OrgUnit
    from tavana.accounts.services import unit_subtree_ids
    from tavana.casework.models import Delivery, ServiceType
    from tavana.insights import selectors as s
    from tests.training.factories import person

    area = OrgUnit.objects.get(code="capacity_social")
    dept = OrgUnit.objects.get(code="home_business")  # under the area, through the office
    advice = ServiceType.objects.get(code="business_advice")
    assert advice.org_unit == dept
    counselling = ServiceType.objects.get(code="counselling_session")
    day = dt.date(2025, 1, 10)
    a, b = person("مینا", "الف"), person("نیلوفر", "ب")
    Delivery.objects.create(person=a, service=advice, delivered_on=day, unit="session")
    Delivery.objects.create(person=b, service=counselling, delivered_on=day, unit="session")
    whole = s.Filters(dt.date(2025, 1, 1), dt.date(2025, 2, 1))
    by_dept = s.Filters(
        dt.date(2025, 1, 1), dt.date(2025, 2, 1), unit_ids=tuple(unit_subtree_ids(dept))
    )
    by_area = s.Filters(
        dt.date(2025, 1, 1), dt.date(2025, 2, 1), unit_ids=tuple(unit_subtree_ids(area))
    )
    assert (
        s.women_served(whole) == 2 and s.women_served(by_dept) == 1 and s.women_served(by_area) == 2
    )
    assert s.services(by_dept).rows == [advice.name]
    assert "همهٔ واحدهای" in next(t for t in s.tables(by_dept) if t.key == "signups").note


def test_children_under_20_counts_each_child_once_and_only_in_the_womens_households():
    """The count is of persons (an EXISTS over her memberships, docs/scale.md's plan
    cliff): a child in two of the women's households is one child; a child of a
    household with no registered woman, a child of 20, a former member and a
    child in another district's household (for a district's view) are none."""
    import datetime as dt

    from tavana.people.models import Household, Membership, Person
    from tests.insights.factories import woman

    w = world()
    f = this_year()
    before, before9 = s.children_under_20(f), s.children_under_20(this_year(w.d9))
    today = dt.date.today()

    def child(years: int) -> Person:
        return Person.objects.create(
            first_name="سارا", last_name="آزمون", birth_date=today - dt.timedelta(days=365 * years)
        )

    def household(head, district, *children, ended=False) -> None:
        h = Household.objects.create(district=district)
        if head is not None:
            Membership.objects.create(
                household=h, person=head, relation=Membership.HEAD, start_date=today
            )
        for c in children:
            Membership.objects.create(
                household=h,
                person=c,
                relation=Membership.CHILD,
                start_date=today,
                end_date=today if ended else None,
            )

    both = child(8)  # her parents live apart: a child of both households
    household(woman(90, 4), w.d4, both, child(21))
    household(woman(91, 9), w.d9, both)
    household(None, w.d4, child(5))  # no registered woman in it
    household(woman(92, 4), w.d4, child(3), ended=True)  # no longer a member
    assert s.children_under_20(f) == before + 1
    assert s.children_under_20(this_year(w.d9)) == before9 + 1  # `both`, through her
