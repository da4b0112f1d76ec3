"""The support ladder: level changes (through the transition table, one history
row each) and the needs assessment that suggests a level."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from tavana.audit.services import audit_write
from tavana.core.errors import ServiceError

from .. import selectors
from ..domain.assessment import suggest_level
from ..domain.ladder import check_level_change
from ..models import (
    AnswerOption,
    Assessment,
    AssessmentAnswer,
    LevelChange,
    Question,
    SupportLevel,
    SupportStatus,
)
from .common import _not_future


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
    if errors or move is None:  # (no move only when there are errors)
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
    if errors or level is None or on is None:  # (what is missing is in errors)
        raise ServiceError(errors)
    with transaction.atomic():
        change = _apply_level(actor=actor, person=person, level=level, on=on, reason=reason)
    assert change is not None
    return change


# ------------------------------------------------------------------ assessment


def _answered(
    answers: dict[int, int | None], errors: dict[str, str]
) -> list[tuple[Question, AnswerOption]]:
    """The option picked for every active question; a question left unanswered
    (or answered with another question's option) is an error on its field."""
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
    return picked


def _levels(
    suggested_code: str, decided_code: str, override_reason: str
) -> tuple[SupportLevel, SupportLevel]:
    """(the suggested level, the decided one): another level than the suggestion
    needs a reason."""
    levels = {lv.code: lv for lv in SupportLevel.objects.all()}
    suggested = levels.get(suggested_code)
    if suggested is None:
        raise ServiceError({"decided_level": "سطح پیشنهادی در فهرست سطح‌ها نیست."})
    decided = levels.get(decided_code) if decided_code else suggested
    if decided is None:
        raise ServiceError({"decided_level": "سطح انتخاب‌شده تعریف نشده است."})
    if decided != suggested and not override_reason:
        raise ServiceError(
            {"override_reason": "سطحی غیر از پیشنهاد انتخاب شده است؛ دلیل را بنویسید."}
        )
    return suggested, decided


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
    picked = _answered(answers, errors)
    if assessed_on is None:
        errors["assessed_on"] = "تاریخ ارزیابی را وارد کنید."
    _not_future(errors, "assessed_on", assessed_on, "تاریخ ارزیابی")
    if reassess_on and assessed_on and reassess_on <= assessed_on:
        errors["reassess_on"] = "تاریخ ارزیابی دوباره باید بعد از تاریخ ارزیابی باشد."
    if errors or assessed_on is None:  # (a missing date is in errors)
        raise ServiceError(errors)
    from ..configuration import current_rule

    rule, thresholds = current_rule()
    suggestion = suggest_level([(q.domain, o.score) for q, o in picked], thresholds)
    override_reason = (override_reason or "").strip()
    suggested, decided = _levels(suggestion.level, decided_level_code, override_reason)
    if reassess_on is None:
        from ..domain.stages import add_months

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
