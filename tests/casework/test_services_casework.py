"""Casework services: the ladder, assessments, deliveries, enrolments, caseload,
plans, notes and referrals — each write audited, nothing half-written."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tavana.audit.models import AuditEntry
from tavana.casework import selectors, services
from tavana.casework.models import (
    Assessment,
    CaseAssignment,
    CaseNote,
    Delivery,
    Enrolment,
    LevelChange,
    PlanGoal,
    Programme,
    Referral,
    ServiceType,
    SupportLevel,
    SupportStatus,
)
from tavana.core.errors import ServiceError
from tavana.partners.models import Organisation
from tavana.people.selectors import person_scope

from .conftest import answer_ids

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
AGO = TODAY - dt.timedelta(days=60)


def test_the_seeded_ladder_questionnaire_services_and_partners():
    assert list(SupportLevel.objects.values_list("name", flat=True)) == [
        "مشاوره و توانمندسازی روانی",
        "مهارت‌آموزی",
        "تسهیل کسب‌وکار",
        "رشد کسب‌وکار",
        "مستقل با پیگیری",
    ]
    assert set(Organisation.objects.values_list("name", flat=True)) >= {
        "کمیته امداد امام خمینی",
        "سازمان بهزیستی",
        "خیریه‌ها",
    }
    assert ServiceType.objects.filter(code="counselling_session").exists()
    assert len(selectors.questionnaire()) >= 7


def test_level_changes_leave_history_and_audit(worker, woman):
    services.level_change(actor=worker, person=woman, level_code="counselling", on=AGO)
    services.level_change(actor=worker, person=woman, level_code="skills", on=TODAY)
    status = SupportStatus.objects.get(person=woman)
    assert status.level.code == "skills" and status.since == TODAY
    rows = list(
        LevelChange.objects.filter(person=woman).values_list("from_level__code", "to_level__code")
    )
    assert rows == [(None, "counselling"), ("counselling", "skills")]
    entry = AuditEntry.objects.filter(action="casework.level_change").order_by("seq").last()
    assert entry.person_id == woman.pk and entry.after["direction"] == "up"


def test_moving_down_needs_a_reason_and_writes_nothing_without_it(worker, woman):
    services.level_change(actor=worker, person=woman, level_code="growth", on=AGO)
    with pytest.raises(ServiceError) as e:
        services.level_change(actor=worker, person=woman, level_code="skills", on=TODAY)
    assert "reason" in e.value.errors
    assert LevelChange.objects.filter(person=woman).count() == 1
    services.level_change(
        actor=worker, person=woman, level_code="skills", on=TODAY, reason="کارگاه تعطیل شد"
    )
    assert SupportStatus.objects.get(person=woman).level.code == "skills"


def test_level_change_dates_are_checked(worker, woman):
    with pytest.raises(ServiceError) as e:
        services.level_change(
            actor=worker, person=woman, level_code="skills", on=TODAY + dt.timedelta(days=3)
        )
    assert "آینده" in e.value.errors["date"]
    services.level_change(actor=worker, person=woman, level_code="skills", on=TODAY)
    with pytest.raises(ServiceError) as e:
        services.level_change(actor=worker, person=woman, level_code="facilitation", on=AGO)
    assert "date" in e.value.errors


def test_assessment_suggests_with_reasons_and_sets_level_and_reassessment(worker, woman):
    a = services.assessment_record(
        actor=worker, person=woman, answers=answer_ids(psychosocial=3), assessed_on=TODAY
    )
    assert a.suggested_level.code == a.decided_level.code == "counselling"
    assert a.reasons and "مشاوره" in a.reasons[0]
    assert a.answers.count() == len(selectors.questionnaire())
    status = SupportStatus.objects.get(person=woman)
    assert status.level.code == "counselling"
    assert status.reassess_on > TODAY  # three months for counselling
    assert LevelChange.objects.get(person=woman).assessment == a


def test_overriding_the_suggestion_needs_a_reason(worker, woman):
    with pytest.raises(ServiceError) as e:
        services.assessment_record(
            actor=worker,
            person=woman,
            answers=answer_ids(psychosocial=3),
            assessed_on=TODAY,
            decided_level_code="skills",
        )
    assert "override_reason" in e.value.errors
    assert not Assessment.objects.exists() and not SupportStatus.objects.exists()
    a = services.assessment_record(
        actor=worker,
        person=woman,
        answers=answer_ids(psychosocial=3),
        assessed_on=TODAY,
        decided_level_code="skills",
        override_reason="با گروه همسالان پیشرفت کرده است",
    )
    assert a.overridden and SupportStatus.objects.get(person=woman).level.code == "skills"


def test_an_override_outside_the_move_table_is_refused_whole(worker, woman):
    services.level_change(actor=worker, person=woman, level_code="counselling", on=AGO)
    with pytest.raises(ServiceError) as e:
        services.assessment_record(
            actor=worker,
            person=woman,
            answers=answer_ids(),
            assessed_on=TODAY,
            decided_level_code="independent",
            override_reason="می‌خواهیم",
        )
    assert "decided_level" in e.value.errors
    assert not Assessment.objects.exists()


def test_unanswered_questions_are_named_per_field(worker, woman):
    ids = answer_ids()
    first = next(iter(ids))
    ids[first] = None
    with pytest.raises(ServiceError) as e:
        services.assessment_record(actor=worker, person=woman, answers=ids, assessed_on=TODAY)
    assert e.value.errors == {f"q_{first}": "به این پرسش پاسخ دهید."}


def test_a_reassessment_on_the_same_level_moves_only_the_date(worker, woman):
    services.assessment_record(actor=worker, person=woman, answers=answer_ids(), assessed_on=AGO)
    services.assessment_record(
        actor=worker,
        person=woman,
        answers=answer_ids(),
        assessed_on=TODAY,
        reassess_on=TODAY + dt.timedelta(days=400),
    )
    assert LevelChange.objects.filter(person=woman).count() == 1
    assert SupportStatus.objects.get(person=woman).reassess_on == TODAY + dt.timedelta(days=400)


def test_delivery_is_recorded_with_unit_and_audited(worker, woman):
    service = ServiceType.objects.get(code="counselling_session")
    d = services.delivery_record(
        actor=worker, person=woman, service=service, delivered_on=TODAY, quantity=Decimal("2")
    )
    assert d.unit == "session" and d.delivered_by == worker
    assert AuditEntry.objects.filter(action="casework.delivery", person_id=woman.pk).exists()
    with pytest.raises(ServiceError) as e:
        services.delivery_record(
            actor=worker, person=woman, service=None, delivered_on=None, quantity=Decimal("0")
        )
    assert set(e.value.errors) == {"service", "delivered_on", "quantity"}
    assert Delivery.objects.count() == 1


def test_enrolment_stages_have_history(worker, woman):
    p = Programme.objects.get(code="skills")
    services.enrolment_set_stage(actor=worker, person=woman, programme=p, stage="referred", on=AGO)
    services.enrolment_set_stage(
        actor=worker, person=woman, programme=p, stage="enrolled", on=TODAY
    )
    with pytest.raises(ServiceError):
        services.enrolment_set_stage(
            actor=worker, person=woman, programme=p, stage="referred", on=TODAY
        )
    e = Enrolment.objects.get(person=woman)
    assert e.stage == "enrolled"
    assert [h.to_stage for h in e.history.all()] == ["referred", "enrolled"]


def test_caseload_widens_scope_and_only_one_worker_owns_a_case(
    worker, other_worker, woman, make_user, d9
):
    far = woman.__class__.objects.create(
        first_name="سارا", last_name="کاظمی", name_key="سارا کاظمی", first_key="سارا",
        last_key="کاظمی", district=d9,
    )  # fmt: skip
    assert not person_scope(actor=worker).filter(pk=far.pk).exists()
    services.case_take(actor=worker, person=woman)
    CaseAssignment.objects.create(worker=worker, person=far, start_date=TODAY)
    assert person_scope(actor=worker).filter(pk=far.pk).exists()  # her caseload, elsewhere
    assert not person_scope(actor=other_worker).filter(pk=far.pk).exists()
    with pytest.raises(ServiceError):
        services.case_take(actor=other_worker, person=woman)
    registrar = make_user("registrar")
    with pytest.raises(PermissionDenied):
        services.case_take(actor=registrar, person=woman)


def test_overdue_followups_and_reassessments_are_listed(worker, woman):
    services.case_take(actor=worker, person=woman)
    goal = services.goal_with_action_create(
        actor=worker,
        person=woman,
        title="شروع دورهٔ خیاطی",
        action="تماس با مرکز کوثر",
        follow_up_on=TODAY - dt.timedelta(days=2),
    )
    services.level_change(actor=worker, person=woman, level_code="skills", on=AGO)
    SupportStatus.objects.filter(person=woman).update(reassess_on=TODAY - dt.timedelta(days=1))
    data = selectors.dashboard(actor=worker)
    assert [a.goal for a in data["followups"]] == [goal]
    assert [s.person for s in data["reassessments"]] == [woman]
    action = data["followups"][0]
    services.action_done(actor=worker, action=action, outcome="ثبت‌نام شد")
    assert selectors.dashboard(actor=worker)["followups"] == []


def test_goal_with_a_bad_action_writes_neither(worker, woman):
    with pytest.raises(ServiceError):
        services.goal_with_action_create(
            actor=worker, person=woman, title="هدف", action="اقدام", follow_up_on=None
        )
    assert not PlanGoal.objects.exists()


def test_notes_audit_never_holds_the_text_and_sensitive_text_is_not_listed(
    worker, woman, make_user
):
    services.note_create(
        actor=worker, person=woman, text="متن محرمانهٔ ۱۲۳", sensitivity="sensitive"
    )
    entry = AuditEntry.objects.get(action="casework.note_create")
    assert "۱۲۳" not in str(entry.after)
    notes = selectors.notes_of(actor=worker, person=woman)
    assert notes[0]["text"] == "" and notes[0]["can_reveal"]
    registrar = make_user("registrar")
    with pytest.raises(ServiceError):
        services.note_create(actor=registrar, person=woman, text="x", sensitivity="sensitive")
    assert CaseNote.objects.count() == 1


def test_refer_to_a_partner_stays_on_the_list_until_answered(worker, woman):
    services.case_take(actor=worker, person=woman)
    relief = Organisation.objects.get(code="relief_committee")
    r = services.referral_create(
        actor=worker,
        person=woman,
        kind="refer",
        request="بستهٔ معیشتی",
        follow_up_on=TODAY + dt.timedelta(days=7),
        to_partner=relief,
    )
    assert selectors.referrals_awaiting(actor=worker)["sent"] == [r]
    services.referral_respond(actor=worker, referral=r, status="accepted")
    assert selectors.referrals_awaiting(actor=worker)["sent"] == [r]  # accepted ≠ answered
    r.refresh_from_db()
    services.referral_respond(actor=worker, referral=r, status="answered", answer="بسته تحویل شد")
    assert selectors.referrals_awaiting(actor=worker)["sent"] == []
    assert CaseAssignment.objects.get(person=woman, end_date__isnull=True).worker == worker


def test_a_partner_referral_needs_her_consent_in_force(worker, woman):
    from tavana.people.consents import consent_withdraw

    consent_withdraw(actor=worker, person=woman, purpose="partner_referral")
    with pytest.raises(ServiceError) as e:
        services.referral_create(
            actor=worker, person=woman, kind="refer", request="بستهٔ معیشتی",
            follow_up_on=TODAY, to_partner=Organisation.objects.get(code="relief_committee"),
        )  # fmt: skip
    assert "معرفی به سازمان‌های همکار" in e.value.errors["to_partner"]
    assert not Referral.objects.exists()


def test_transfer_moves_ownership_only_when_the_receiver_accepts(worker, other_worker, woman):
    services.case_take(actor=worker, person=woman)
    r = services.referral_create(
        actor=worker,
        person=woman,
        kind="transfer",
        request="نقل مکان به محلهٔ دیگر",
        follow_up_on=TODAY + dt.timedelta(days=3),
        to_worker=other_worker,
    )
    assert CaseAssignment.objects.get(end_date__isnull=True).worker == worker
    assert selectors.referrals_awaiting(actor=other_worker)["received"] == [r]
    with pytest.raises(PermissionDenied):  # the sender cannot accept for the receiver
        services.referral_respond(actor=worker, referral=r, status="accepted")
    services.referral_respond(actor=other_worker, referral=r, status="accepted")
    assert CaseAssignment.objects.get(end_date__isnull=True).worker == other_worker
    assert CaseAssignment.objects.filter(worker=worker, end_date=TODAY).exists()


def test_referral_input_errors_are_per_field(worker, other_worker, woman):
    with pytest.raises(ServiceError) as e:
        services.referral_create(
            actor=worker, person=woman, kind="refer", request="", follow_up_on=None
        )
    assert set(e.value.errors) == {"to_partner", "request", "follow_up_on"}
    with pytest.raises(ServiceError) as e:  # not her case: she cannot transfer it
        services.referral_create(
            actor=worker,
            person=woman,
            kind="transfer",
            request="x",
            follow_up_on=TODAY,
            to_worker=other_worker,
        )
    assert "kind" in e.value.errors
    assert not Referral.objects.exists()


def test_a_social_worker_without_districts_sees_her_caseload_only(make_user, woman, d9):
    from tavana.people.models import Person

    lone = make_user("social_worker", username="no-district")
    other = Person.objects.create(first_name="سارا", last_name="کاظمی", name_key="x", district=d9)
    assert not person_scope(actor=lone).exists()
    services.case_take(actor=lone, person=woman)
    assert list(person_scope(actor=lone)) == [woman]
    assert other not in person_scope(actor=lone)
