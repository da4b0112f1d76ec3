"""Finding a woman with any spelling, and exporting the list, in a real browser."""

import io

import openpyxl
import pytest

from tavana.accounts import roles
from tavana.core.domain.identifiers import make_national_code
from tavana.core.models import District
from tavana.people import services

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def registry(make_user):
    d4 = District.objects.create(number=4, name="منطقهٔ ۴")
    District.objects.create(number=9, name="منطقهٔ ۹")
    user = make_user(roles.REGISTRAR, username="zahra")
    user.districts.set([d4])
    services.person_create(
        actor=user,
        data={
            "national_code": make_national_code("001234567"),
            "first_name": "مریم",
            "last_name": "رضایی‌پور",
            "father_name": "علی",
            "birth_date": "1360/05/10",
            "mobile": "09121112233",
            "district": "4",
        },
    )
    services.person_create(
        actor=user, data={"first_name": '=HYPERLINK("x")', "last_name": "کریمی", "district": "4"}
    )
    admin = make_user(roles.ADMINISTRATOR, username="boss")
    services.person_create(
        actor=admin,
        data={
            "first_name": "مریم",
            "last_name": "رضایی‌پور",
            "father_name": "حسین",
            "district": "9",
        },
    )
    return user


@pytest.mark.parametrize("typed", ["رضايي پور", "رضاییپور", "۰۹۱۲۱۱۱۲۲۳۳", "+989121112233"])
def test_registrar_finds_her_with_any_spelling_and_only_in_her_districts(page, registry, typed):
    login(page, "zahra")
    page.goto(page.base_url + "/people/search/")
    page.fill("#search-q", typed)
    results = page.locator("#search-results table")
    results.wait_for()
    text = results.inner_text()
    assert "مریم رضایی‌پور" in text
    assert "حسین" not in text  # the namesake lives in district 9, outside her scope
    page.get_by_role("link", name="مریم رضایی‌پور").click()
    page.wait_for_url("**/people/*/")
    assert page.get_by_test_id("person-name").inner_text() == "مریم رضایی‌پور"


def test_registrar_exports_the_list_and_formulas_are_defused(page, registry):
    login(page, "zahra")
    page.goto(page.base_url + "/people/search/?q=کریمی")
    with page.expect_download() as info:
        page.get_by_test_id("export").click()
    data = info.value.path()
    book = openpyxl.load_workbook(io.BytesIO(open(data, "rb").read()))
    cells = [c.value for row in book.active.iter_rows() for c in row if c.value]
    assert any(str(v).startswith("'=HYPERLINK") for v in cells)
    assert not any(str(v).startswith("=") for v in cells)
