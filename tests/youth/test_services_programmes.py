"""Gifted-school support (maker-checker within a budget), teen programmes with the
mother's consent and age, and talent screening — through the services."""

import datetime as dt

import openpyxl
import pytest

from tavana.accounts import roles
from tavana.core.domain.identifiers import make_national_code, make_sheba
from tavana.core.errors import ServiceError
from tavana.training import services as training_services
from tavana.training.models import Course, CourseEnrolment
from tavana.youth import services
from tavana.youth.models import BudgetLine, SupportGrant
from tests.training import factories as tf

from .factories import clear_for_children, make_family

pytestmark = pytest.mark.django_db
SHEBA = make_sheba("0170000000123456789012")


@pytest.fixture
def application(worker, d4):
    mom, (kid,) = make_family(district=d4, children=(("سارا", 2013),))
    mom.national_code = make_national_code("001234567")
    mom.save(update_fields=["national_code"])
    return services.application_create(
        actor=worker, child=kid, exam="gifted", year=1404, grade=7,
        registered_on=dt.date.today(),
    )  # fmt: skip


@pytest.fixture
def line(db):
    return BudgetLine.objects.create(
        code="edu-1404", name="حمایت تحصیلی ۱۴۰۴", year=1404, amount_toman=5_000_000
    )


def test_support_needs_a_second_person_and_fits_the_budget(worker, make_user, application, line):
    g = services.grant_propose(
        actor=worker, application=application, kind="preparation", amount_toman=3_000_000,
        budget_line=line, sheba=SHEBA,
    )  # fmt: skip
    assert g.payee.first_name == "مریم" and g.status == "proposed"
    with pytest.raises(ServiceError) as e:
        services.grant_decide(actor=worker, grant=g, approve=True)
    assert e.value.code == "maker_checker"
    manager = make_user(roles.MANAGER, username="boss")
    clear_for_children(manager)
    services.grant_decide(actor=manager, grant=g, approve=True)
    g2 = services.grant_propose(
        actor=worker, application=application, kind="tuition", amount_toman=2_500_000,
        budget_line=line, sheba=SHEBA,
    )  # fmt: skip
    with pytest.raises(ServiceError) as e:
        services.grant_decide(actor=manager, grant=g2, approve=True)
    assert e.value.code == "over_budget" and "۲٬۰۰۰٬۰۰۰" in e.value.message
    with pytest.raises(ServiceError):
        services.grant_decide(actor=manager, grant=g2, approve=False)  # a refusal needs a reason
    services.grant_decide(actor=manager, grant=g2, approve=False, note="اعتبار کافی نیست")
    assert SupportGrant.objects.get(pk=g2.pk).status == "refused"


def test_a_bad_sheba_is_named_and_nothing_is_written(worker, application, line):
    with pytest.raises(ServiceError) as e:
        services.grant_propose(
            actor=worker, application=application, kind="transport", amount_toman=100,
            budget_line=line, sheba="IR12345",
        )  # fmt: skip
    assert "sheba" in e.value.errors and not SupportGrant.objects.exists()


def test_the_payment_file_pays_the_mothers_account_and_says_no_label(
    worker, make_user, application, line
):
    g = services.grant_propose(
        actor=worker, application=application, kind="registration", amount_toman=400_000,
        budget_line=line, sheba=SHEBA,
    )  # fmt: skip
    services.grant_decide(actor=make_user(roles.MANAGER, username="m2"), grant=g, approve=True)
    content, ref, n = services.payment_file_make(actor=worker, budget_line=line)
    import io

    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert n == 1 and rows[1][1] == "مریم رضایی" and rows[1][3] == SHEBA and rows[1][4] == 4_000_000
    text = " ".join(str(c) for r in rows for c in r)
    assert "سرپرست" not in text
    assert SupportGrant.objects.get(pk=g.pk).status == "paid"
    with pytest.raises(ServiceError):
        services.payment_file_make(actor=worker, budget_line=line)


def test_an_admission_names_the_school(worker, application, d4):
    from .factories import make_school

    with pytest.raises(ServiceError):
        services.application_result(actor=worker, application=application, status="admitted")
    school = make_school("تیزهوشان فرزانگان", district=d4, type_code="gifted")
    a = services.application_result(
        actor=worker, application=application, status="admitted", school=school
    )
    assert a.admitted_school == school


