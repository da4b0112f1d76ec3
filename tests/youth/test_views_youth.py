"""The youth pages through the client: what a social worker and an administrator see."""

import datetime as dt

import pytest

from tavana.accounts import roles
from tavana.youth import services
from tavana.youth.models import Intervention, RiskFlag, TermResult
from tests.query_counts import assert_pinned

from .factories import clear_for_children, make_family, make_school

pytestmark = pytest.mark.django_db


@pytest.fixture
def kid_with_flag(worker, d4):
    _, (kid,) = make_family(district=d4, children=(("سارا", 2011),))
    school = make_school(district=d4)
    services.school_year_record(actor=worker, child=kid, year=1403, grade=8, school=school)
    services.term_result_record(actor=worker, child=kid, year=1403, term=1, average="11")
    return kid


def test_the_social_worker_sees_her_risk_list_and_the_childs_record(client, worker, kid_with_flag):
    client.force_login(worker)
    page = client.get("/youth/").content.decode()
    assert "سارا رضایی" in page and "معدل پایین" in page
    page = client.get(f"/youth/children/{kid_with_flag.pk}/").content.decode()
    assert "معدل ۱۱ در نوبت اول (دی) ۱۴۰۳–۱۴۰۴ (کمتر از ۱۲)" in page
    assert "دبستان فردوسی" in page


def test_bad_marks_are_named_per_field_and_what_was_typed_is_kept(client, worker, kid_with_flag):
    client.force_login(worker)
    response = client.post(
        f"/youth/children/{kid_with_flag.pk}/results/",
        {"year": "1403", "term": "2", "average": "۲۳", "mark_math": "دوازده", "absences": "۴"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "نمره باید بین ۰ و ۲۰ باشد" in page and "ریاضی:" in page
    assert 'value="۲۳"' in page and 'value="دوازده"' in page
    assert not TermResult.objects.filter(term=2).exists()


def test_an_intervention_is_recorded_and_resolves_with_the_next_term(client, worker, kid_with_flag):
    client.force_login(worker)
    flag = RiskFlag.objects.get(child=kid_with_flag)
    today = dt.date.today()
    import jdatetime

    j = jdatetime.date.fromgregorian(date=today)
    response = client.post(
        f"/youth/flags/{flag.pk}/intervention/",
        {"kind": "tutoring", "started_on": f"{j.year}/{j.month}/{j.day}", "note": "کلاس ریاضی"},
    )
    assert response.status_code == 302
    assert Intervention.objects.get().kind == "tutoring"
    client.post(
        f"/youth/children/{kid_with_flag.pk}/results/",
        {"year": "1403", "term": "2", "average": "۱۴٫۲۵"},
    )
    page = client.get(f"/youth/children/{kid_with_flag.pk}/").content.decode()
    assert "برطرف‌شده در نوبت دوم (خرداد) ۱۴۰۳–۱۴۰۴" in page
    assert "نتیجه: بهبود" in page and "+۳٫۲۵" in page


def test_outside_her_districts_the_child_page_is_404(client, make_user, kid_with_flag, d9):
    other = make_user(roles.SOCIAL_WORKER, username="other")
    other.districts.set([d9])
    clear_for_children(other)  # cleared, but the child is outside her districts
    client.force_login(other)
    assert client.get(f"/youth/children/{kid_with_flag.pk}/").status_code == 404
    assert "سارا" not in client.get("/youth/").content.decode()


def test_the_mothers_page_lists_her_children_with_their_school(client, worker, kid_with_flag):
    from tavana.people.selectors import parent_of

    client.force_login(worker)
    mom = parent_of(child=kid_with_flag)
    page = client.get(f"/people/{mom.pk}/").content.decode()
    assert "فرزندان و تحصیل" in page and "پروندهٔ تحصیلی" in page
    assert "معدل" not in page  # marks stay on the audited page


def test_the_administrator_changes_a_threshold_and_sees_its_history(client, admin):
    from tavana.youth.models import WarningIndicator

    client.force_login(admin)
    ind = WarningIndicator.objects.get(code="absences")
    bad = client.post(f"/youth/indicators/{ind.pk}/", {"threshold": "صفر", "severity": "2"})
    assert "آستانه باید عدد باشد" in bad.content.decode()
    client.post(f"/youth/indicators/{ind.pk}/", {"threshold": "۸", "severity": "3", "active": "on"})
    page = client.get("/youth/indicators/").content.decode()
    assert "تغییر آستانهٔ شاخص هشدار تحصیلی" in page
    ind.refresh_from_db()
    assert ind.threshold == 8 and ind.severity == 3


def test_the_risk_list_pins_its_query_count(client, worker, kid_with_flag, d4):
    client.force_login(worker)

    def more():
        for name in ("مینا", "نرگس"):
            _, (kid,) = make_family(district=d4, mother=("زهرا", name), children=((name, 2010),))
            school = make_school(f"مدرسه {name}", district=d4)
            services.school_year_record(actor=worker, child=kid, year=1403, grade=8, school=school)
            services.term_result_record(actor=worker, child=kid, year=1403, term=1, average="9")

    page = assert_pinned(client, "/youth/", more, pinned=PINNED)
    assert page.count('data-testid="risk-row"') == 3


PINNED = 16


def test_a_refused_teen_enrolment_shows_beside_the_code_typed(client, make_user, d4):
    """The service names its `child` argument; the page's field is the code typed."""
    from tavana.core.domain.identifiers import make_national_code
    from tavana.training.models import Course
    from tests.training import factories as tf

    from .factories import clear_for_children, make_family

    manager = make_user(roles.CENTRE_MANAGER, username="cm-enrol")
    manager.districts.set([d4])
    clear_for_children(manager)
    client.force_login(manager)
    course = tf.course(capacity=5, sessions=2, kind=Course.TEEN)
    programme = services.teen_programme_create(actor=manager, course=course, theme="startup")
    _, (teen,) = make_family(district=d4, children=(("نازنین", course.first_date.year - 15),))
    teen.national_code = make_national_code("004567891")
    teen.save(update_fields=["national_code"])
    r = client.post(
        f"/youth/teens/{programme.pk}/",
        {"enrol": "1", "e-code": teen.national_code, "e-method": "", "e-given_on": ""},
    )
    page = r.content.decode()
    assert r.status_code == 200 and "پیش از ثبت‌نام، رضایت مادر را ثبت کنید" in page
    field = page[page.index('name="e-code"') - 400 : page.index('name="e-code"') + 400]
    assert "is-invalid" in field and teen.national_code in field  # beside it, kept
    assert not course.enrolments.exists()
