"""A registrar imports an Excel list, sees the summary and downloads the rejected rows."""

import pytest

from tavana.accounts import roles
from tavana.core.models import District
from tavana.people.models import Person
from tests.people.importing.import_files import (
    PERSIAN_HEADERS,
    read_report,
    sample_rows,
    write_xlsx,
)

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_registrar_imports_an_excel_list(page, make_user, tmp_path):
    District.objects.bulk_create([District(number=i, name=f"منطقه {i}") for i in range(1, 23)])
    make_user(roles.REGISTRAR, username="nasrin")
    src = write_xlsx(tmp_path / "فهرست-زنان.xlsx", PERSIAN_HEADERS, sample_rows())
    login(page, "nasrin")

    page.goto(page.base_url + "/people/import/")
    assert "ورود گروهی" in page.content()
    page.set_input_files("input[name=file]", str(src))
    page.get_by_role("button", name="بارگذاری و ورود").click()

    summary = page.locator("[data-summary]")
    summary.wait_for()
    assert page.locator('[data-count="created"]').inner_text() == "۴"
    assert page.locator('[data-count="rejected"]').inner_text() == "۲"
    assert page.locator(".job-progress .progress-bar").inner_text() == "۱۰۰٪"
    assert Person.objects.count() == 4

    with page.expect_download() as info:
        page.get_by_text("دریافت سطرهای ردشده").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    saved = tmp_path / "rejected.xlsx"
    download.save_as(saved)
    rows = read_report(saved)
    assert rows[0][-1] == "دلیل رد" and len(rows) == 3
    assert any("کد ملی" in str(r[-1]) for r in rows[1:])


def test_unreadable_upload_is_refused_on_the_form(page, make_user, tmp_path):
    make_user(roles.REGISTRAR, username="nasrin")
    bad = tmp_path / "list.xlsx"
    bad.write_bytes(b"this is not an excel file")
    login(page, "nasrin")
    page.goto(page.base_url + "/people/import/")
    page.set_input_files("input[name=file]", str(bad))
    page.get_by_role("button", name="بارگذاری و ورود").click()
    error = page.locator(".invalid-feedback[data-field=file]")
    assert "xlsx خوانده نمی‌شود" in error.inner_text()
