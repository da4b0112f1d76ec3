"""A school's Excel list of term results, with the import contract's guarantees."""

import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tavana.core.domain.identifiers import make_national_code
from tavana.youth import services
from tavana.youth.importing.importer import import_results
from tavana.youth.models import RiskFlag, SchoolYear, TermResult

from .factories import clear_for_children, make_family, make_school

pytestmark = pytest.mark.django_db

HEAD = ["ردیف", "کد ملی", "نام", "نام خانوادگی", "سال تحصیلی", "نوبت", "پایه", "کد مدرسه",
        "معدل", "ریاضی", "علوم", "غیبت", "توضیح مدرسه"]  # fmt: skip


def write(path, rows, head=HEAD):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(head)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


@pytest.fixture
def pupils(worker, d4):
    """Three children of two mothers; the school «۱۲۳۴۵» exists; Sara's year is recorded."""
    _, (sara, reza) = make_family(district=d4, children=(("سارا", 2011), ("رضا", 2010)))
    _, (mina,) = make_family(district=d4, mother=("زهرا", "کریمی"), children=(("مینا", 2015),))
    for i, kid in enumerate((sara, reza, mina)):
        kid.national_code = make_national_code(f"00{i + 1}1234567"[:9])
        kid.save(update_fields=["national_code"])
    school = make_school("دبیرستان پروین", district=d4, code="12345")
    services.school_year_record(actor=worker, child=sara, year=1403, grade=8, school=school)
    return sara, reza, mina


def rows_of(sara, reza, mina):
    return [
        [1, sara.national_code, "سارا", "رضایی", "۱۴۰۳–۱۴۰۴", "اول", 8, "12345", "۱۵٫۵", 14, 16, 2, ""],
        [2, reza.national_code, "رضا", "رضایی", "1403", "1", "نهم", "12345", "9.75", "8", "7", 14, "غایب"],
        [3, mina.national_code, "مینا", "کریمی", "1403", "1", 3, "12345", "18", "", "", 0, ""],
        [4, "0000000000", "ناشناس", "ناشناس", "1403", "1", 8, "12345", "15", "", "", "", ""],
        [5, sara.national_code, "سارا", "رضایی", "1403", "اول", 8, "12345", "25", "", "", "", ""],
        [6, reza.national_code, "رضا", "رضایی", "1403", "1", 9, "12345", "9.75", "8", "7", 14, ""],
    ]  # fmt: skip


def test_rows_end_created_or_rejected_with_reasons_and_the_same_file_again_creates_nothing(
    tmp_path, worker, pupils
):
    sara, reza, mina = pupils
    path = write(tmp_path / "school.xlsx", rows_of(*pupils))
    report = tmp_path / "rejected.xlsx"
    result = import_results(path, actor=worker, report=report)
    assert result.summary_line() == "created 2, updated 0, unchanged 1, rejected 3"
    assert result.unknown_columns == ["توضیح مدرسه"]
    sheet = openpyxl.load_workbook(report).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-2:] == ("شمارهٔ سطر", "دلیل رد") and rows[0][-3] == "توضیح مدرسه"
    reasons = {r[0]: r[-1] for r in rows[1:]}
    assert set(reasons) == {3, 4, 5}
    assert "ارزشیابی توصیفی" in reasons[3]  # grade 3 is a primary year
    assert "پیدا نشد" in reasons[4]
    assert "نمره باید بین ۰ و ۲۰ باشد" in reasons[5]
    assert TermResult.objects.get(child=sara).source == "import"
    assert SchoolYear.objects.get(child=reza, year=1403).grade == 9  # made from the row
    assert RiskFlag.objects.filter(child=reza, status="open").exists()  # 9.75 < 12
    again = import_results(path, actor=worker, report=tmp_path / "again.xlsx")
    assert again.summary_line() == "created 0, updated 0, unchanged 3, rejected 3"
    assert TermResult.objects.count() == 2


def test_a_dry_run_changes_nothing_and_a_changed_mark_is_an_update(tmp_path, worker, pupils):
    rows = rows_of(*pupils)[:1]
    path = write(tmp_path / "one.xlsx", rows)
    dry = import_results(path, actor=worker, dry_run=True)
    assert dry.summary_line() == "created 1, updated 0, unchanged 0, rejected 0"
    assert not TermResult.objects.exists()
    import_results(path, actor=worker)
    rows[0][8] = "16"
    result = import_results(write(tmp_path / "two.xlsx", rows), actor=worker)
    assert result.summary_line() == "created 0, updated 1, unchanged 0, rejected 0"


def test_the_same_child_and_term_twice_with_other_values_rejects_the_later_row(
    tmp_path, worker, pupils
):
    sara = pupils[0]
    rows = [
        [1, sara.national_code, "سارا", "رضایی", "1403", "1", 8, "12345", "15", "", "", 1, ""],
        [2, sara.national_code, "سارا", "رضایی", "1403", "1", 8, "12345", "17", "", "", 1, ""],
    ]
    result = import_results(write(tmp_path / "dup.xlsx", rows), actor=worker)
    assert result.summary_line() == "created 1, updated 0, unchanged 0, rejected 1"
    assert TermResult.objects.get(child=sara).average == 15


