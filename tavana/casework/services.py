"""Writes to casework. Each service checks its input, writes in one transaction
and records the change in the audit log with the person's id."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from tavana.accounts import roles
from tavana.accounts.access import user_can
from tavana.audit.services import audit_write
from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.errors import ServiceError

from . import selectors
from .domain import stages
from .domain.assessment import suggest_level
from .domain.ladder import check_level_change
from .models import (
    AnswerOption,
    Assessment,
    AssessmentAnswer,
    CaseAssignment,
    CaseNote,
    Delivery,
    Enrolment,
    EnrolmentStageChange,
    LevelChange,
    PartnerOrganisation,
    PlanAction,
    PlanGoal,
    Question,
    Referral,
    ServiceType,
    SupportLevel,
    SupportStatus,
)


def _today() -> dt.date:
    return timezone.localdate()


def _not_future(errors: dict, field: str, value: dt.date | None, label: str = "تاریخ") -> None:
    if value and value > _today():
        errors[field] = f"{label} نمی‌تواند در آینده باشد."


# ------------------------------------------------------------------ the ladder


def _apply_level(
    *,
    actor,
    person,
    level: SupportLevel,
    on: dt.date,
    reason: str,
    assessment: Assessment | None = None,
    reassess_on: dt.date | None = None,
) -> LevelChange | None:
    """Check the move against the transition table and write it (inside a transaction)."""
    status = SupportStatus.objects.select_for_update().filter(person=person).first()
    current = status.level.code if status else None
    if status and status.level_id == level.pk and assessment is not None:
        # A reassessment that keeps her level: only the next date moves.
        status.reassess_on = reassess_on
        status.save(update_fields=["reassess_on", "updated_at"])
        return None
    move, errors = check_level_change(
        current=current,
        target=level.code,
        orders=selectors.level_orders(),
        transitions=selectors.transitions_map(),
        reason=reason,
    )
    if errors:
        raise ServiceError(errors)
    if status and on < status.since:
        raise ServiceError({"date": "تاریخ تغییر نمی‌تواند پیش از تاریخ سطح کنونی باشد."})
    change = LevelChange.objects.create(
        person=person,
        from_level=status.level if status else None,
        to_level=level,
        date=on,
        reason=reason.strip(),
        decided_by=actor,
        assessment=assessment,
    )
    if status:
        status.level, status.since = level, on
        if reassess_on is not None:
            status.reassess_on = reassess_on
        status.save()
    else:
        SupportStatus.objects.create(person=person, level=level, since=on, reassess_on=reassess_on)
    audit_write(
        actor=actor,
        action="casework.level_change",
        obj=change,
        person_id=person.pk,
        before={"level": current},
        after={"level": level.code, "date": on, "direction": move.direction},
        reason=reason.strip(),
    )
    return change


def level_change(
    *, actor, person, level_code: str, on: dt.date | None, reason: str = ""
) -> LevelChange:
    """Move her on the ladder (up, or down with a reason); one history row per change."""
    errors: dict[str, str] = {}
    level = SupportLevel.objects.filter(code=level_code).first()
    if level is None:
        errors["level"] = "سطح حمایت را انتخاب کنید."
    elif not level.active:
        errors["level"] = "این سطح بایگانی شده است؛ سطح دیگری انتخاب کنید."
    if on is None:
        errors["date"] = "تاریخ را وارد کنید."
    _not_future(errors, "date", on)
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        change = _apply_level(actor=actor, person=person, level=level, on=on, reason=reason)
    assert change is not None
    return change


# ------------------------------------------------------------------ assessment


def assessment_record(
    *,
    actor,
    person,
    answers: dict[int, int | None],
    assessed_on: dt.date | None,
    decided_level_code: str = "",
    override_reason: str = "",
    reassess_on: dt.date | None = None,
) -> Assessment:
    """Record a needs assessment. `answers` maps question id → option id. The rules
    suggest a level with reasons; an empty `decided_level_code` accepts it, another
    level overrides it (a reason is then required). Her level moves to the decided
    one (through the transition table) and the reassessment date is set."""
    errors: dict[str, str] = {}
    questions = {q.pk: q for q in Question.objects.filter(active=True)}
    options = {
        o.pk: o
        for o in AnswerOption.objects.filter(question__in=questions).select_related("question")
    }
    picked: list[tuple[Question, AnswerOption]] = []
    for qid, q in questions.items():
        oid = answers.get(qid)
        opt = options.get(oid) if oid else None
        if opt is None or opt.question_id != qid:
            errors[f"q_{qid}"] = "به این پرسش پاسخ دهید."
        else:
            picked.append((q, opt))
    if assessed_on is None:
        errors["assessed_on"] = "تاریخ ارزیابی را وارد کنید."
    _not_future(errors, "assessed_on", assessed_on, "تاریخ ارزیابی")
    if reassess_on and assessed_on and reassess_on <= assessed_on:
        errors["reassess_on"] = "تاریخ ارزیابی دوباره باید بعد از تاریخ ارزیابی باشد."
    if errors:
        raise ServiceError(errors)
    from .configuration import current_rule

    rule, thresholds = current_rule()
    suggestion = suggest_level([(q.domain, o.score) for q, o in picked], thresholds)
    levels = {lv.code: lv for lv in SupportLevel.objects.all()}
    suggested = levels.get(suggestion.level)
    if suggested is None:
        raise ServiceError({"decided_level": "سطح پیشنهادی در فهرست سطح‌ها نیست."})
    decided = levels.get(decided_level_code) if decided_level_code else suggested
    if decided is None:
        raise ServiceError({"decided_level": "سطح انتخاب‌شده تعریف نشده است."})
    override_reason = (override_reason or "").strip()
    if decided != suggested and not override_reason:
        raise ServiceError(
            {"override_reason": "سطحی غیر از پیشنهاد انتخاب شده است؛ دلیل را بنویسید."}
        )
    if reassess_on is None:
        from .domain.stages import add_months

        reassess_on = add_months(assessed_on, decided.reassess_months)
    with transaction.atomic():
        a = Assessment.objects.create(
            person=person,
            assessed_on=assessed_on,
            assessed_by=actor,
            suggested_level=suggested,
            reasons=suggestion.reasons,
            needs=suggestion.needs,
            decided_level=decided,
            override_reason=override_reason,
            reassess_on=reassess_on,
            rule=rule,
        )
        AssessmentAnswer.objects.bulk_create(
            [AssessmentAnswer(assessment=a, question=q, option=o) for q, o in picked]
        )
        reason = override_reason or "بر پایهٔ ارزیابی نیاز: " + " ".join(suggestion.reasons[:1])
        try:
            _apply_level(
                actor=actor,
                person=person,
                level=decided,
                on=assessed_on,
                reason=reason,
                assessment=a,
                reassess_on=reassess_on,
            )
        except ServiceError as e:  # the same rules, named after the assessment's fields
            names = {"level": "decided_level", "reason": "override_reason", "date": "assessed_on"}
            raise ServiceError({names.get(k, k): v for k, v in e.errors.items()}) from e
        audit_write(
            actor=actor,
            action="casework.assessment",
            obj=a,
            person_id=person.pk,
            after={
                "suggested": suggested.code,
                "decided": decided.code,
                "reassess_on": reassess_on,
            },
            reason=override_reason,
        )
    return a


# ------------------------------------------------------- services and programmes


def delivery_record(
    *,
    actor,
    person,
    service: ServiceType | None,
    delivered_on: dt.date | None,
    quantity: Decimal | None,
    unit: str = "",
    centre=None,
    note: str = "",
) -> Delivery:
    errors: dict[str, str] = {}
    if service is None:
        errors["service"] = "خدمت را انتخاب کنید."
    if delivered_on is None:
        errors["delivered_on"] = "تاریخ ارائه را وارد کنید."
    _not_future(errors, "delivered_on", delivered_on, "تاریخ ارائه")
    if quantity is None or quantity <= 0:
        errors["quantity"] = "مقدار باید بیشتر از صفر باشد."
    elif quantity > 1000:
        errors["quantity"] = "مقدار بیش از اندازه است."
    if unit and unit not in dict(ServiceType.UNIT_CHOICES):
        errors["unit"] = "واحد نامعتبر است."
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        d = Delivery.objects.create(
            person=person,
            service=service,
            delivered_on=delivered_on,
            delivered_by=actor,
            centre=centre,
            quantity=quantity,
            unit=unit or service.default_unit,
            note=(note or "").strip(),
        )
        audit_write(
            actor=actor,
            action="casework.delivery",
            obj=d,
            person_id=person.pk,
            after={
                "service": service.code,
                "date": delivered_on,
                "quantity": quantity,
                "unit": d.unit,
                "centre": centre.pk if centre else None,
            },
        )
    return d


def enrolment_set_stage(
    *, actor, person, programme, stage: str, on: dt.date | None, reason: str = ""
) -> Enrolment:
    """Enrol her in a programme or move her enrolment to another stage (with history)."""
    errors: dict[str, str] = {}
    if programme is None:
        errors["programme"] = "برنامه را انتخاب کنید."
    if on is None:
        errors["date"] = "تاریخ را وارد کنید."
    _not_future(errors, "date", on)
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update().filter(person=person, programme=programme).first()
        )
        current = enrolment.stage if enrolment else None
        errors = stages.check_stage_move(current, stage, reason)
        if not errors and enrolment and on < enrolment.stage_since:
            errors = {"date": "تاریخ نمی‌تواند پیش از تاریخ مرحلهٔ کنونی باشد."}
        if errors:
            raise ServiceError(errors)
        if enrolment is None:
            enrolment = Enrolment.objects.create(
                person=person, programme=programme, stage=stage, stage_since=on
            )
        else:
            enrolment.stage, enrolment.stage_since = stage, on
            enrolment.save()
        EnrolmentStageChange.objects.create(
            enrolment=enrolment,
            from_stage=current or "",
            to_stage=stage,
            date=on,
            reason=(reason or "").strip(),
            changed_by=actor,
        )
        audit_write(
            actor=actor,
            action="casework.enrolment_stage",
            obj=enrolment,
            person_id=person.pk,
            before={"stage": current},
            after={"stage": stage, "programme": programme.code, "date": on},
            reason=(reason or "").strip(),
        )
    return enrolment


# ------------------------------------------------------------------ caseload


def case_take(*, actor, person, on: dt.date | None = None, reason: str = "") -> CaseAssignment:
    """A social worker takes an unassigned woman into her caseload."""
    if actor.role != roles.SOCIAL_WORKER:
        raise PermissionDenied
    on = on or _today()
    with transaction.atomic():
        open_case = (
            CaseAssignment.objects.select_for_update()
            .filter(person=person, end_date__isnull=True)
            .first()
        )
        if open_case is not None:
            if open_case.worker_id == actor.pk:
                return open_case
            raise ServiceError(
                {"__all__": "این پرونده مددکار دارد؛ برای جابه‌جایی، درخواست انتقال بفرستید."}
            )
        case = CaseAssignment.objects.create(
            worker=actor, person=person, start_date=on, reason=reason or "پذیرش پرونده"
        )
        audit_write(
            actor=actor,
            action="casework.case_take",
            obj=case,
            person_id=person.pk,
            after={"worker": actor.username, "start_date": on},
        )
    return case


# ------------------------------------------------------------------ plan and notes


def goal_create(*, actor, person, title: str, target_date: dt.date | None = None) -> PlanGoal:
    title = (title or "").strip()
    if not title:
        raise ServiceError({"title": "هدف را بنویسید."})
    with transaction.atomic():
        goal = PlanGoal.objects.create(
            person=person, title=title, target_date=target_date, created_by=actor
        )
        audit_write(
            actor=actor,
            action="casework.goal_create",
            obj=goal,
            person_id=person.pk,
            after={"title": title, "target_date": target_date},
        )
    return goal


def goal_with_action_create(
    *,
    actor,
    person,
    title: str,
    target_date: dt.date | None = None,
    action: str = "",
    follow_up_on: dt.date | None = None,
) -> PlanGoal:
    """A goal and, optionally, its first action, both or neither."""
    with transaction.atomic():
        goal = goal_create(actor=actor, person=person, title=title, target_date=target_date)
        if (action or "").strip():
            action_create(actor=actor, goal=goal, description=action, follow_up_on=follow_up_on)
    return goal


def action_create(
    *, actor, goal: PlanGoal, description: str, follow_up_on: dt.date | None
) -> PlanAction:
    errors: dict[str, str] = {}
    description = (description or "").strip()
    if not description:
        errors["description"] = "اقدام را بنویسید."
    if follow_up_on is None:
        errors["follow_up_on"] = "تاریخ پیگیری را وارد کنید."
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        action = PlanAction.objects.create(
            goal=goal, description=description, follow_up_on=follow_up_on, created_by=actor
        )
        audit_write(
            actor=actor,
            action="casework.action_create",
            obj=action,
            person_id=goal.person_id,
            after={"description": description, "follow_up_on": follow_up_on},
        )
    return action


def action_done(
    *, actor, action: PlanAction, outcome: str, done_on: dt.date | None = None
) -> PlanAction:
    outcome = (outcome or "").strip()
    done_on = done_on or _today()
    errors: dict[str, str] = {}
    if not outcome:
        errors["outcome"] = "نتیجهٔ پیگیری را بنویسید."
    _not_future(errors, "done_on", done_on)
    if action.done_on:
        errors["__all__"] = "این اقدام پیش‌تر انجام شده است."
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        action.done_on, action.outcome = done_on, outcome
        action.save(update_fields=["done_on", "outcome", "updated_at"])
        audit_write(
            actor=actor,
            action="casework.action_done",
            obj=action,
            person_id=action.goal.person_id,
            after={"done_on": done_on},
        )
    return action


def note_create(*, actor, person, text: str, sensitivity: str = CaseNote.NORMAL) -> CaseNote:
    """A case note. The audit entry says a note was written, never what it says."""
    text = (text or "").strip()
    errors: dict[str, str] = {}
    if not text:
        errors["text"] = "متن یادداشت را بنویسید."
    if sensitivity not in dict(CaseNote.SENSITIVITY_CHOICES):
        errors["sensitivity"] = "سطح محرمانگی را انتخاب کنید."
    elif sensitivity == CaseNote.SENSITIVE and not user_can(actor, "person.sensitive"):
        errors["sensitivity"] = "شما مجاز به نوشتن یادداشت محرمانه نیستید."
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        note = CaseNote.objects.create(
            person=person, author=actor, text=text, sensitivity=sensitivity
        )
        audit_write(
            actor=actor,
            action="casework.note_create",
            obj=note,
            person_id=person.pk,
            after={"sensitivity": sensitivity, "length": len(text)},
        )
    return note


# ------------------------------------------------------------------ referrals


def referral_create(
    *,
    actor,
    person,
    kind: str,
    request: str,
    follow_up_on: dt.date | None,
    to_worker=None,
    to_centre=None,
    to_partner: PartnerOrganisation | None = None,
    service: ServiceType | None = None,
    sent_on: dt.date | None = None,
) -> Referral:
    """Refer (someone else acts, the case stays) or transfer (to another worker,
    who must accept). The follow-up stays on the sender's list until answered."""
    errors: dict[str, str] = {}
    sent_on = sent_on or _today()
    request = (request or "").strip()
    receivers = [r for r in (to_worker, to_centre, to_partner) if r is not None]
    if kind not in dict(stages.KINDS):
        errors["kind"] = "نوع ارجاع را انتخاب کنید."
    elif kind == stages.TRANSFER:
        if to_worker is None or to_centre is not None or to_partner is not None:
            errors["to_worker"] = "پرونده فقط به مددکار دیگری منتقل می‌شود؛ مددکار را انتخاب کنید."
        elif not CaseAssignment.objects.filter(
            person=person, worker=actor, end_date__isnull=True
        ).exists():
            errors["kind"] = "فقط مددکار مسئول پرونده می‌تواند آن را منتقل کند."
        elif Referral.objects.filter(
            person=person, kind=stages.TRANSFER, status=stages.SENT
        ).exists():
            errors["kind"] = "برای این پرونده یک درخواست انتقال در انتظار پاسخ است."
    elif len(receivers) != 1:
        errors["to_partner"] = "یک گیرنده انتخاب کنید: مددکار، مرکز یا سازمان همکار."
    if to_worker is not None and (
        to_worker.pk == actor.pk or to_worker.role != roles.SOCIAL_WORKER
    ):
        errors["to_worker"] = "مددکار دیگری را انتخاب کنید."
    if not request:
        errors["request"] = "شرح درخواست را بنویسید."
    if follow_up_on is None:
        errors["follow_up_on"] = "تاریخ پیگیری را وارد کنید."
    elif follow_up_on < sent_on:
        errors["follow_up_on"] = "تاریخ پیگیری نمی‌تواند پیش از امروز باشد."
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        r = Referral.objects.create(
            person=person,
            kind=kind,
            from_worker=actor,
            to_worker=to_worker,
            to_centre=to_centre,
            to_partner=to_partner,
            service=service,
            request=request,
            sent_on=sent_on,
            follow_up_on=follow_up_on,
        )
        audit_write(
            actor=actor,
            action="casework.referral_create",
            obj=r,
            person_id=person.pk,
            after={
                "kind": kind,
                "to_worker": getattr(to_worker, "username", None),
                "to_centre": getattr(to_centre, "pk", None),
                "to_partner": getattr(to_partner, "code", None),
                "service": getattr(service, "code", None),
                "follow_up_on": follow_up_on,
            },
        )
    return r


