"""The administrator's configuration of casework: the support ladder (levels and
the moves between them). A change is audited and never rewrites what was
recorded: history rows point at levels, which are renamed or retired, never
deleted; a new level slots in between without touching anyone's history."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from tavana.accounts.access import access_action
from tavana.audit.services import audit_write
from tavana.core.errors import ServiceError

from .domain.assessment import DEFAULT_THRESHOLDS, DOMAINS, MAX_SCORE, Thresholds
from .domain.ladder import initial_transitions
from .models import (
    AnswerOption,
    Delivery,
    LevelTransition,
    Programme,
    Question,
    ScoringRule,
    ServiceType,
    SupportLevel,
    SupportStatus,
)

LEVEL_FIELDS = ("name", "description", "reassess_months", "active")


def _level_view(lv: SupportLevel) -> dict:
    return {f: getattr(lv, f) for f in ("code", "order", *LEVEL_FIELDS)}


def _check_level(data: dict) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not (data.get("name") or "").strip():
        errors["name"] = "نام سطح را بنویسید."
    months = data.get("reassess_months")
    if months is None or not 1 <= months <= 36:
        errors["reassess_months"] = "فاصلهٔ ارزیابی دوباره باید از ۱ تا ۳۶ ماه باشد."
    return errors


def level_add(*, actor, data: dict, after: SupportLevel | None) -> SupportLevel:
    """A new rung just above `after` (None: at the bottom). Higher rungs move up
    one place; the new rung gets the usual moves (one step up freely; two steps up
    or any step down with a reason)."""
    access_action(actor, "config.manage")
    errors = _check_level(data)
    code = (data.get("code") or "").strip().lower()
    if not code or not all(c.isascii() and (c.isalnum() or c == "_") for c in code):
        errors["code"] = "کد را با حروف و رقم لاتین بنویسید (مثلاً market_ready)."
    elif SupportLevel.objects.filter(code=code).exists():
        errors["code"] = "این کد پیش‌تر به کار رفته است."
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        position = (after.order + 1) if after else 1
        # shift from the top down, so the unique order never collides
        for lv in (
            SupportLevel.objects.select_for_update().filter(order__gte=position).order_by("-order")
        ):
            SupportLevel.objects.filter(pk=lv.pk).update(order=F("order") + 1)
        level = SupportLevel.objects.create(
            code=code,
            order=position,
            name=data["name"].strip(),
            description=(data.get("description") or "").strip(),
            reassess_months=data["reassess_months"],
        )
        orders = dict(SupportLevel.objects.values_list("code", "order"))
        levels = {lv.code: lv for lv in SupportLevel.objects.all()}
        LevelTransition.objects.bulk_create(
            [
                LevelTransition(from_level=levels[a], to_level=levels[b], needs_reason=needs)
                for a, b, needs in initial_transitions(orders)
                if code in (a, b)
            ]
        )
        audit_write(
            actor=actor,
            action="config.level_add",
            obj=level,
            after={**_level_view(level), "after": after.code if after else None},
        )
    return level


def level_update(*, actor, level: SupportLevel, data: dict) -> SupportLevel:
    """Rename, describe, change the reassessment interval, retire or bring back a
    rung. A rung on which women stand now cannot be retired."""
    access_action(actor, "config.manage")
    errors = _check_level(data)
    if data.get("active") is False and level.active:
        standing = SupportStatus.objects.filter(level=level).count()
        if standing:
            errors["active"] = (
                f"{standing} زن اکنون در این سطح‌اند؛ پیش از بایگانی، سطحشان را تغییر دهید."
            )
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        level = SupportLevel.objects.select_for_update().get(pk=level.pk)
        before = _level_view(level)
        level.name = data["name"].strip()
        level.description = (data.get("description") or "").strip()
        level.reassess_months = data["reassess_months"]
        level.active = data.get("active", True) is not False
        level.save()
        after = _level_view(level)
        changed = [k for k in after if before[k] != after[k]]
        if changed:
            audit_write(
                actor=actor,
                action="config.level_update",
                obj=level,
                before={k: before[k] for k in changed},
                after={"code": level.code, **{k: after[k] for k in changed}},
            )
    return level


def transition_set(
    *, actor, from_level: SupportLevel, to_level: SupportLevel, allowed: bool, needs_reason: bool
) -> None:
    """Allow (with or without a required reason) or forbid one move on the ladder."""
    access_action(actor, "config.manage")
    if from_level.pk == to_level.pk:
        raise ServiceError({"to_level": "مبدأ و مقصد یکی است."})
    with transaction.atomic():
        row = LevelTransition.objects.filter(from_level=from_level, to_level=to_level).first()
        before = None if row is None else {"allowed": True, "needs_reason": row.needs_reason}
        if allowed:
            if row is None:
                row = LevelTransition.objects.create(
                    from_level=from_level, to_level=to_level, needs_reason=needs_reason
                )
            elif row.needs_reason != needs_reason:
                row.needs_reason = needs_reason
                row.save(update_fields=["needs_reason"])
            after = {"allowed": True, "needs_reason": needs_reason}
        else:
            if row is not None:
                row.delete()
            after = {"allowed": False}
        if before != after and not (before is None and not allowed):
            audit_write(
                actor=actor,
                action="config.transition_set",
                object_type="casework.leveltransition",
                object_id=f"{from_level.code}>{to_level.code}",
                before=before,
                after={"from": from_level.name, "to": to_level.name, **after},
            )


# ------------------------------------------------------------ the assessment rule


def current_rule() -> tuple[ScoringRule | None, Thresholds]:
    """The latest version of the cut-offs (None and the defaults before any change)."""
    rule = ScoringRule.objects.order_by("-id").first()
    if rule is None:
        return None, DEFAULT_THRESHOLDS
    known = {k: v for k, v in rule.thresholds.items() if k in Thresholds.LABELS}
    return rule, Thresholds(**known)


def scoring_rule_save(*, actor, values: dict, note: str = "") -> ScoringRule:
    """A new version of the cut-offs; assessments already recorded keep theirs."""
    access_action(actor, "config.manage")
    _, before = current_rule()
    t = Thresholds(**{k: float(values[k]) for k in Thresholds.LABELS if k in values})
    errors = t.check()
    if errors:
        raise ServiceError(errors)
    changed = {k for k in Thresholds.LABELS if getattr(t, k) != getattr(before, k)}
    if not changed:
        raise ServiceError("آستانه‌ها همان‌اند که بودند.")
    with transaction.atomic():
        rule = ScoringRule.objects.create(
            thresholds={k: getattr(t, k) for k in Thresholds.LABELS},
            note=(note or "").strip(),
            created_by=actor,
        )
        audit_write(
            actor=actor,
            action="config.scoring_rule",
            obj=rule,
            before={Thresholds.LABELS[k]: getattr(before, k) for k in changed},
            after={Thresholds.LABELS[k]: getattr(t, k) for k in changed},
            reason=rule.note,
        )
    return rule


# ------------------------------------------------------------ the questionnaire


def _check_question(data: dict) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not (data.get("text") or "").strip():
        errors["text"] = "متن پرسش را بنویسید."
    if data.get("domain") not in dict(DOMAINS):
        errors["domain"] = "حوزهٔ پرسش را انتخاب کنید."
    options = [(t.strip(), s) for t, s in data.get("options", []) if (t or "").strip()]
    if len(options) < 2:
        errors["option_1"] = "دست‌کم دو پاسخ بنویسید."
    elif any(s is None or not 0 <= s <= MAX_SCORE for _, s in options):
        errors["option_1"] = "امتیاز نیاز هر پاسخ باید از ۰ (بی‌نیاز) تا ۳ (نیاز شدید) باشد."
    return errors


def question_save(*, actor, data: dict, question: Question | None = None) -> Question:
    """Add a question, or reword one: the old version is retired (its answers keep
    it) and the new one takes its place in the questionnaire."""
    access_action(actor, "config.manage")
    errors = _check_question(data)
    if errors:
        raise ServiceError(errors)
    options = [(t.strip(), s) for t, s in data["options"] if (t or "").strip()]
    with transaction.atomic():
        if question is not None:
            question = Question.objects.select_for_update().get(pk=question.pk)
            if not question.active:
                raise ServiceError("این پرسش پیش‌تر بازنویسی یا بایگانی شده است.")
            question.active = False
            question.save(update_fields=["active"])
            base = question.code.split("--")[0]
            n = Question.objects.filter(code__startswith=base + "--").count() + 2
            code, order = f"{base}--{n}", question.order
        else:
            code = f"q{Question.objects.count() + 1}"
            while Question.objects.filter(code=code).exists():
                code += "x"
            order = (
                Question.objects.order_by("-order").values_list("order", flat=True).first() or 0
            ) + 1
        new = Question.objects.create(
            code=code, domain=data["domain"], text=data["text"].strip(), order=order,
            replaces=question,
        )  # fmt: skip
        AnswerOption.objects.bulk_create(
            [
                AnswerOption(question=new, text=t, score=s, order=i)
                for i, (t, s) in enumerate(options, 1)
            ]
        )
        audit_write(
            actor=actor,
            action="config.question_add" if question is None else "config.question_revise",
            obj=new,
            before={"text": question.text} if question else None,
            after={"text": new.text, "domain": new.get_domain_display(),
                   "options": [f"{t} ({s})" for t, s in options]},
        )  # fmt: skip
    return new


def question_retire(*, actor, question: Question) -> Question:
    access_action(actor, "config.manage")
    if Question.objects.filter(active=True).exclude(pk=question.pk).count() < 3:
        raise ServiceError("پرسش‌نامه دست‌کم سه پرسش لازم دارد.")
    with transaction.atomic():
        question.active = False
        question.save(update_fields=["active"])
        audit_write(
            actor=actor,
            action="config.question_retire",
            obj=question,
            before={"active": True},
            after={"text": question.text, "active": False},
        )
    return question


# ------------------------------------------------------------ service types


def _service_view(s: ServiceType) -> dict:
    return {
        "name": s.name,
        "programme": s.programme.name,
        "org_unit": s.org_unit.name if s.org_unit_id else None,
        "default_unit": s.get_default_unit_display(),
        "active": s.active,
    }


def service_type_save(*, actor, data: dict, service: ServiceType | None = None) -> ServiceType:
    """Add a service type or change one. A delivered service keeps its programme
    (figures by programme would otherwise be rewritten): retire it and add another."""
    access_action(actor, "config.manage")
    errors: dict[str, str] = {}
    name = (data.get("name") or "").strip()
    if not name:
        errors["name"] = "نام خدمت را بنویسید."
    if data.get("programme") is None:
        errors["programme"] = "برنامه را انتخاب کنید."
    if data.get("default_unit") not in dict(ServiceType.UNIT_CHOICES):
        errors["default_unit"] = "واحد شمارش را انتخاب کنید."
    if service is None:
        code = (data.get("code") or "").strip().lower()
        if not code or not all(c.isascii() and (c.isalnum() or c == "_") for c in code):
            errors["code"] = "کد را با حروف و رقم لاتین بنویسید (مثلاً legal_clinic)."
        elif ServiceType.objects.filter(code=code).exists():
            errors["code"] = "این کد پیش‌تر به کار رفته است."
    elif (
        data.get("programme") is not None
        and data["programme"].pk != service.programme_id
        and Delivery.objects.filter(service=service).exists()
    ):
        errors["programme"] = (
            "این خدمت ارائه شده است و برنامه‌اش عوض نمی‌شود؛ آن را بایگانی کنید و خدمت تازه‌ای بسازید."
        )
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        before = _service_view(service) if service else None
        service = service or ServiceType(code=code)
        service.name, service.programme = name, data["programme"]
        service.org_unit, service.default_unit = data.get("org_unit"), data["default_unit"]
        service.active = data.get("active", True) is not False
        service.save()
        after = _service_view(service)
        changed = [k for k in after if before is None or before[k] != after[k]]
        if changed:
            audit_write(
                actor=actor,
                action="config.service_type",
                obj=service,
                before={k: before[k] for k in changed} if before else None,
                after={k: after[k] for k in changed},
            )
    return service


# ------------------------------------------------------------ programmes


def programme_unit_set(*, actor, programme: Programme, org_unit) -> Programme:
    """Give a programme to another unit of the organisation. What was delivered under
    it stays as recorded; figures by unit follow the programme from now on."""
    access_action(actor, "config.manage")
    if org_unit is not None and not org_unit.active:
        raise ServiceError({"org_unit": "این واحد سازمانی بایگانی شده است."})
    with transaction.atomic():
        p = Programme.objects.select_for_update(of=("self",)).get(pk=programme.pk)
        before = p.org_unit.name if p.org_unit_id else None
        if p.org_unit_id == (org_unit.pk if org_unit else None):
            return p
        p.org_unit = org_unit
        p.save(update_fields=["org_unit"])
        audit_write(
            actor=actor,
            action="config.programme_unit",
            obj=p,
            before={"org_unit": before},
            after={"programme": p.name, "org_unit": org_unit.name if org_unit else None},
        )
    return p
