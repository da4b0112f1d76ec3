"""Schools, term results and the early warning, through the services."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.http import Http404

from tavana.accounts import roles
from tavana.audit.models import AuditEntry
from tavana.casework.models import CaseAssignment
from tavana.core.errors import ServiceError
from tavana.youth import selectors, services
from tavana.youth.access import access_child_by_id
from tavana.youth.models import Intervention, RiskFlag, SchoolYear, WarningIndicator

from .factories import clear_for_children, make_family, make_school

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(d4):
    return make_family(district=d4, children=(("سارا", 2011),))


def test_a_new_year_closes_the_last_and_a_transfer_keeps_the_history(worker, family, d4):
    _, (kid,) = family
    a, b = make_school("مدرسهٔ الف", district=d4), make_school("مدرسهٔ ب", district=d4)
    services.school_year_record(actor=worker, child=kid, year=1402, grade=7, school=a)
    services.school_year_record(actor=worker, child=kid, year=1403, grade=8, school=a)
    with pytest.raises(ServiceError) as e:
        services.school_year_record(actor=worker, child=kid, year=1403, grade=8, school=b)
    assert e.value.code == "use_transfer"
    services.school_transfer(
        actor=worker, child=kid, to_school=b, on=dt.date.today(), reason="جابه‌جایی خانه"
    )
    rows = list(SchoolYear.objects.filter(child=kid).order_by("year", "started_on", "pk"))
    assert [(r.year, r.school.name, r.left_on is None) for r in rows] == [
        (1402, "مدرسهٔ الف", False),
        (1403, "مدرسهٔ الف", False),
        (1403, "مدرسهٔ ب", True),
    ]
    assert rows[1].transfer_reason == "جابه‌جایی خانه"


def test_results_need_the_years_school_and_the_right_kind_of_grade(worker, family, d4):
    _, (kid,) = family
    with pytest.raises(ServiceError) as e:
        services.term_result_record(actor=worker, child=kid, year=1403, term=1, average="15")
    assert "مدرسه و پایهٔ سال تحصیلی ۱۴۰۳–۱۴۰۴" in e.value.errors["year"]
    services.school_year_record(
        actor=worker, child=kid, year=1403, grade=8, school=make_school(district=d4)
    )
    with pytest.raises(ServiceError) as e:
        services.term_result_record(
            actor=worker, child=kid, year=1403, term=1, average="۲۲", marks={"math": "x"}
        )
    assert set(e.value.errors) == {"average", "mark_math"}
    with pytest.raises(ServiceError) as e:
        services.term_result_record(actor=worker, child=kid, year=1403, term=1, descriptive="خوب")
    assert "نه ارزشیابی توصیفی" in e.value.errors["average"]
    result, outcome = services.term_result_record(
        actor=worker, child=kid, year=1403, term=1, average="۱۶٫۵", absences="۳"
    )
    assert outcome == services.CREATED and result.average == D("16.50") and result.absences == 3
    again = services.term_result_record(
        actor=worker, child=kid, year=1403, term=1, average="16.5", absences=3
    )
    assert again[1] == services.UNCHANGED


def _school_and_terms(actor, kid, district, *terms):
    school = make_school(district=district)
    for year, grade in sorted({(y, g) for y, _, g, _ in terms}):
        services.school_year_record(actor=actor, child=kid, year=year, grade=grade, school=school)
    for year, term, _, average in terms:
        services.term_result_record(actor=actor, child=kid, year=year, term=term, average=average)


def test_a_drop_raises_a_flag_an_intervention_answers_it_and_the_next_term_resolves_it(
    worker, family, d4
):
    _, (kid,) = family
    _school_and_terms(worker, kid, d4, (1403, 1, 8, "16"), (1403, 2, 8, "11"))
    flags = {f.indicator: f for f in RiskFlag.objects.filter(child=kid, status="open")}
    assert set(flags) == {"low_average", "average_drop"}
    assert "۵ نمره افت" in flags["average_drop"].reason
    i = services.intervention_record(
        actor=worker, flag=flags["average_drop"], kind=Intervention.TUTORING,
        started_on=dt.date.today(),
    )  # fmt: skip
    assert i.average_before == D("11")
    services.school_year_record(
        actor=worker, child=kid, year=1404, grade=9, school=make_school("دیگر", district=d4)
    )
    services.term_result_record(actor=worker, child=kid, year=1404, term=1, average="15")
    assert not RiskFlag.objects.filter(child=kid, status="open").exists()
    i.refresh_from_db()
    assert i.outcome == Intervention.IMPROVED and i.average_after == D("15")
    assert (i.outcome_year, i.outcome_term) == (1404, 1)
    actions = set(AuditEntry.objects.filter(person_id=kid.pk).values_list("action", flat=True))
    assert {"youth.flag_raise", "youth.flag_resolve", "youth.intervention"} <= actions


def test_a_flag_still_firing_stays_open_with_one_row(worker, family, d4):
    _, (kid,) = family
    _school_and_terms(worker, kid, d4, (1403, 1, 8, "11"), (1403, 2, 8, "11.5"))
    assert RiskFlag.objects.filter(child=kid, indicator="low_average").count() == 1
    flag = RiskFlag.objects.get(child=kid, indicator="low_average")
    assert flag.status == "open" and "۱۱٫۵" in flag.reason


def test_a_changed_threshold_applies_to_the_next_results_and_is_audited(admin, worker, family, d4):
    ind = WarningIndicator.objects.get(code="low_average")
    with pytest.raises(ServiceError) as e:
        services.indicator_update(
            actor=admin, indicator=ind, threshold="-۱", severity=2, active=True
        )
    assert "threshold" in e.value.errors
    services.indicator_update(actor=admin, indicator=ind, threshold="۱۴", severity=3, active=True)
    assert AuditEntry.objects.filter(action="youth.indicator_update").exists()
    _, (kid,) = family
    _school_and_terms(worker, kid, d4, (1403, 1, 8, "13"))
    flag = RiskFlag.objects.get(child=kid, indicator="low_average")
    assert flag.threshold == D("14") and flag.severity == 3


def test_a_referral_needs_a_partner(worker, family, d4):
    _, (kid,) = family
    _school_and_terms(worker, kid, d4, (1403, 1, 8, "10"))
    flag = RiskFlag.objects.get(child=kid, indicator="low_average")
    with pytest.raises(ServiceError) as e:
        services.intervention_record(
            actor=worker, flag=flag, kind="referral", started_on=dt.date.today()
        )
    assert "partner" in e.value.errors
    assert not Intervention.objects.exists()


def test_childrens_records_are_open_only_in_scope_and_every_read_is_audited(
    make_user, worker, family, d4, d9
):
    mom, (kid,) = family
    _school_and_terms(worker, kid, d4, (1403, 1, 8, "10"))
    elsewhere = make_user(roles.SOCIAL_WORKER, username="elsewhere")
    elsewhere.districts.set([d9])
    clear_for_children(elsewhere)  # cleared, but the child is outside her scope
    with pytest.raises(Http404):
        access_child_by_id(elsewhere, kid.pk)
    assert selectors.risk_list(actor=elsewhere) == []
    # her caseload opens the children of the woman she works with
    CaseAssignment.objects.create(worker=elsewhere, person=mom, start_date=dt.date.today())
    assert access_child_by_id(elsewhere, kid.pk) == kid
    for role in (roles.REGISTRAR, roles.PARTNER_ANALYST, roles.CENTRE_MANAGER, roles.TRAINER):
        with pytest.raises(Http404):
            access_child_by_id(
                clear_for_children(make_user(role, username=f"x_{role}")).user, kid.pk
            )
    before = AuditEntry.objects.filter(action="youth.read_flags").count()
    rows = selectors.risk_list(actor=worker)
    assert [r.child for r in rows] == [kid]
    assert (
        AuditEntry.objects.filter(action="youth.read_flags", person_id=kid.pk).count() == before + 1
    )
    selectors.education_record(actor=worker, child=kid)
    assert AuditEntry.objects.filter(action="youth.read_record", person_id=kid.pk).exists()


def test_the_risk_list_puts_the_most_urgent_child_first(worker, d4):
    _, (calm, urgent) = make_family(district=d4, children=(("آرام", 2010), ("نگران", 2010)))
    _school_and_terms(worker, calm, d4, (1403, 1, 8, "11.5"))
    school = make_school("دوم", district=d4)
    services.school_year_record(actor=worker, child=urgent, year=1403, grade=8, school=school)
    services.term_result_record(actor=worker, child=urgent, year=1403, term=1, average="17")
    services.term_result_record(
        actor=worker, child=urgent, year=1403, term=2, average="10", absences=15
    )
    rows = selectors.risk_list(actor=worker)
    assert [r.child for r in rows] == [urgent, calm]
    assert rows[0].urgency > rows[1].urgency
    first = selectors.risk_list(actor=worker, limit=1)
    assert [r.child for r in first] == [urgent] and first.total == 2


def test_an_intervention_is_a_service_in_the_mothers_casework_history_saying_nothing_more(
    client, make_user, worker, family, d4
):
    from django.urls import reverse

    from tavana.casework.models import Delivery

    mom, (kid,) = family
    _school_and_terms(worker, kid, d4, (1403, 1, 8, "16"), (1403, 2, 8, "11"))
    flag = RiskFlag.objects.get(child=kid, indicator="average_drop")
    i = services.intervention_record(
        actor=worker, flag=flag, kind=Intervention.TUTORING, started_on=dt.date.today(),
        note="ریاضی هفته‌ای دو جلسه",
    )  # fmt: skip
    d = Delivery.objects.get(person=mom)
    assert i.delivery == d and d.delivered_by == worker and d.delivered_on == dt.date.today()
    assert d.service.name == "حمایت آموزشی فرزند" and d.note == ""
    assert AuditEntry.objects.filter(action="casework.delivery", person_id=mom.pk).exists()
    # a colleague with casework but no clearance for children's data sees the
    # service in the mother's history, and nothing of the flag or the tutoring
    manager = make_user(roles.CENTRE_MANAGER, username="cm4")
    manager.districts.set([d4])
    client.force_login(manager)
    page = client.get(reverse("people:detail", args=[mom.pk])).content.decode()
    assert "حمایت آموزشی فرزند" in page
    for secret in ("کلاس تقویتی", "افت معدل", "ریاضی هفته‌ای", "معدل"):
        assert secret not in page, secret