@pytest.fixture
def programme(db, make_user):
    c = tf.course(capacity=5, sessions=2, title="کارآفرینی نوجوانان", kind=Course.TEEN)
    return services.teen_programme_create(
        actor=make_user(roles.CENTRE_MANAGER, username="cm"), course=c, theme="startup"
    )


def test_a_teen_is_enrolled_only_with_consent_and_in_age_then_completes_with_a_certificate(
    programme, d4, make_user
):
    staff = make_user(roles.REGISTRAR, username="reg")
    clear_for_children(staff)
    year = (programme.course.first_date.year) - 15
    _, (teen, small) = make_family(district=d4, children=(("نازنین", year), ("کوچک", year + 6)))
    with pytest.raises(ServiceError) as e:
        services.teen_enrol(actor=staff, programme=programme, child=teen)
    assert e.value.code == "no_consent"
    with pytest.raises(ServiceError) as e:
        services.consent_record(
            actor=staff, programme=programme, child=small, method="signed", given_on=dt.date.today()
        )
    assert e.value.code == "age" and "۹ سال" in e.value.message
    consent = services.consent_record(
        actor=staff, programme=programme, child=teen, method="signed", given_on=dt.date.today()
    )
    assert consent.parent.first_name == "مریم"
    e = services.teen_enrol(actor=staff, programme=programme, child=teen)
    assert e.status == CourseEnrolment.ENROLLED
    course = programme.course
    for s in course.sessions.all():
        training_services.attendance_mark(
            actor=course.trainer, session=s, enrolment=e, present=True
        )
    training_services.course_finish(
        actor=make_user(roles.ADMINISTRATOR, username="ad"), course=course
    )
    e.refresh_from_db()
    assert e.status == CourseEnrolment.COMPLETED and e.certificate.code
    f = services.followup_record(
        actor=staff, programme=programme, child=teen, choice="stream", detail="ریاضی فیزیک"
    )
    assert f.get_choice_display() == "انتخاب رشتهٔ تحصیلی"
    team = services.team_create(
        actor=staff, programme=programme, name="نوآوران", project="اپ بازیافت", members=[teen]
    )
    with pytest.raises(ServiceError):
        services.team_create(
            actor=staff, programme=programme, name="x", project="y", members=[small]
        )
    assert services.team_showcased(actor=staff, team=team).showcased


def test_talent_results_make_a_cohort_and_only_the_talented_are_referred(worker, d4):
    from tavana.partners.models import Organisation

    _, (a, b) = make_family(district=d4, children=(("آرین", 2012), ("بهار", 2012)))
    r = services.talent_round_create(
        actor=worker, title="آزمون ریاضی", domain="academic", method="test",
        instrument="آزمون استاندارد", held_on=dt.date.today(), cutoff=80,
    )  # fmt: skip
    ra = services.talent_result_record(actor=worker, round=r, child=a, score=91)
    rb = services.talent_result_record(actor=worker, round=r, child=b, score=60)
    assert ra.talented and not rb.talented
    centre = Organisation.objects.create(code="edu", name="مرکز آموزشی همکار", kind="ngo")
    with pytest.raises(ServiceError):
        services.talent_refer(actor=worker, result=rb, partner=centre)
    assert services.talent_refer(actor=worker, result=ra, partner=centre).referred_to == centre


