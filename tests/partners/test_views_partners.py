"""The partners' pages through the client: what a manager sees and does."""

import datetime as dt

import pytest
from django.urls import reverse

from tavana.accounts import roles
from tavana.core.domain.jalali import format_jalali
from tavana.partners.models import Agreement, Axis, Organisation
from tests.field_errors import errors_untied
from tests.query_counts import assert_pinned

from . import factories as f

pytestmark = pytest.mark.django_db


def test_recording_an_agreement_wrong_then_right(client_as):
    c = client_as(roles.MANAGER)
    org = f.organisation()
    url = reverse("partners:agreement_new")
    r = c.post(url, {"organisation": org.pk, "kind": "memorandum", "title": "آزمایش",
                     "starts_on": "۱۴۰۴/۱۳/۰۱", "owner": c.user.pk})  # fmt: skip
    page = r.content.decode()
    assert r.status_code == 200 and "آزمایش" in page  # what was typed is kept
    assert errors_untied(page) == []
    assert not Agreement.objects.exists()
    r = c.post(url, {"organisation": org.pk, "kind": "memorandum", "title": "آزمایش",
                     "starts_on": "۱۴۰۴/۰۱/۰۱", "owner": c.user.pk,
                     "axes": [x.pk for x in Axis.objects.all()]})  # fmt: skip
    a = Agreement.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("partners:agreement", args=[a.pk])
    page = c.get(r["Location"]).content.decode()
    assert "۱۴۰۴/۰۱/۰۱" in page and format_jalali(a.ends_on) in page


def test_the_list_pages_pin_their_queries(client_as):
    c = client_as(roles.MANAGER)
    f.agreement(title="نخست")

    def more():
        o = f.organisation("noor", "خیریهٔ نور", Organisation.CHARITY)
        a = f.agreement(title="دوم", org=o)
        f.project(a)

    page = assert_pinned(c, reverse("partners:home"), more, PINNED["home"])
    assert "دوم" in page and "خیریهٔ نور" in page
    a = Agreement.objects.get(title="نخست")
    assert_pinned(
        c, reverse("partners:agreement", args=[a.pk]), lambda: f.project(a), PINNED["agreement"]
    )
    f.sharing(a)
    more = lambda: [f.sharing(f.agreement(title=f"سوم {i}"), title=f"تبادل {i}") for i in range(3)]  # noqa: E731
    page = assert_pinned(c, reverse("partners:sharing_list"), more, PINNED["sharing"])
    assert page.count("تبادل ") >= 3 and "شاخص‌های ماهانه" in page


PINNED = {
    "home": 12,
    "agreement": 14,
    "sharing": 6,
}  # home: + 4 for the figures, + 1 for the overlap counts;
# agreement: + its data sharing


def test_following_a_project_milestone(client_as):
    c = client_as(roles.MANAGER)
    p = f.project(f.agreement())
    url = reverse("partners:project", args=[p.pk])
    c.post(reverse("partners:milestone_add", args=[p.pk]), {"m-title": "", "m-due_on": "x"})
    assert not p.milestones.exists()
    c.post(
        reverse("partners:milestone_add", args=[p.pk]),
        {"m-title": "طراحی دوره", "m-due_on": "۱۴۰۳/۰۱/۱۰"},
    )
    m = p.milestones.get()
    page = c.get(url).content.decode()
    assert "طراحی دوره" in page and "گذشته" in page
    c.post(
        reverse("partners:milestone_done", args=[m.pk]),
        {"d-done_on": format_jalali(dt.date.today())},
    )
    m.refresh_from_db()
    assert m.done_on == dt.date.today()


def test_a_partner_analyst_never_sees_the_partners_pages(client_as):
    c = client_as(roles.PARTNER_ANALYST)
    assert c.get(reverse("partners:home")).status_code == 403


def test_the_home_page_shows_the_figures(client_as):
    c = client_as(roles.MANAGER)
    a = f.agreement(title="نخست")
    p = f.project(a)
    from tavana.partners import services

    i = services.indicator_add(
        actor=f.manager(),
        project=p,
        data={"kind": "output", "name": "زنان آموزش‌دیده", "target": 40},
    )
    services.measurement_add(actor=f.manager(), indicator=i, measured_on=f.TODAY, value=10)
    page = c.get(reverse("partners:home")).content.decode()
    figures = page.split('data-testid="figures"')[1].split("</section>")[0]
    assert "تفاهم‌نامه‌ها به تفکیک وضعیت" in figures and "زودبازده" in figures
    assert "زنان آموزش‌دیده" in figures and "۲۵" in figures  # 10 of 40: a quarter of the target