def referral_respond(
    *, actor, referral: Referral, status: str, answer: str = "", on: dt.date | None = None
) -> Referral:
    """Record an answer. Internal referrals are answered by the receiving worker;
    referrals to a partner or a centre by the sender, writing down what came back.
    An accepted transfer moves the case to the receiving worker."""
    if not selectors.may_respond(actor, referral):
        raise PermissionDenied
    on = on or _today()
    errors = stages.check_referral_move(referral.kind, referral.status, status, answer)
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        r = Referral.objects.select_for_update().get(pk=referral.pk)
        if r.status != referral.status:
            raise ServiceError({"status": "وضعیت این ارجاع هم‌زمان تغییر کرد؛ دوباره نگاه کنید."})
        before = r.status
        r.status = status
        r.answer = (answer or "").strip()
        r.answered_on = on
        r.answered_by = actor
        r.save()
        if r.kind == stages.TRANSFER and status == stages.ACCEPTED:
            CaseAssignment.objects.filter(person_id=r.person_id, end_date__isnull=True).update(
                end_date=on
            )
            CaseAssignment.objects.create(
                worker=r.to_worker,
                person_id=r.person_id,
                start_date=on,
                reason=f"انتقال از {r.from_worker.display_name}",
            )
        audit_write(
            actor=actor,
            action="casework.referral_respond",
            obj=r,
            person_id=r.person_id,
            before={"status": before},
            after={"status": status, "answered_on": on},
        )
    return r


