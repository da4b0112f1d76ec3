"""Registry journeys in a real browser: register, correct, merge."""

import pytest

from tavana.accounts import roles
from tavana.core.domain.identifiers import make_national_code
from tavana.core.models import District
from tavana.people import services
from tavana.people.duplicates import services as duplicates
from tavana.people.models import ChangeRequest, DuplicateCandidate, Membership, Person

from .conftest import SCREENSHOTS, login, open_menu

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def registrar(make_user):
    d4 = District.objects.create(number=4, name="منطقهٔ ۴")
    user = make_user(roles.REGISTRAR, username="zahra")
    user.districts.set([d4])
    return user


def test_registrar_sees_a_duplicate_while_typing_then_registers_a_new_woman(page, registrar):
    existing = services.person_create(
        actor=registrar,
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
    login(page, "zahra")
    page.goto(page.base_url + "/people/register/")
    # Arabic letters and no half-space: the existing record still shows up.
    page.fill("#id_first_name", "مريم")
    page.fill("#id_last_name", "رضایی پور")
    page.fill("#id_father_name", "علي")
    candidates = page.get_by_test_id("candidates")
    candidates.wait_for()
    assert "مریم رضایی‌پور" in candidates.inner_text()
    if __import__("os").environ.get("TAVANA_UPDATE_SCREENSHOTS"):
        page.screenshot(path=str(SCREENSHOTS / "register-duplicate-warning.png"), full_page=True)
    # She is someone else: a different first name and birth date.
    page.fill("#id_first_name", "مینا")
    page.fill("#id_birth_date", "۱۳۶۲/۰۱/۰۱")
    page.keyboard.press("Escape")
    page.fill("#id_mobile", "۰۹۳۵۱۲۳۴۵۶۷")
    page.fill("#id_national_code", make_national_code("009876543"))
    page.select_option("#id_district", "4")
    page.check("input[name=basis][value=carries]")
    page.get_by_role("button", name="ثبت", exact=True).click()
    page.wait_for_url("**/people/*/")
    assert page.get_by_test_id("person-name").inner_text() == "مینا رضایی پور"
    assert "۰۹۳۵۱۲۳۴۵۶۷" in page.content()
    assert Person.objects.exclude(pk=existing.pk).get().mobile == "09351234567"


def test_bad_input_is_explained_and_nothing_typed_is_lost(page, registrar):
    login(page, "zahra")
    page.goto(page.base_url + "/people/register/")
    page.fill("#id_national_code", "۱۲۳۴۵۶۷۸۹۰")
    page.fill("#id_last_name", "کریمی")
    page.fill("#id_mobile", "0912")
    page.check("input[name=basis][value=wants]")
    page.get_by_role("button", name="ثبت", exact=True).click()
    page.wait_for_load_state()
    alerts = " ".join(page.locator("[role=alert]").all_inner_texts())
    assert "نام را وارد کنید" in alerts and "کد ملی" in alerts and "شماره همراه" in alerts
    assert page.input_value("#id_national_code") == "۱۲۳۴۵۶۷۸۹۰"
    assert page.input_value("#id_last_name") == "کریمی"
    assert page.is_checked("input[name=basis][value=wants]")
    assert Person.objects.count() == 0


def test_correction_is_requested_then_approved_by_a_supervisor(page, registrar, make_user):
    woman = services.person_create(
        actor=registrar,
        data={"first_name": "مریم", "last_name": "احمدی", "father_name": "علی", "district": "4"},
    )
    make_user(roles.ADMINISTRATOR, username="boss")
    login(page, "zahra")
    page.goto(page.base_url + f"/people/{woman.pk}/")
    page.get_by_role("link", name="درخواست اصلاح مشخصات").click()
    page.fill("#id_father_name", "علیرضا")
    page.fill("#id_reason", "در شناسنامه علیرضا آمده است")
    page.get_by_role("button", name="ثبت درخواست").click()
    page.wait_for_url("**/people/changes/*/")
    assert "در انتظار بررسی" in page.content()
    open_menu(page)
    page.get_by_role("button", name="خروج").click()
    login(page, "boss")
    page.goto(page.base_url + "/people/changes/")
    page.get_by_role("link", name="بررسی", exact=True).click()
    assert "علیرضا" in page.get_by_test_id("diff").inner_text()
    page.get_by_role("button", name="تأیید و اعمال").click()
    page.wait_for_url("**/people/changes/")
    woman.refresh_from_db()
    assert woman.father_name == "علیرضا"
    assert ChangeRequest.objects.get().status == ChangeRequest.APPROVED


def test_reviewer_merges_two_records_of_one_woman(page, registrar):
    a = services.person_create(
        actor=registrar,
        data={
            "first_name": "مریم",
            "last_name": "رضایی‌پور",
            "father_name": "علی",
            "birth_date": "1360/05/10",
            "district": "4",
        },
        household={"relation": Membership.HEAD},
    )
    b = services.person_create(
        actor=registrar,
        data={
            "first_name": "مريم",
            "last_name": "رضايي پور",
            "father_name": "علي",
            "birth_date": "1360/05/10",
            "mobile": "09121112233",
            "district": "4",
        },
    )
    duplicates.duplicate_candidate_record(
        person_a_id=a.pk,
        person_b_id=b.pk,
        score=0.95,
        reasons=["نام و نام پدر یکسان", "تاریخ تولد یکسان"],
    )
    login(page, "zahra")
    page.goto(page.base_url + "/people/duplicates/")
    page.get_by_role("link", name="بررسی", exact=True).click()
    assert "تاریخ تولد یکسان" in page.content()
    page.get_by_role(
        "button",
        name=f"ادغام؛ پروندهٔ {str(a.pk).translate(str.maketrans('0123456789', '۰۱۲۳۴۵۶۷۸۹'))} بماند",
    ).click()
    page.wait_for_url(f"**/people/{a.pk}/")
    assert "۰۹۱۲۱۱۱۲۲۳۳" in page.content()  # her mobile came from the merged record
    b.refresh_from_db()
    assert b.merged_into_id == a.pk
    assert DuplicateCandidate.objects.get().status == DuplicateCandidate.MERGED
