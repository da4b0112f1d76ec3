"""Events, applications, allocation in the app, publishing, the waitlist, figures."""

import datetime as dt
from decimal import Decimal

import pytest

from tavana.accounts import roles
from tavana.audit.models import AuditEntry
from tavana.bazaars import selectors, services
from tavana.bazaars.models import Application, Assignment, Event, Round
from tavana.core.errors import ServiceError
from tavana.core.sms import MemorySmsBackend

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(make_user):
    return make_user(roles.BAZAAR_ORGANISER)


@pytest.fixture(autouse=True)
def _outbox():
    MemorySmsBackend.outbox.clear()
    yield
    MemorySmsBackend.outbox.clear()


def _event_data(venue, today=None, name="بازارچه دستاوردهای زنان شهر تهران"):
    today = today or dt.date.today()
    return {
        "kind": Event.MONTHLY,
        "name": name,
        "venue": venue,
        "start_date": today + dt.timedelta(days=20),
        "end_date": today + dt.timedelta(days=22),
        "booths": None,
        "category_cap": None,
        "apply_from": today,
        "apply_until": today + dt.timedelta(days=10),
    }


def test_an_event_with_a_labelling_name_is_refused(organiser):
    r = f.round_()
    with pytest.raises(ServiceError) as e:
        services.event_create(
            actor=organiser, round_=r, data=_event_data(f.venue(), name="بازارچه زنان سرپرست‌خانوار")
        )
    assert "بازارچه دستاوردهای زنان" in e.value.errors["name"]
    assert not Event.objects.exists()


def test_an_event_takes_the_venue_booths_by_default(organiser):
    r = f.round_()
    e = services.event_create(actor=organiser, round_=r, data=_event_data(f.venue(booths=14)))
    assert e.booths == 14


def test_applications_are_ranked_and_duplicates_and_late_ones_refused(organiser):
    r = f.round_()
    e1, e2 = f.event(r), f.event(r)
    p = f.producer()
    made = services.application_record(actor=organiser, producer=p, events=[e1, e2])
    assert [a.rank for a in made] == [1, 2]
    with pytest.raises(ServiceError) as dup:
        services.application_record(actor=organiser, producer=p, events=[e1])
    assert "پیش‌تر درخواست ثبت شده" in str(dup.value)
    late_day = e1.apply_until + dt.timedelta(days=1)
    with pytest.raises(ServiceError) as late:
        services.application_record(
            actor=organiser, producer=f.producer(), events=[e1], today=late_day
        )
    assert "مهلت ثبت درخواست" in str(late.value)
    assert Application.objects.count() == 2


def test_an_event_refuses_a_category_it_does_not_take(organiser):
    r = f.round_()
    e = f.event(r)
    e.categories.set([f.category("pottery")])
    with pytest.raises(ServiceError) as err:
        services.application_record(actor=organiser, producer=f.producer("candles"), events=[e])
    assert "نمی‌پذیرد" in str(err.value)


def test_the_instance_takes_priority_from_the_registration_and_past_from_this_year(organiser):
    today = dt.date.today()
    old = f.round_(status=Round.PUBLISHED)
    before = f.event(old, start=today - dt.timedelta(days=1), today=today - dt.timedelta(days=40))
    r = f.round_()
    e = f.event(r)
    seller = f.producer(primary_earner=True)
    other = f.producer()
    Assignment.objects.create(event=before, producer=other, booth_no=1)
    f.apply(seller, e)
    f.apply(other, e)
    inst = services.round_instance(r)
    by_id = {a.id: a for a in inst.applicants}
    jy_start = selectors.round_year(r)
    assert by_id[seller.pk].priority == 1 and by_id[other.pk].priority == 0
    if selectors.round_year(old) == jy_start:
        assert by_id[other.pk].past == 1
    assert by_id[seller.pk].past == 0


def test_allocation_serves_the_fairest_tier_first_and_compares_with_lottery(organiser):
    r = f.round_()
    e = f.event(r, booths=2)
    women = [f.producer(primary_earner=(i % 2 == 0)) for i in range(6)]
    for w in women:
        f.apply(w, e)
    stats = services.round_allocate(actor=organiser, round_=r)
    r.refresh_from_db()
    assert r.status == Round.SOLVED and stats["optimal"]
    held = set(Assignment.objects.filter(event=e).values_list("producer_id", flat=True))
    assert held == {women[0].pk, women[2].pk}  # priority 1 first, same past
    assert stats["served"] == {"optimal": 2, "lottery": 2, "fcfs": 2}
    assert [t["priority"] for t in stats["tiers"]] == [1, 0]
    assert stats["tiers"][0]["optimal"] == 2
    assert AuditEntry.objects.filter(action="bazaar.round_allocate").exists()