def caseload_handover(*, actor, from_worker, to_worker=None, on: dt.date | None = None) -> int:
    """Hand every open case of `from_worker` (leaving, or moving on) to `to_worker`;
    one history row and one audit entry per woman. Nothing to hand: returns 0."""
    on = on or _today()
    cases = list(
        CaseAssignment.objects.select_for_update().filter(worker=from_worker, end_date__isnull=True)
    )
    if not cases:
        return 0
    if (
        to_worker is None
        or to_worker.pk == from_worker.pk
        or to_worker.role != roles.SOCIAL_WORKER
        or not to_worker.is_active
    ):
        raise ServiceError(
            {
                "handover_to": f"{from_worker.display_name} {to_persian_digits(len(cases))} پرونده "
                "در دست دارد؛ مددکار فعالی را برای تحویل پرونده‌ها انتخاب کنید."
            }
        )
    with transaction.atomic():
        for case in cases:
            case.end_date = on
            case.save(update_fields=["end_date"])
            CaseAssignment.objects.create(
                worker=to_worker,
                person_id=case.person_id,
                start_date=on,
                reason=f"تحویل پرونده از {from_worker.display_name}",
            )
            audit_write(
                actor=actor,
                action="casework.case_handover",
                obj=case,
                person_id=case.person_id,
                before={"worker": from_worker.username},
                after={"worker": to_worker.username, "date": on},
            )
    return len(cases)


def caseload_handover_on_deactivate(*, actor, user, handover_to=None) -> None:
    """Run when an account is deactivated: her open cases go to `handover_to`."""
    caseload_handover(actor=actor, from_worker=user, to_worker=handover_to)
