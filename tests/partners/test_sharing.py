"""Data sharing: a manager records a data-sharing agreement; the partner's analyst
downloads suppressed extracts and a k-anonymous research extract, and reads the
indicator API with a token bound to her agreement (expiring with it); every
extract and API read is in the audit log."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from tavana.audit.models import AuditEntry
from tavana.core.domain.jalali import TEHRAN, month_range, to_jalali
from tavana.core.models import District
from tavana.insights.sharing import partner_extracts
from tavana.partners import services
from tavana.partners.models import DataSharing, Extract
from tavana.people.models import Consent, Person, Registration

from . import factories as f

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def jalali(d: dt.date) -> str:
    return "{}/{:02d}/{:02d}".format(*to_jalali(d))


def this_month() -> tuple[dt.date, dt.date]:
    """The Jalali month the registrations made now fall in (Tehran's date)."""
    y, m, _ = to_jalali(timezone.localtime(timezone.now(), TEHRAN).date())
    return month_range(y, m)


def women(number: int, count: int, born=dt.date(1990, 5, 1), research=True) -> list[Person]:
    """Registered women of a district; `research`: they agreed to anonymous research use."""
    d, _ = District.objects.get_or_create(number=number, defaults={"name": f"منطقهٔ {number}"})
    out = []
    for n in range(count):
        p = Person.objects.create(
            first_name="زن", last_name=f"آزمایشی{number}-{n}", name_key="x", first_key="x",
            last_key="x", district=d, birth_date=born, sex=Person.FEMALE,
        )  # fmt: skip
        Registration.objects.create(person=p)
        if research:
            Consent.objects.create(person=p, purpose="research", given_on=TODAY)
        out.append(p)
    return out


def test_a_manager_records_a_data_sharing_agreement(client):
    a = f.agreement()
    f.analyst()
    client.force_login(f.manager())
    url = reverse("partners:sharing_new", args=[a.pk])
    page = client.post(url, {"title": "تبادل", "frequency": "monthly", "k": "3",
                             "data_from": jalali(a.starts_on), "valid_until": ""})  # fmt: skip
    assert page.status_code == 422
    body = page.content.decode()
    assert "دست‌کم یک شاخص را انتخاب کنید" in body and "تحلیلگر شریک را انتخاب کنید" in body
    assert "تاریخ پایان اعتبار را وارد کنید" in body and 'value="تبادل"' in body
    assert not DataSharing.objects.exists()
    done = client.post(
        url,
        {"title": "تبادل ماهانه", "frequency": "monthly", "k": "5", "indicators": ["women"],
         "analyst": f.analyst().pk, "data_from": jalali(a.starts_on),
         "valid_until": jalali(a.ends_on), "record_level": "on"},
    )  # fmt: skip
    s = DataSharing.objects.get()
    assert done.status_code == 302 and s.indicators == ["women"] and s.k == 5
    agreement_page = client.get(reverse("partners:agreement", args=[a.pk])).content.decode()
    assert "تبادل ماهانه" in agreement_page


def test_the_analyst_downloads_a_suppressed_extract_and_only_hers(client):
    women(4, 3)  # three women: a small cell
    women(9, 12)
    s = f.sharing()
    other = f.sharing(who=f.analyst("other-analyst"), title="دیگری")
    client.force_login(f.analyst())
    listing = client.get(reverse("partners:sharing_list")).content.decode()
    assert s.title in listing and "دیگری" not in listing
    assert client.get(reverse("partners:sharing", args=[other.pk])).status_code == 404
    start, end = this_month()
    odd = client.post(
        reverse("partners:extract_new", args=[s.pk]),
        {"kind": "tables", "start": jalali(start + dt.timedelta(days=1)), "end": jalali(end)},
        follow=True,
    )
    assert "یک ماه، یک فصل یا یک سال کامل" in odd.content.decode()  # not a whole month
    assert not Extract.objects.filter(sharing=s).exists()
    client.post(
        reverse("partners:extract_new", args=[s.pk]),
        {"kind": "tables", "start": jalali(start), "end": jalali(end)},
    )
    extract = Extract.objects.get(sharing=s)
    page = client.get(reverse("partners:sharing", args=[s.pk])).content.decode()
    assert "دریافت xlsx" in page
    response = client.get(reverse("partners:extract", args=[extract.pk]))
    assert response.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row]
    assert "کمتر از ۵" in cells  # district 4's three women are not shown as 3
    assert "پنهان" in cells  # and not recoverable from the totals either
    assert 3 not in cells
    assert AuditEntry.objects.filter(action="partners.extract_make").exists()
    assert AuditEntry.objects.filter(action="partners.extract_download").exists()
    other_extract = services.extract_make(
        actor=f.manager(), sharing=other, kind="tables", start=start, end=end
    )
    assert client.get(reverse("partners:extract", args=[other_extract.pk])).status_code == 404