def test_publish_sends_where_and_when_and_nothing_about_why(
    organiser, django_capture_on_commit_callbacks
):
    r = f.round_()
    e = f.event(r, booths=1)
    served, waiting = f.producer(primary_earner=True), f.producer()
    f.apply(served, e)
    f.apply(waiting, e)
    services.round_allocate(actor=organiser, round_=r)
    with django_capture_on_commit_callbacks(execute=True):
        sent = f.publish(organiser, r)
    assert sent == 2
    texts = {m.mobile: m.text for m in MemorySmsBackend.outbox}
    mine = texts[served.person.mobile]
    assert e.venue.name in mine and "غرفهٔ شمارهٔ ۱" in mine
    assert "فهرست انتظار" in texts[waiting.person.mobile]
    for text in texts.values():
        for word in ("سرپرست", "معیشت", "حمایت", "اولویت", "مددجو"):
            assert word not in text
    with pytest.raises(ServiceError):
        f.publish(organiser, r)


def test_a_decline_offers_the_booth_to_the_waitlist_in_fair_order(
    organiser, django_capture_on_commit_callbacks
):
    r = f.round_()
    e = f.event(r, booths=1)
    first = f.producer(primary_earner=True)
    second, third = f.producer(), f.producer(primary_earner=True)
    for p in (first, second, third):
        f.apply(p, e)
    services.round_allocate(actor=organiser, round_=r)
    held = Assignment.objects.get(event=e, status=Assignment.ASSIGNED)
    assert held.producer_id in (first.pk, third.pk)
    with django_capture_on_commit_callbacks(execute=True):
        f.publish(organiser, r)
    order = [w["producer"].pk for w in selectors.waitlist(e)]
    assert order[-1] == second.pk  # priority 0 waits behind priority 1
    MemorySmsBackend.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        offered = services.assignment_set_status(
            actor=organiser, assignment=held, status=Assignment.DECLINED, reason="سفر"
        )
    assert len(offered) == 1 and offered[0].producer_id == order[0]
    assert offered[0].source == Assignment.WAITLIST and offered[0].booth_no == 1
    assert len(MemorySmsBackend.outbox) == 1
    assert AuditEntry.objects.filter(action="bazaar.booth_status", reason="سفر").exists()
    with pytest.raises(ServiceError):
        services.assignment_set_status(actor=organiser, assignment=held, status=Assignment.ATTENDED)


def test_a_claim_on_a_full_event_is_refused(organiser):
    r = f.round_()
    e = f.event(r, booths=1)
    services.booth_claim(actor=organiser, event_id=e.pk, producer_id=f.producer().pk)
    with pytest.raises(services.BoothTaken):
        services.booth_claim(actor=organiser, event_id=e.pk, producer_id=f.producer().pk)


def test_a_claim_respects_the_category_cap_and_overlaps(organiser):
    r = f.round_()
    e = f.event(r, booths=4, cap=Decimal("0.25"))
    services.booth_claim(actor=organiser, event_id=e.pk, producer_id=f.producer("dolls").pk)
    with pytest.raises(ServiceError) as err:
        services.booth_claim(actor=organiser, event_id=e.pk, producer_id=f.producer("dolls").pk)
    assert "سهم دستهٔ" in str(err.value)
    p = f.producer("candles")
    other = f.round_()
    same_days = f.event(other, start=e.start_date)
    services.booth_claim(actor=organiser, event_id=same_days.pk, producer_id=p.pk)
    with pytest.raises(ServiceError) as err:
        services.booth_claim(actor=organiser, event_id=e.pk, producer_id=p.pk)
    assert "همین روزها" in str(err.value)


