"""Organisers' pages and the public list, through the test client."""

import datetime as dt

import pytest
from django.urls import reverse

from tavana.accounts import roles
from tavana.bazaars.models import Application, Assignment, Event, Round
from tavana.core.domain.jalali import format_jalali
from tests.field_errors import errors_untied

from . import factories as f

pytestmark = pytest.mark.django_db


def test_the_public_page_lists_upcoming_bazaars_and_nothing_about_any_person(client):
    r = f.round_()
    e = f.event(r)
    e.categories.set([f.category("pottery")])
    p = f.producer()
    Assignment.objects.create(event=e, producer=p, booth_no=1)
    f.event(r, start=dt.date.today() - dt.timedelta(days=30))  # over: not listed
    html = client.get(reverse("bazaars:upcoming")).content.decode()
    assert e.name in html and e.venue.name in html and "سفال" in html
    assert p.person.last_name not in html and p.person.mobile not in html
    assert html.count('class="col-md-6') == 1


def test_a_labelling_name_is_refused_on_the_form(client_as):
    c = client_as(roles.BAZAAR_ORGANISER)
    r = f.round_()
    v = f.venue()
    today = dt.date.today()
    response = c.post(
        reverse("bazaars:event_new", args=[r.pk]),
        {
            "kind": "monthly",
            "name": "بازارچه زنان سرپرست خانوار",
            "venue": v.pk,
            "start_date": format_jalali(today + dt.timedelta(days=20)),
            "end_date": format_jalali(today + dt.timedelta(days=22)),
            "apply_from": format_jalali(today),
            "apply_until": format_jalali(today + dt.timedelta(days=10)),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "برچسب" in html and "بازارچه دستاوردهای زنان" in html
    assert errors_untied(html) == []
    assert not Event.objects.exists()


def test_booths_beyond_the_venues_area_are_refused_on_the_field_keeping_what_was_typed(
    client_as,
):
    c = client_as(roles.BAZAAR_ORGANISER)
    r = f.round_()
    v = f.venue(name="بوستان کوچک آزمایشی", booths=12)  # 108 m²
    today = dt.date.today()
    form = {
        "kind": "monthly",
        "name": "بازارچه دستاوردهای زنان شهر تهران",
        "venue": v.pk,
        "start_date": format_jalali(today + dt.timedelta(days=20)),
        "end_date": format_jalali(today + dt.timedelta(days=22)),
        "booths": "۱۵",
        "apply_from": format_jalali(today),
        "apply_until": format_jalali(today + dt.timedelta(days=10)),
    }
    url = reverse("bazaars:event_new", args=[r.pk])
    response = c.post(url, form)
    html = response.content.decode()
    assert response.status_code == 200 and not Event.objects.exists()
    assert 'name="booths"' in html and 'value="۱۵"' in html  # what she typed is kept
    booths_field = html[html.index('name="booths"') :]
    error = booths_field[: booths_field.index("</div>", booths_field.index("invalid-feedback"))]
    assert "حداکثر ۱۲ غرفهٔ ۹ مترمربعی" in error and "۱۵ غرفه" in error
    assert c.post(url, {**form, "booths": "12"}).status_code == 302
    assert Event.objects.get().booths == 12


def test_recording_applications_allocating_and_publishing(
    client_as, django_capture_on_commit_callbacks
):
    c = client_as(roles.BAZAAR_ORGANISER)
    r = f.round_()
    e1, e2 = f.event(r, booths=1), f.event(r, booths=1)
    a, b, d = f.producer(primary_earner=True), f.producer(), f.producer()
    for p in (a, b):
        response = c.post(
            reverse("bazaars:applications", args=[r.pk]),
            {"producer": str(p.pk), "choice1": e1.pk, "choice2": e2.pk},
        )
        assert response.status_code == 302
    response = c.post(
        reverse("bazaars:applications", args=[r.pk]), {"producer": str(a.pk), "choice1": e1.pk}
    )
    assert "پیش‌تر درخواست ثبت شده" in response.content.decode()
    c.post(reverse("bazaars:applications", args=[r.pk]), {"producer": str(d.pk), "choice1": e1.pk})
    assert Application.objects.count() == 5
    demand = c.get(reverse("bazaars:demand", args=[r.pk])).content.decode()
    assert "۳ متقاضی" in demand
    # while applications are still taken, the round is not shared out
    page = c.get(reverse("bazaars:round", args=[r.pk])).content.decode()
    assert 'data-testid="applications-open"' in page
    c.post(reverse("bazaars:allocate", args=[r.pk]))
    r.refresh_from_db()
    assert r.status == Round.DRAFT
    f.applications_closed(r)
    with django_capture_on_commit_callbacks(execute=True):  # the task is queued on commit
        response = c.post(reverse("bazaars:allocate", args=[r.pk]))
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.status == Round.SOLVED
    page = c.get(reverse("bazaars:result", args=[r.pk])).content.decode()
    assert "قرعه‌کشی" in page and 'data-testid="fairness"' in page
    # publishing first says how many SMS it sends, and sends nothing
    confirm = c.post(reverse("bazaars:publish", args=[r.pk])).content.decode()
    assert 'data-testid="publish-confirm"' in confirm and "انتشار و ارسال ۳ پیامک" in confirm
    r.refresh_from_db()
    assert r.status == Round.SOLVED
    with django_capture_on_commit_callbacks(execute=True):
        c.post(reverse("bazaars:publish", args=[r.pk]), {"confirmed": "3"})
    r.refresh_from_db()
    assert r.status == Round.PUBLISHED
    assert Assignment.objects.filter(status=Assignment.ASSIGNED).count() == 2


def test_producers_pages(client_as):
    c = client_as(roles.BAZAAR_ORGANISER)
    person = f.person()
    response = c.post(
        reverse("businesses:producer_new"),
        {"person": str(person.pk), "category": f.category("dolls").pk},
    )
    assert response.status_code == 302
    page = c.get(response["Location"]).content.decode()
    assert person.last_name in page and "بدون کسب‌وکار" in page
    assert c.get(reverse("businesses:list")).status_code == 200
    # she reads the categories; the administrator edits them (test_categories_config)
    response = c.post(reverse("businesses:categories"), {"name": "گلیم‌بافی", "active": "on"})
    assert response.status_code == 403
    assert c.get(reverse("businesses:categories")).status_code == 200


def test_a_producer_page_links_to_her_file_only_where_the_organiser_may_open_it(client_as):
    """The organiser works in district 4: a producer living in district 9 has no
    link to a file that would answer her 404 (tavana.accounts.links)."""
    c = client_as(roles.BAZAAR_ORGANISER)
    c.user.districts.set([f.district(4)])
    near, far = f.producer(), f.producer()
    near.person.district = f.district(4)
    near.person.save()
    far.person.district = f.district(9)
    far.person.save()
    for p, shown in ((near, True), (far, False)):
        href = reverse("people:detail", args=[p.person_id])
        page = c.get(reverse("businesses:producer", args=[p.pk])).content.decode()
        assert (f'href="{href}"' in page) is shown
        assert c.get(href).status_code == (200 if shown else 404)


def test_a_venue_has_a_page_with_its_rounds_booths_and_area(client_as):
    c = client_as(roles.BAZAAR_ORGANISER)
    v = f.venue(name="بوستان لاله آزمایشی", booths=12)  # 108 m², 12 booths of 9 m²
    r = f.round_()
    events = [f.event(r, v=v, booths=12) for _ in range(30)]
    home = c.get(reverse("bazaars:home")).content.decode()
    assert reverse("bazaars:venues") in home
    listing = c.get(reverse("bazaars:venues")).content.decode()
    assert reverse("bazaars:venue", args=[v.pk]) in listing and "۳۰" in listing
    page = c.get(reverse("bazaars:venue", args=[v.pk])).content.decode()
    assert "۱۰۸ مترمربع" in page and "۱۲ غرفهٔ ۹ مترمربعی" in page and "(۱۰۰٪)" in page
    assert reverse("bazaars:round", args=[r.pk]) in page
    # thirty events: a page of twenty-five, then the rest
    assert page.count('href="/bazaars/events/') == 25 and "صفحهٔ ۱ از ۲" in page
    rest = c.get(reverse("bazaars:venue", args=[v.pk]), {"page": 2}).content.decode()
    assert rest.count('href="/bazaars/events/') == 5
    event_page = c.get(reverse("bazaars:event", args=[events[0].pk])).content.decode()
    assert reverse("bazaars:venue", args=[v.pk]) in event_page


def test_a_producers_long_history_comes_a_page_at_a_time(client_as):
    c = client_as(roles.BAZAAR_ORGANISER)
    p = f.producer()
    r = f.round_()
    for _ in range(30):
        Assignment.objects.create(event=f.event(r, booths=1), producer=p, booth_no=1)
    page = c.get(reverse("businesses:producer", args=[p.pk])).content.decode()
    assert page.count('href="/bazaars/events/') == 25 and "صفحهٔ ۱ از ۲" in page
    assert "۳۰" in page  # the count of every booth, not of the page
    rest = c.get(reverse("businesses:producer", args=[p.pk]), {"page": "2"}).content.decode()
    assert rest.count('href="/bazaars/events/') == 5


def _applicants(n: int, e: Event) -> list:
    """`n` producers who asked for `e` first (in bulk: the lists are long)."""
    from tavana.businesses.models import Producer
    from tavana.people.models import Person

    people = Person.objects.bulk_create(
        Person(first_name="مریم", last_name=f"بلند{i:04d}", name_key=f"مریم بلند{i}")
        for i in range(n)
    )
    makers = Producer.objects.bulk_create(Producer(person=p, category=f.category()) for p in people)
    Application.objects.bulk_create(Application(producer=p, event=e, rank=1) for p in makers)
    return makers


def test_a_round_result_pages_the_applicants_left_without_a_booth(client_as):
    c = client_as(roles.BAZAAR_ORGANISER)
    r = f.round_(status=Round.SOLVED)
    e = f.event(r, booths=1)
    makers = _applicants(330, e)
    Assignment.objects.create(event=e, producer=makers[0], booth_no=1)
    url = reverse("bazaars:result", args=[r.pk])
    page = c.get(url).content.decode()
    assert "۳۲۹" in page  # every one of them is counted, not a first few hundred
    assert page.count("بلند") == 100 + 1 and "صفحهٔ ۱ از ۴" in page  # one holds a booth
    last = c.get(url, {"waiting_page": 4, "page": 1}).content.decode()
    assert last.count("بلند") == 29 + 1 and "بلند0329" in last
    # the booths' pager keeps the waiting list's page, and the other way round
    assert "waiting_page=4" not in last and "page=1&amp;waiting_page=3" in last


def test_the_applications_of_a_round_come_a_page_at_a_time(client_as):
    c = client_as(roles.BAZAAR_ORGANISER)
    r = f.round_()
    e = f.event(r, booths=1)
    _applicants(230, e)
    url = reverse("bazaars:applications", args=[r.pk])
    page = c.get(url).content.decode()
    assert "۲۳۰" in page and page.count("بلند") == 100 and "صفحهٔ ۱ از ۳" in page
    assert c.get(url, {"page": 3}).content.decode().count("بلند") == 30


def test_an_events_waitlist_comes_a_page_at_a_time_in_order(client_as):
    c = client_as(roles.BAZAAR_ORGANISER)
    r = f.round_(status=Round.PUBLISHED)
    e = f.event(r, booths=1)
    _applicants(70, e)
    url = reverse("bazaars:event", args=[e.pk])
    page = c.get(url).content.decode()
    assert page.count("بلند") == 50 and "صفحهٔ ۱ از ۲" in page
    rest = c.get(url, {"waitlist_page": 2}).content.decode()
    assert rest.count("بلند") == 20 and 'start="51"' in rest
