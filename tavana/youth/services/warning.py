"""The early warning: raising and resolving flags, the administrator's
thresholds, and the interventions that answer a flag."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction

from tavana.audit.services import audit_write
from tavana.core.domain.persian_text import to_ascii_digits
from tavana.core.errors import ServiceError

from ..domain import academic
from ..domain import early_warning as ew
from ..models import Intervention, RiskFlag, TermResult, WarningIndicator
from .common import text, today

OUTCOME_MARGIN = Decimal("0.25")  # a change in the average smaller than this is «no change»


def _outcome(before: Decimal | None, after: Decimal | None, resolved: bool) -> str:
    if before is not None and after is not None:
        if after - before >= OUTCOME_MARGIN:
            return Intervention.IMPROVED
        if before - after >= OUTCOME_MARGIN:
            return Intervention.WORSE
        return Intervention.IMPROVED if resolved else Intervention.SAME
    return Intervention.IMPROVED if resolved else Intervention.SAME


def flags_refresh(*, actor, child, on: dt.date | None = None) -> dict:
    """Judge the child's latest term: raise the flags that fire and are not open
    yet, resolve the open ones raised at an earlier term that no longer fire,
    and give the interventions started before the latest term their outcome."""
    from ..selectors import indicator_specs, term_facts

    on = on or today()
    history = term_facts(child.pk)
    if not history:
        return {"raised": 0, "resolved": 0}
    latest = max(history, key=lambda t: t.order)
    fired = {f.code: f for f in ew.evaluate(history, indicator_specs())}
    raised = resolved = 0
    with transaction.atomic():
        open_flags = {
            f.indicator: f
            for f in RiskFlag.objects.select_for_update().filter(child=child, status=RiskFlag.OPEN)
        }
        for code, flag in open_flags.items():
            newer = academic.term_order(flag.year, flag.term) < latest.order
            if code in fired:
                f = fired[code]
                if newer and flag.reason != f.reason[:400]:
                    flag.reason, flag.severity = f.reason[:400], f.severity
                    flag.save(update_fields=["reason", "severity", "updated_at"])
            elif newer:
                flag.status = RiskFlag.RESOLVED
                flag.resolved_year, flag.resolved_term, flag.resolved_on = (
                    latest.year,
                    latest.term,
                    on,
                )
                flag.save(
                    update_fields=[
                        "status",
                        "resolved_year",
                        "resolved_term",
                        "resolved_on",
                        "updated_at",
                    ]
                )
                resolved += 1
                audit_write(
                    actor=actor,
                    action="youth.flag_resolve",
                    obj=flag,
                    person_id=child.pk,
                    before={"status": RiskFlag.OPEN},
                    after={"status": RiskFlag.RESOLVED},
                )
        for code, f in fired.items():
            if code in open_flags:
                continue
            flag = RiskFlag.objects.create(
                child=child,
                indicator=code,
                severity=f.severity,
                reason=f.reason[:400],
                threshold=f.threshold,
                year=latest.year,
                term=latest.term,
                raised_on=on,
                district_id=child.district_id,
            )
            raised += 1
            audit_write(
                actor=actor,
                action="youth.flag_raise",
                obj=flag,
                person_id=child.pk,
                after={"indicator": code, "year": latest.year, "term": latest.term},
            )
        _outcomes(actor=actor, child=child, latest=latest)
    return {"raised": raised, "resolved": resolved}


def _outcomes(*, actor, child, latest: ew.TermFacts) -> None:
    pending = (
        Intervention.objects.select_for_update()
        .filter(child=child, outcome="")
        .select_related("flag")
    )
    for i in pending:
        if academic.term_order(i.flag.year, i.flag.term) >= latest.order:
            continue
        resolved = i.flag.status == RiskFlag.RESOLVED
        i.average_after = latest.average
        i.outcome = _outcome(i.average_before, latest.average, resolved)
        i.outcome_year, i.outcome_term = latest.year, latest.term
        i.save(
            update_fields=["average_after", "outcome", "outcome_year", "outcome_term", "updated_at"]
        )
        audit_write(
            actor=actor,
            action="youth.intervention_outcome",
            obj=i,
            person_id=child.pk,
            after={"outcome": i.outcome},
        )


def intervention_record(
    *,
    actor,
    flag: RiskFlag,
    kind: str,
    started_on: dt.date | None,
    partner=None,
    note: str = "",
) -> Intervention:
    errors: dict[str, str] = {}
    if kind not in dict(Intervention.KIND_CHOICES):
        errors["kind"] = "نوع اقدام را انتخاب کنید."
    if kind == Intervention.REFERRAL and partner is None:
        errors["partner"] = "برای ارجاع، سازمان همکار را انتخاب کنید."
    if started_on is None:
        errors["started_on"] = "تاریخ شروع را وارد کنید."
    elif started_on > today():
        errors["started_on"] = "تاریخ شروع نمی‌تواند در آینده باشد."
    elif started_on < flag.raised_on - dt.timedelta(days=60):
        errors["started_on"] = "تاریخ شروع خیلی پیش از هشدار است."
    if flag.status != RiskFlag.OPEN:
        errors["__all__"] = "این هشدار برطرف شده است."
    if errors or started_on is None:
        raise ServiceError(errors)
    with transaction.atomic():
        before = (
            TermResult.objects.filter(child_id=flag.child_id, year=flag.year, term=flag.term)
            .values_list("average", flat=True)
            .first()
        )
        i = Intervention.objects.create(
            flag=flag,
            child_id=flag.child_id,
            kind=kind,
            partner=partner if kind == Intervention.REFERRAL else None,
            started_on=started_on,
            note=text(note),
            recorded_by=actor,
            average_before=before,
        )
        i.delivery = _mothers_service(actor=actor, child_id=flag.child_id, on=started_on)
        if i.delivery is not None:
            i.save(update_fields=["delivery", "updated_at"])
        audit_write(
            actor=actor,
            action="youth.intervention",
            obj=i,
            person_id=flag.child_id,
            after={"kind": kind, "flag": flag.pk, "partner": partner.pk if partner else None},
        )
    return i


# What the mother's casework history shows for any intervention: one neutral
# service, no kind, no flag, no child's name or marks — those stay in the youth
# record, open only with a clearance for children's data.
CHILD_SERVICE = {
    "code": "child_education_support",
    "name": "حمایت آموزشی فرزند",
    "programme_code": "children_education",
    "programme_name": "آموزش فرزندان",
    "unit": "case",
}


def child_service_type():
    from tavana.casework.services import service_type_ensure

    return service_type_ensure(**CHILD_SERVICE)


def _mothers_service(*, actor, child_id: int, on: dt.date):
    """Record the intervention as a service delivered to the child's mother
    through casework (so it is in her history with her other services)."""
    from tavana.casework.services import delivery_record
    from tavana.people.models import Person
    from tavana.people.selectors import parent_of

    mother = parent_of(child=Person.objects.get(pk=child_id))
    if mother is None:
        return None
    return delivery_record(
        actor=actor,
        person=mother,
        service=child_service_type(),
        delivered_on=on,
        quantity=Decimal(1),
        unit="case",
    )


def indicator_update(
    *, actor, indicator: WarningIndicator, threshold, severity: int | None, active: bool
) -> WarningIndicator:
    """The administrator changes a threshold; flags already raised keep theirs."""
    errors: dict[str, str] = {}
    try:
        value = Decimal(to_ascii_digits(str(threshold)).replace("٫", ".").strip())
    except (InvalidOperation, ValueError):
        value = None
        errors["threshold"] = "آستانه باید عدد باشد."
    if value is not None and (not value.is_finite() or value <= 0 or value > 120):
        errors["threshold"] = "آستانه باید عددی بزرگ‌تر از صفر (حداکثر ۱۲۰) باشد."
    if severity not in ew.SEVERITY_LABELS:
        errors["severity"] = "شدت را انتخاب کنید."
    if errors or value is None or severity is None:
        raise ServiceError(errors)
    before = {
        "threshold": indicator.threshold,
        "severity": indicator.severity,
        "active": indicator.active,
    }
    after = {"threshold": value, "severity": severity, "active": bool(active)}
    if (indicator.threshold, indicator.severity, indicator.active) == (
        value,
        severity,
        bool(active),
    ):
        return indicator
    with transaction.atomic():
        indicator.threshold, indicator.severity, indicator.active = value, severity, bool(active)
        indicator.save()
        audit_write(
            actor=actor, action="youth.indicator_update", obj=indicator, before=before, after=after
        )
    return indicator