def test_a_budget_line_is_edited_within_what_is_committed_on_its_page(
    client, worker, make_user, application, line
):
    from tavana.audit.models import AuditEntry

    g = services.grant_propose(
        actor=worker, application=application, kind="preparation", amount_toman=3_000_000,
        budget_line=line, sheba=SHEBA,
    )  # fmt: skip
    manager = make_user(roles.MANAGER, username="boss")
    clear_for_children(manager)
    services.grant_decide(actor=manager, grant=g, approve=True)
    client.force_login(manager)
    url = f"/youth/support/lines/{line.pk}/"
    page = client.get(url).content.decode()
    assert 'value="حمایت تحصیلی ۱۴۰۴"' in page and 'value="۵۰۰۰۰۰۰"' in page
    bad = client.post(url, {"name": "", "year": "۱۴۰۵", "amount_toman": "۲۰۰۰۰۰۰"})
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "عنوان ردیف را بنویسید" in text or "این فیلد لازم است" in text
    bad = client.post(url, {"name": "ردیف تازه", "year": "۱۴۰۵", "amount_toman": "۲۰۰۰۰۰۰"})
    text = bad.content.decode()
    assert "۳٬۰۰۰٬۰۰۰ تومان" in text and "سال آن دیگر تغییر نمی‌کند" in text
    assert 'value="ردیف تازه"' in text  # what was typed is kept
    line.refresh_from_db()
    assert line.amount_toman == 5_000_000 and line.name == "حمایت تحصیلی ۱۴۰۴"
    ok = client.post(url, {"name": "ردیف تازه", "year": "۱۴۰۴", "amount_toman": "۴٬۰۰۰٬۰۰۰"})
    assert ok.status_code == 302
    line.refresh_from_db()
    assert (line.name, line.amount_toman, line.active) == ("ردیف تازه", 4_000_000, False)
    entry = AuditEntry.objects.get(action="youth.budget_line_update")
    assert entry.before == {"name": "حمایت تحصیلی ۱۴۰۴", "amount_toman": 5_000_000, "active": True}
    assert "ویرایش ردیف بودجه" in client.get(url).content.decode()
    with pytest.raises(ServiceError) as e:
        services.grant_propose(
            actor=worker, application=application, kind="tuition", amount_toman=100_000,
            budget_line=line, sheba=SHEBA,
        )  # fmt: skip
    assert "budget_line" in e.value.errors


def test_a_centre_manager_schedules_the_teen_course_with_the_programme_in_one_step(
    client, make_user
):
    from tavana.core.domain.jalali import to_jalali_iso
    from tavana.youth.models import TeenProgramme

    centre = tf.centre(4)
    trainer = tf.trainer("morabbi")
    cm = make_user(roles.CENTRE_MANAGER, username="cm-new")
    cm.centres.set([centre])
    client.force_login(cm)
    page = client.get("/youth/teens/").content.decode()
    assert 'data-testid="teen-course-fields"' in page
    start = to_jalali_iso(dt.date.today() + dt.timedelta(days=20))
    form = {
        "theme": "innovation", "min_age": "۱۲", "max_age": "۱۶",
        "c-title": "نوآوری تابستان", "c-centre": centre.pk, "c-trainer": "",
        "c-capacity": "۲۰", "c-first_date": start, "c-weekdays": ["0", "2"],
        "c-session_count": "۸", "c-start_time": "09:00", "c-end_time": "11:00",
        "c-threshold": "75",
    }  # fmt: skip
    bad = client.post("/youth/teens/", form)
    assert bad.status_code == 400
    assert "مربی" in bad.content.decode() and 'value="نوآوری تابستان"' in bad.content.decode()
    assert not Course.objects.exists() and not TeenProgramme.objects.exists()
    bad = client.post("/youth/teens/", {**form, "c-trainer": trainer.pk, "max_age": "۲۲"})
    assert "بازهٔ سنی باید در ۱۲ تا ۱۹ سال باشد" in bad.content.decode()
    assert not Course.objects.exists()  # the course is not left behind either
    ok = client.post("/youth/teens/", {**form, "c-trainer": trainer.pk})
    assert ok.status_code == 302
    p = TeenProgramme.objects.get()
    assert (p.course.kind, p.course.title, p.course.sessions.count()) == (
        "teen",
        "نوآوری تابستان",
        8,
    )
    assert (p.theme, p.min_age, p.max_age) == ("innovation", 12, 16)


def test_without_training_rights_the_programme_needs_a_scheduled_course(client, make_user):
    reg = make_user(roles.REGISTRAR, username="reg-teen")
    client.force_login(reg)
    page = client.get("/youth/teens/").content.decode()
    assert 'data-testid="teen-course-fields"' not in page and "با مدیر مرکز است" in page
    bad = client.post("/youth/teens/", {"theme": "startup", "min_age": "12", "max_age": "19"})
    assert "زمان‌بندی دورهٔ تازه با مدیر مرکز است" in bad.content.decode()


def test_a_payment_file_with_nothing_to_pay_is_refused_on_the_page(client, make_user):
    from django.urls import reverse

    client.force_login(clear_for_children(make_user(roles.MANAGER, username="boss")).user)
    line = BudgetLine.objects.create(code="l0", name="ردیف خالی", year=1404, amount_toman=10**9)
    response = client.post(reverse("youth:payment_file", args=[line.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("youth:grants")
    page = client.get(response["Location"]).content.decode()
    assert "پرداخت تأییدشده‌ای برای این ردیف نمانده است" in page