def test_a_research_extract_is_k_anonymous_and_leaves_protected_women_out():
    from tavana.partners.sharing import NEVER_SHARED

    group = women(4, 8, born=dt.date(1990, 1, 1)) + women(9, 6, born=dt.date(1975, 1, 1))
    women(21, 1, born=dt.date(1950, 1, 1))  # the only one of her kind
    assert NEVER_SHARED, "the protected programmes register their participants"
    s = f.sharing()
    e = services.extract_make(
        actor=f.manager(), sharing=s, kind="records", start=TODAY - dt.timedelta(days=30),
        end=TODAY,
    )  # fmt: skip
    wb = openpyxl.load_workbook(io.BytesIO(bytes(e.content)))
    rows = list(wb["رکوردها"].iter_rows(min_row=2, values_only=True))
    classes: dict = {}
    for age, district, _ in rows:
        classes[(age, district)] = classes.get((age, district), 0) + 1
    assert all(n >= 5 for n in classes.values())
    assert len(rows) + e.summary["suppressed"] == len(group) + 1
    assert e.summary["without_consent"] == 0
    info = dict(wb["افت اطلاعات"].iter_rows(values_only=True))
    assert info["k"] == 5 and 0 <= info["افت دقت (۰ تا ۱)"] <= 1


def test_a_research_extract_holds_only_women_who_agreed_to_research():
    agreed = women(4, 6)
    women(4, 5, research=False)
    e = services.extract_make(
        actor=f.manager(), sharing=f.sharing(), kind="records",
        start=TODAY - dt.timedelta(days=30), end=TODAY,
    )  # fmt: skip
    assert e.summary["records"] + e.summary["suppressed"] == len(agreed)
    assert e.summary["without_consent"] == 5


def test_a_research_extract_never_holds_a_protected_participant():
    from tavana.protected.models import Participant, Programme

    group = women(4, 10)
    programme = Programme.objects.first()
    if programme is None:
        pytest.skip("no protected programme seeded")
    for p in group[:4]:
        Participant.objects.create(programme=programme, person=p, joined_on=TODAY)
    s = f.sharing()
    e = services.extract_make(
        actor=f.manager(), sharing=s, kind="records", start=TODAY - dt.timedelta(days=30),
        end=TODAY,
    )  # fmt: skip
    assert e.summary["records"] + e.summary["suppressed"] == 6


def test_the_partner_api_reads_with_a_token_bound_to_one_agreement(client):
    women(4, 3)
    women(9, 12)
    s = f.sharing()
    client.force_login(f.analyst())
    client.post(reverse("partners:sharing_token", args=[s.pk]))
    page = client.get(reverse("partners:sharing", args=[s.pk])).content.decode()
    raw = page.split('data-testid="new-token">')[1].split('<code dir="ltr">')[1].split("<")[0]
    assert raw.startswith("tvp_")
    assert raw not in client.get(reverse("partners:sharing", args=[s.pk])).content.decode()
    client.logout()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    info = client.get("/api/partners/sharing", **auth).json()
    assert [i["code"] for i in info["indicators"]] == ["women", "services"]
    first, after = this_month()
    start, end = first.isoformat(), after.isoformat()
    odd = client.get(
        f"/api/partners/indicators/women?start={start}&end={TODAY.isoformat()}", **auth
    )
    assert odd.status_code == 422  # only whole months, seasons, years
    table = client.get(f"/api/partners/indicators/women?start={start}&end={end}", **auth).json()
    assert table["total"] == 15
    flat = [c for row in table["cells"] for c in row] + table["row_totals"]
    assert 3 not in flat and None in flat  # district 4's small cell is hidden
    assert AuditEntry.objects.filter(action="partners.api_read").count() == 1
    missing = client.get(f"/api/partners/indicators/courses?start={start}&end={end}", **auth)
    assert missing.status_code == 404  # not in her agreement
    assert client.get("/api/partners/sharing").status_code == 401
    DataSharing.objects.filter(pk=s.pk).update(valid_until=TODAY - dt.timedelta(days=1))
    assert client.get("/api/partners/sharing", **auth).status_code == 401  # expired with it


def test_the_openapi_schema_documents_the_partner_api(client):
    client.force_login(f.manager())
    schema = client.get("/api/openapi.json").json()
    assert "/api/partners/indicators/{code}" in schema["paths"]
    assert "SharingTokenAuth" in schema["components"]["securitySchemes"]


def test_the_daily_run_makes_the_due_extracts():
    women(9, 6)
    s = f.sharing()
    assert partner_extracts(TODAY) == 1
    s.refresh_from_db()
    assert Extract.objects.filter(sharing=s, kind="tables").count() == 1
    assert s.next_extract_on > TODAY
    assert partner_extracts(TODAY) == 0
