"""The release campaign's figures by period and district, its API and its export:
cleared staff see every count; partners see counts with every count under ten and
any the totals would give away hidden (the page, the API and the workbook alike);
nothing names a woman, a prison or an offence; the API and the export are audited."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tavana.accounts import roles
from tavana.audit.models import AuditEntry
from tavana.core.domain.jalali import to_jalali
from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.models import District
from tavana.protected.release import figures

from .factories import staff
from .release_factories import open_case, release_staff

pytestmark = pytest.mark.django_db
SECRETS = ("فاطمه", "کرمانی", "قرچک", "ندامتگاه", "چک برگشتی", "0013542419", "جرم")
HIDDEN = ("کمتر از ۱۰", "پنهان")


@pytest.fixture
def world(make_user):
    """12 cases in district 19 and 3 in district 4, identified this year."""
    a = release_staff(make_user, roles.SOCIAL_WORKER, "fig_a")
    d4, _ = District.objects.get_or_create(number=4, defaults={"name": "منطقهٔ ۴"})
    today = timezone.localdate()
    for _ in range(12):
        open_case(a, national_code="", identified_on=today)
    for _ in range(3):
        open_case(a, national_code="", identified_on=today, district=d4)
    partner = staff(make_user, roles.PARTNER_ANALYST, username="fig_partner")
    return a, partner, to_jalali(today)[0], to_jalali(today)[1] - 1


def test_cleared_staff_see_every_count_by_month_and_district(world):
    a, _, year, month = world
    by = figures.period_figures(year=year, full=True)
    assert by["period"]["identified"]["cells"][month] == [15]
    d = by["districts"]
    assert d["districts"] == [4, 19] and d["row_totals"] == [3, 12] and d["total"] == 15
    assert d["suppressed"] == 0


def test_partners_see_no_count_under_ten_nor_one_the_totals_give_away(world):
    _, _, year, month = world
    d = figures.period_figures(year=year, full=False)["districts"]
    assert d["row_totals"][0] is None and d["labels"][0][0] == "کمتر از ۱۰"
    # district 19's 12 would give the 3 away from the total of 15: hidden too
    assert d["row_totals"][1] is None and d["total"] == 15
    assert figures.period_figures(year=year, full=False)["period"]["identified"]["cells"][
        month
    ] == [15]


def test_the_figures_page_by_year_wrong_and_right(client, world):
    a, partner, year, _ = world
    client.force_login(partner)
    url = reverse("release:figures")
    page = client.get(url, {"year": to_persian_digits(year)}).content.decode()
    assert 'data-testid="by-district"' in page and "منطقهٔ ۱۹" in page and "کمتر از ۱۰" in page
    for s in SECRETS:
        assert s not in page
    assert client.get(url, {"year": "abc"}).status_code == 200  # this year, not an error
    client.force_login(a)
    page = client.get(url, {"year": str(year)}).content.decode()
    assert "منطقهٔ ۴" in page and "کمتر از ۱۰" not in page


def test_the_figures_api_hides_small_counts_for_partners(client, world):
    a, partner, year, month = world
    client.force_login(partner)
    r = client.get("/api/release/figures", {"year": year})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["full"] is False and body["by_district"]["row_totals"] == [None, None]
    assert body["identified_by_month"]["cells"][month] == 15
    client.force_login(a)
    body = client.get("/api/release/figures", {"year": year}).json()
    assert body["full"] is True and body["by_district"]["row_totals"] == [3, 12]


def test_the_cases_api_is_for_cleared_staff_and_names_no_one(client, world, make_user):
    a, partner, _, _ = world
    for user in (partner, staff(make_user, roles.SOCIAL_WORKER, username="fig_uncleared")):
        client.force_login(user)
        assert client.get("/api/release/cases").status_code in (403, 404)
    client.force_login(a)
    r = client.get("/api/release/cases")
    assert r.status_code == 200
    rows = r.json()
    assert len(rows) == 15 and {row["district"] for row in rows} == {4, 19}
    assert rows[0]["status"] == "identified" and rows[0]["owed"] == 0
    for s in SECRETS:
        assert s not in r.content.decode()
    assert AuditEntry.objects.filter(action="release.api_read", actor=a).count() == 1


def test_the_export_is_the_same_suppressed_table_and_is_audited(client, world):
    _, partner, year, _ = world
    client.force_login(partner)
    r = client.get(reverse("release:export"), {"year": year})
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    ds = wb["به تفکیک منطقه"]
    values = [[c.value for c in row] for row in ds.iter_rows()]
    assert values[1][0] == "منطقهٔ ۴" and values[1][1] in HIDDEN and values[1][-1] in HIDDEN
    assert values[-1][-1] == 15
    text = " ".join(str(v) for sheet in wb for row in sheet.iter_rows() for v in
                    (c.value for c in row))  # fmt: skip
    for s in SECRETS:
        assert s not in text
    entry = AuditEntry.objects.get(action="release.export", actor=partner)
    assert entry.after["full"] is False


def test_a_year_without_cases_is_all_zeros(db):
    by = figures.period_figures(year=None, full=False)
    assert by["districts"]["rows"] == [] and by["districts"]["total"] == 0
    assert by["districts"]["col_totals"] == [0, 0, 0]
    assert by["period"]["identified"]["total"] == 0
