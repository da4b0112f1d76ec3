from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.urls import reverse

from tavana.accounts import roles
from tavana.audit.models import AuditEntry
from tavana.core.domain.disclosure import HIDDEN_LABEL, SMALL_LABEL
from tavana.core.domain.persian_text import to_persian_digits
from tests.insights.factories import SALES, world
from tests.protected.factories import enrol_prison, enrol_recovery

pytestmark = pytest.mark.django_db

URL = reverse("insights:dashboard")
EXPORT = reverse("insights:export")


def _xlsx_text(response) -> str:
    assert response.content[:2] == b"PK"
    with zipfile.ZipFile(io.BytesIO(response.content)) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


def _sales_forms() -> list[str]:
    return [str(SALES), f"{SALES:,}", to_persian_digits(f"{SALES:,}".replace(",", "٬"))]


@pytest.mark.parametrize("role", [roles.MANAGER, roles.PARTNER_ANALYST, roles.ADMINISTRATOR])
def test_allowed_roles_see_the_figures(client_as, role):
    world()
    r = client_as(role).get(URL)
    assert r.status_code == 200
    body = r.content.decode()
    assert "آمار و شاخص‌ها" in body
    assert 'class="insights-chart"' in body
    assert "chart.umd.min.js" in body


@pytest.mark.parametrize("role", [roles.REGISTRAR, roles.SOCIAL_WORKER])
def test_other_roles_are_refused(client_as, role):
    client = client_as(role)
    assert client.get(URL).status_code == 403
    assert client.get(EXPORT).status_code == 403


def test_manager_sees_exact_figures_on_screen(client_as):
    world()
    body = client_as(roles.MANAGER).get(URL).content.decode()
    assert SMALL_LABEL not in body
    assert to_persian_digits(f"{SALES:,}".replace(",", "٬")) in body
    assert "نامآزمون" not in body  # aggregates only, even for managers


def test_partner_sees_no_person_and_no_small_cell(client_as):
    w = world()
    body = client_as(roles.PARTNER_ANALYST).get(URL).content.decode()
    assert SMALL_LABEL in body
    assert "نامآزمون" not in body and "فرزندآزمون" not in body
    for form in _sales_forms():
        assert form not in body
    assert f"/people/{w.w4[0].pk}/" not in body


def test_partner_export_is_suppressed_and_audited(client_as):
    world()
    client = client_as(roles.PARTNER_ANALYST)
    r = client.get(EXPORT, {"season": "1"})
    assert r.status_code == 200
    text = _xlsx_text(r)
    assert SMALL_LABEL in text
    assert "نامآزمون" not in text
    for form in _sales_forms():
        assert form not in text
    entry = AuditEntry.objects.filter(action="insights.export").latest("seq")
    assert entry.after["season"] == 1 and entry.after["protected"] is True


def test_manager_export_is_suppressed_too(client_as):
    world()
    r = client_as(roles.MANAGER).get(EXPORT)
    text = _xlsx_text(r)
    assert SMALL_LABEL in text
    assert str(SALES) not in text


def test_filters_by_district_and_month(client_as):
    w = world()
    client = client_as(roles.MANAGER)
    body = client.get(URL, {"district": w.d9.pk, "month": "1"}).content.decode()
    assert w.d9.name in body
    assert "فروردین" in body
    assert client.get(URL, {"year": "abc", "season": "9", "district": "x"}).status_code == 200


def _partner(client):
    from tests.conftest import User

    user = User.objects.create_user(username="partner-2", role=roles.PARTNER_ANALYST)
    client.force_login(user)
    return client


def test_protected_programmes_never_appear(client_as):
    w = world()
    enrol_prison(w.w4[1], letter_number="CANARY-LETTER-5150", wage=7_654_321)
    enrol_recovery(w.w4[2], outcome="CANARY-OUTCOME-FAMILY")
    from tavana.protected.models import Programme

    Programme.objects.filter(code=Programme.PRISON).update(name="CANARY-PROG-PRISON")
    Programme.objects.filter(code=Programme.RECOVERY).update(name="CANARY-PROG-RECOVERY")
    canaries = ["CANARY", "7,654,321", to_persian_digits("7٬654٬321"), "ندامتگاه", "اعتیاد"]
    client = client_as(roles.MANAGER)
    for role in (roles.MANAGER, roles.PARTNER_ANALYST):
        if role == roles.PARTNER_ANALYST:
            client = _partner(client)
        body = client.get(URL).content.decode()
        text = _xlsx_text(client.get(EXPORT))
        for c in canaries:
            assert c not in body and c not in text, (role, c)


def test_partner_headline_agrees_with_the_suppressed_table(client_as):
    """Protected figures are the whole city's (a district filter would be one
    more overlap to subtract): the headline's «ثبت‌نام تازه» is the women
    table's published total, and the running total is not published."""
    w = world()
    from django.test import RequestFactory

    from tavana.insights import published
    from tavana.insights.views import _filters

    f, _ = _filters(RequestFactory().get(URL))
    heads, shown = published.figures(f)
    women = next(s for s in shown if s.table.key == "women")
    assert women.table.cols == ["در این دوره"]
    body = client_as(roles.PARTNER_ANALYST).get(URL, {"district": w.d9.pk}).content.decode()
    assert 'data-testid="narrowed-note"' in body
    values = re.findall(r'fs-3 fw-bold num">([^<]*)<', body)
    total = women.pub.total()
    expected = total if isinstance(total, str) else to_persian_digits(str(total))
    assert values[:2] == [HIDDEN_LABEL, expected]


def test_a_manager_filters_the_figures_by_a_unit_of_the_organisation(client_as):
    """The issue: managers' figures can be filtered by unit (a unit and every unit
    under it); the page says which unit it shows."""
    import datetime as dt

    from tavana.accounts.models import OrgUnit
    from tavana.casework.models import Delivery, ServiceType
    from tests.training.factories import person

    dept = OrgUnit.objects.get(code="home_business")
    advice = ServiceType.objects.get(code="business_advice")
    counselling = ServiceType.objects.get(code="counselling_session")
    day = dt.date(2025, 1, 10)  # 1403/10/21
    a, b = person("مینا", "الف"), person("نیلوفر", "ب")
    Delivery.objects.create(person=a, service=advice, delivered_on=day, unit="session")
    Delivery.objects.create(person=b, service=counselling, delivered_on=day, unit="session")
    client = client_as(roles.MANAGER)
    whole = client.get(URL, {"year": "1403", "month": "10"}).content.decode()
    assert advice.name in whole and counselling.name in whole
    narrowed = client.get(URL, {"year": "1403", "month": "10", "unit": dept.pk})
    body = narrowed.content.decode()
    assert narrowed.status_code == 200
    assert dept.name in re.search(r'data-testid="period">([^<]+)<', body).group(1)
    assert f'<option value="{dept.pk}" selected>' in body
    assert advice.name in body and counselling.name not in body