def test_children_outside_the_uploaders_districts_read_as_not_found(
    tmp_path, make_user, pupils, d9
):
    from tavana.accounts import roles

    registrar = make_user(roles.REGISTRAR, username="reg9")
    registrar.districts.set([d9])
    clear_for_children(registrar)  # cleared, but not for these districts
    result = import_results(write(tmp_path / "x.xlsx", rows_of(*pupils)[:1]), actor=registrar)
    assert result.rejected == 1 and not TermResult.objects.exists()


def test_the_command_follows_the_import_contract(tmp_path, pupils, capsys):
    path = write(tmp_path / "school.xlsx", rows_of(*pupils))
    call_command("import", "school-results", str(path), "--report", str(tmp_path / "r.csv"))
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1] == "created 2, updated 0, unchanged 1, rejected 3"
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(CommandError) as e:
        call_command("import", "school-results", str(bad))
    assert e.value.returncode == 2
    assert TermResult.objects.count() == 2


def test_an_unknown_layout_is_refused_as_a_whole(tmp_path, worker):
    from tavana.people.importing import UnreadableFile

    path = write(tmp_path / "odd.xlsx", [["x", "y"]], head=["ستون اول", "ستون دوم"])
    with pytest.raises(UnreadableFile) as e:
        import_results(path, actor=worker)
    assert "سال تحصیلی" in str(e.value)


def test_year_term_and_grade_are_read_in_the_ways_schools_write_them():
    from tavana.youth.importing.importer import parse_grade, parse_term, parse_year

    assert parse_year("۱۴۰۳-۱۴۰۴") == 1403 and parse_year(1403.0) == 1403
    assert parse_term("نوبت دوم") == 2 and parse_term("۱") == 1
    assert parse_grade("پایهٔ یازدهم") == 11 and parse_grade("۷") == 7
    with pytest.raises(ValueError):
        parse_year("1403-1405")


def test_the_registrar_uploads_a_list_and_only_she_fetches_the_rejected_rows(
    tmp_path, client, make_user, pupils, d4, settings
):
    from tavana.accounts import roles

    settings.MEDIA_ROOT = tmp_path / "media"
    registrar = make_user(roles.REGISTRAR, username="reg4")
    registrar.districts.set([d4])
    clear_for_children(registrar)
    client.force_login(registrar)
    path = write(tmp_path / "school.xlsx", rows_of(*pupils))
    with path.open("rb") as fh:
        response = client.post("/youth/import/", {"file": fh})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "ثبت تازه" in page and "دریافت سطرهای ردشده با دلیل" in page
    report = client.get(response.url + "rejected.xlsx")
    assert report.status_code == 200
    other = make_user(roles.REGISTRAR, username="reg-other")
    client.force_login(other)
    assert client.get(response.url).status_code == 404
    assert client.get(response.url + "rejected.xlsx").status_code == 404
    # the registrar imports marks but does not read them
    assert client.get(f"/youth/children/{pupils[0].pk}/").status_code == 403


def test_an_unreadable_upload_is_refused_on_the_form(tmp_path, client, make_user, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tavana.accounts import roles

    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(clear_for_children(make_user(roles.REGISTRAR, username="reg5")).user)
    bad = SimpleUploadedFile("list.xlsx", b"PK\x03\x04 broken")
    page = client.post("/youth/import/", {"file": bad}).content.decode()
    assert "invalid-feedback" in page
    assert not TermResult.objects.exists()


def _as_excel_types(value):
    """What Excel keeps for a typed cell: a number for digits (a school code too),
    text for the rest (a national code typed as text keeps its leading zeros)."""
    if isinstance(value, str) and value.replace(".", "", 1).isdigit() and value[0] != "0":
        return float(value) if "." in value else int(value)
    return value


def test_a_file_as_excel_saves_it_imports_the_same(tmp_path, worker, pupils):
    """Shared strings, numbers as numbers (averages, years, the school code): the
    rows end as they do from openpyxl's inline strings."""
    from tests.people.importing.excel_files import write_excel_rows

    rows = [[_as_excel_types(v) for v in row] for row in rows_of(*pupils)]
    assert rows[1][4] == 1403 and rows[1][7] == 12345 and rows[1][8] == 9.75
    path = write_excel_rows(tmp_path / "excel.xlsx", [HEAD, *rows], sheet="کارنامه")
    with zipfile.ZipFile(path) as z:
        assert "xl/sharedStrings.xml" in z.namelist()
        assert 't="inlineStr"' not in z.read("xl/worksheets/sheet1.xml").decode()
    result = import_results(path, actor=worker, report=tmp_path / "rejected.xlsx")
    assert result.summary_line() == "created 2, updated 0, unchanged 1, rejected 3"
    sara, reza, _ = pupils
    assert TermResult.objects.get(child=reza).average == Decimal("9.75")
    assert SchoolYear.objects.get(child=reza, year=1403).school.code == "12345"