def test_hand_adjustments_need_a_reason_and_are_audited(organiser):
    r = f.round_()
    e = f.event(r, booths=1)
    a, b = f.producer(primary_earner=True), f.producer()
    f.apply(a, e)
    f.apply(b, e)
    services.round_allocate(actor=organiser, round_=r)
    with pytest.raises(ServiceError):
        services.assignment_adjust(
            actor=organiser, round_=r, producer=a, event=e, add=False, reason=""
        )
    services.assignment_adjust(
        actor=organiser, round_=r, producer=a, event=e, add=False, reason="خودش انصراف داد"
    )
    services.assignment_adjust(
        actor=organiser, round_=r, producer=b, event=e, add=True, reason="جایگزین"
    )
    assert Assignment.objects.get(event=e, status=Assignment.ASSIGNED).producer_id == b.pk
    assert AuditEntry.objects.filter(action="bazaar.booth_adjust").count() == 2


def test_sales_and_attendance_make_the_years_figures(organiser):
    r = f.round_(status=Round.PUBLISHED)
    e = f.event(r, booths=3)
    p1, p2 = f.producer("pottery"), f.producer("candles")
    a1 = Assignment.objects.create(event=e, producer=p1, booth_no=1)
    a2 = Assignment.objects.create(event=e, producer=p2, booth_no=2)
    services.booth_record(actor=organiser, assignment=a1, days_present=3, sales=4_500_000)
    services.booth_record(actor=organiser, assignment=a2, days_present=0, sales=None)
    a1.refresh_from_db()
    a2.refresh_from_db()
    assert a1.status == Assignment.ATTENDED and a2.status == Assignment.NO_SHOW
    figures = selectors.year_figures(selectors.round_year(r))
    assert figures["totals"]["sales"] == 4_500_000
    assert figures["totals"]["attended"] == 1 and figures["totals"]["no_show"] == 1
    cats = {row["producer__category__name"]: row["sales"] for row in figures["by_category"]}
    assert cats["سفال"] == 4_500_000
    assert selectors.opportunities([p1.pk, p2.pk], selectors.round_year(r)) == {p1.pk: 1, p2.pk: 1}


def test_the_demand_report_counts_applications_per_venue_and_category(organiser):
    r = f.round_()
    e1, e2 = f.event(r, booths=2), f.event(r, booths=5)
    for code in ("pottery", "pottery", "dolls"):
        f.apply(f.producer(code), e1, e2)
    report = selectors.demand_report(r)
    assert report["applicants"] == 3 and report["applications"] == 6 and report["booths"] == 7
    row = report["rows"][0]
    assert row["total"] == 3 and row["first_choice"] == 3 and row["ratio"] == 1.5
    assert sorted(row["cells"]) == [1, 2]


def test_booths_that_do_not_fit_in_the_venues_area_are_refused(organiser):
    """12 booths of 9 m² fit in 108 m²; events on the same days share the area."""
    v = f.venue(booths=12)
    r = f.round_()
    too_many = {**_event_data(v), "booths": 13}
    with pytest.raises(ServiceError) as refused:
        services.event_create(actor=organiser, round_=r, data=too_many)
    assert "۱۰۸ مترمربع" in refused.value.errors["booths"]
    assert "حداکثر ۱۲ غرفهٔ ۹ مترمربعی" in refused.value.errors["booths"]
    assert not Event.objects.exists()
    services.event_create(actor=organiser, round_=r, data={**_event_data(v), "booths": 8})
    # another round's event on one of the same days: four booths are left, not twelve
    other = f.round_()
    overlapping = {**_event_data(v), "booths": 5}
    overlapping["start_date"] += dt.timedelta(days=2)
    overlapping["end_date"] += dt.timedelta(days=2)
    with pytest.raises(ServiceError) as shared:
        services.event_create(actor=organiser, round_=other, data=overlapping)
    assert (
        "۸ غرفه" in shared.value.errors["booths"]
        and "۴ غرفه مانده" in shared.value.errors["booths"]
    )
    services.event_create(actor=organiser, round_=other, data={**overlapping, "booths": 4})
    # the day after they end, the whole area is free again
    later = {**_event_data(v), "booths": 12}
    later["start_date"] += dt.timedelta(days=5)
    later["end_date"] += dt.timedelta(days=5)
    later["apply_until"] += dt.timedelta(days=5)
    services.event_create(actor=organiser, round_=other, data=later)
    assert Event.objects.count() == 3


def test_a_venue_without_a_recorded_area_is_not_checked(organiser):
    v = f.venue(booths=4)
    v.area_m2 = 0
    v.save()
    e = services.event_create(
        actor=organiser, round_=f.round_(), data={**_event_data(v), "booths": 40}
    )
    assert e.booths == 40
