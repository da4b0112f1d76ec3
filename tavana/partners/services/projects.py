"""Joint projects: the long list, status with history, milestones, indicators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from tavana.audit.services import audit_write
from tavana.core.errors import ServiceError

from ..domain import projects as rules
from ..models import Indicator, Measurement, Milestone, Project, ProjectStatusChange
from .common import text, today

RATINGS = ("value", "feasibility", "speed")


def _move(*, actor, project: Project, target: str, reason: str = "") -> None:
    errors = rules.move_errors(project.status, target, reason)
    if errors:
        raise ServiceError(errors, code="project_status")
    source = project.status
    project.status = target
    project.save(update_fields=["status", "updated_at"])
    ProjectStatusChange.objects.create(
        project=project, source=source, target=target, at=timezone.now(), by=actor, reason=reason
    )


def _errors(data: dict) -> dict[str, str]:
    errors = {}
    if not data.get("title"):
        errors["title"] = "عنوان پروژه را بنویسید."
    if data.get("axis") is None:
        errors["axis"] = "محور را انتخاب کنید."
    if data.get("horizon") not in dict(rules.HORIZONS):
        errors["horizon"] = "افق پروژه را انتخاب کنید."
    for k in RATINGS:
        v = data.get(k)
        if v is None or not 1 <= int(v) <= 5:
            errors[k] = "عددی از ۱ تا ۵."
    if (data.get("budget") or 0) < 0:
        errors["budget"] = "بودجه نمی‌تواند منفی باشد."
    if (data.get("staff_months") or 0) < 0:
        errors["staff_months"] = "نیروی انسانی نمی‌تواند منفی باشد."
    s, e = data.get("starts_on"), data.get("ends_on")
    if s and e and e < s:
        errors["ends_on"] = "پایان پروژه نمی‌تواند پیش از آغاز آن باشد."
    return errors


def project_create(*, actor, agreement, data: dict) -> Project:
    data = {k: (text(v) if isinstance(v, str) else v) for k, v in data.items()}
    errors = _errors(data)
    if data.get("axis") is not None and not agreement.axes.filter(pk=data["axis"].pk).exists():
        errors["axis"] = "این محور در تفاهم‌نامه نیامده است."
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        p = Project.objects.create(
            agreement=agreement,
            title=data["title"],
            description=data.get("description", ""),
            axis=data["axis"],
            horizon=data["horizon"],
            owner=data.get("owner"),
            partner_owner=data.get("partner_owner", ""),
            budget=data.get("budget") or 0,
            staff_months=Decimal(str(data.get("staff_months") or 0)),
            value=data["value"],
            feasibility=data["feasibility"],
            speed=data["speed"],
            starts_on=data.get("starts_on"),
            ends_on=data.get("ends_on"),
        )
        ProjectStatusChange.objects.create(project=p, target=p.status, at=p.created_at, by=actor)
        audit_write(
            actor=actor,
            action="partners.project_create",
            obj=p,
            after={"agreement": agreement.pk, "title": p.title, "horizon": p.horizon},
        )
    return p


def project_move(*, actor, project: Project, target: str, reason: str = "") -> Project:
    with transaction.atomic():
        p = Project.objects.select_for_update().get(pk=project.pk)
        source = p.status
        _move(actor=actor, project=p, target=target, reason=text(reason))
        audit_write(
            actor=actor,
            action="partners.project_status",
            obj=p,
            before={"status": source},
            after={"status": target},
            reason=text(reason),
        )
    return p


def milestone_add(*, actor, project: Project, title: str, due_on: dt.date | None) -> Milestone:
    title = text(title)
    errors = {}
    if not title:
        errors["title"] = "عنوان گام را بنویسید."
    if due_on is None:
        errors["due_on"] = "موعد را وارد کنید."
    if errors or due_on is None:  # (a missing date is in errors)
        raise ServiceError(errors)
    with transaction.atomic():
        m = Milestone.objects.create(project=project, title=title, due_on=due_on)
        audit_write(
            actor=actor,
            action="partners.milestone_add",
            obj=m,
            after={"project": project.pk, "title": title, "due_on": due_on},
        )
    return m


def milestone_done(*, actor, milestone: Milestone, on: dt.date | None = None, note: str = ""):
    on = on or today()
    with transaction.atomic():
        m = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if m.done_on is not None:
            raise ServiceError("این گام پیش‌تر انجام شده است.", code="milestone_done")
        if on > today():
            raise ServiceError({"done_on": "تاریخ انجام نمی‌تواند در آینده باشد."})
        m.done_on, m.note = on, text(note)
        m.save(update_fields=["done_on", "note"])
        audit_write(actor=actor, action="partners.milestone_done", obj=m, after={"done_on": on})
    return m


def indicator_add(*, actor, project: Project, data: dict) -> Indicator:
    name = text(data.get("name"))
    errors = {}
    if not name:
        errors["name"] = "عنوان شاخص را بنویسید."
    if data.get("target") is None:
        errors["target"] = "هدف را وارد کنید."
    if data.get("kind") not in dict(Indicator.KIND_CHOICES):
        errors["kind"] = "نوع شاخص را انتخاب کنید."
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        i = Indicator.objects.create(
            project=project,
            kind=data["kind"],
            name=name,
            unit=text(data.get("unit")) or "نفر",
            baseline=data.get("baseline") or 0,
            target=data["target"],
        )
        audit_write(
            actor=actor,
            action="partners.indicator_add",
            obj=i,
            after={"project": project.pk, "name": name, "target": str(i.target)},
        )
    return i


def measurement_add(
    *, actor, indicator: Indicator, value, measured_on: dt.date | None, note: str = ""
) -> Measurement:
    errors = {}
    if value is None:
        errors["value"] = "مقدار را وارد کنید."
    if measured_on is None:
        errors["measured_on"] = "تاریخ را وارد کنید."
    elif measured_on > today():
        errors["measured_on"] = "تاریخ نمی‌تواند در آینده باشد."
    if errors or measured_on is None:  # (a missing date is in errors)
        raise ServiceError(errors)
    with transaction.atomic():
        m = Measurement.objects.create(
            indicator=indicator, value=value, measured_on=measured_on, note=text(note), by=actor
        )
        audit_write(
            actor=actor,
            action="partners.measurement_add",
            obj=m,
            after={"indicator": indicator.pk, "value": str(value), "measured_on": measured_on},
        )
    return m
