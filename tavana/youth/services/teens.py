"""«به وقت نوجوانی»: summer programmes on training's courses — the mother's
consent before enrolment, age eligibility, teams and projects, the closing
showcase, and what each teen chose next."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from tavana.audit.services import audit_write
from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.errors import ServiceError
from tavana.people.selectors import age_on, child_ids, parent_of
from tavana.training import services as training_services

from ..programmes.models import ParentConsent, TeenFollowUp, TeenProgramme, TeenTeam
from .common import text, today


def teen_programme_create(
    *, actor, course, theme: str, min_age: int = 12, max_age: int = 19,
    showcase_on: dt.date | None = None, showcase_place: str = "",
) -> TeenProgramme:  # fmt: skip
    errors: dict[str, str] = {}
    if course is None or course.kind != "teen":
        errors["course"] = (
            "یک دورهٔ نوجوانان (از دوره‌های آموزش) انتخاب کنید یا دورهٔ تازه را زمان‌بندی کنید."
        )
    elif TeenProgramme.objects.filter(course=course).exists():
        errors["course"] = "این دوره پیش‌تر برنامهٔ به وقت نوجوانی شده است."
    errors.update(_programme_errors(theme, min_age, max_age))
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        p = TeenProgramme.objects.create(
            course=course, theme=theme, min_age=min_age, max_age=max_age,
            showcase_on=showcase_on, showcase_place=text(showcase_place),
        )  # fmt: skip
        audit_write(actor=actor, action="youth.teen_programme", obj=p, after={"course": course.pk})
    return p


def teen_programme_with_course_create(
    *, actor, course_fields: dict, theme: str, min_age: int = 12, max_age: int = 19,
    showcase_on: dt.date | None = None, showcase_place: str = "",
) -> TeenProgramme:  # fmt: skip
    """Schedule the teen course through training (sessions, attendance and
    certificates stay training's) and make it a programme, in one transaction:
    a refusal of either leaves nothing behind."""
    errors = _programme_errors(theme, min_age, max_age)
    with transaction.atomic():
        try:
            course = training_services.course_create(actor=actor, kind="teen", **course_fields)
        except ServiceError as e:
            raise ServiceError({**e.errors, **errors}) from e
        if errors:
            raise ServiceError(errors)
        return teen_programme_create(
            actor=actor, course=course, theme=theme, min_age=min_age, max_age=max_age,
            showcase_on=showcase_on, showcase_place=showcase_place,
        )  # fmt: skip


def _programme_errors(theme: str, min_age: int | None, max_age: int | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if theme not in ("entrepreneurship", "innovation", "startup"):
        errors["theme"] = "محور را انتخاب کنید."
    if not 12 <= (min_age or 0) <= (max_age or 0) <= 19:
        errors["min_age"] = "بازهٔ سنی باید در ۱۲ تا ۱۹ سال باشد."
    return errors


def _check_teen(programme: TeenProgramme, child) -> None:
    if not child_ids().filter(person_id=child.pk).exists():
        raise ServiceError({"child": "فقط فرزندان ثبت‌شده در خانوارها می‌توانند ثبت‌نام شوند."})
    on = programme.course.first_date or today()
    age = age_on(child.birth_date, on)
    if age is None:
        raise ServiceError({"child": "تاریخ تولد این نوجوان ثبت نشده است."})
    if not programme.min_age <= age <= programme.max_age:
        raise ServiceError(
            {
                "child": f"سن او در آغاز دوره {to_persian_digits(age)} سال است؛ این برنامه برای "
                f"{to_persian_digits(programme.min_age)} تا {to_persian_digits(programme.max_age)} سال است."
            },
            code="age",
        )


def consent_record(
    *, actor, programme: TeenProgramme, child, method: str, given_on: dt.date | None
) -> ParentConsent:
    errors: dict[str, str] = {}
    if method not in dict(ParentConsent.METHOD_CHOICES):
        errors["method"] = "شیوهٔ رضایت را انتخاب کنید."
    if given_on is None:
        errors["given_on"] = "تاریخ رضایت را وارد کنید."
    elif given_on > today():
        errors["given_on"] = "تاریخ رضایت نمی‌تواند در آینده باشد."
    if errors or given_on is None:
        raise ServiceError(errors)
    _check_teen(programme, child)
    mother = parent_of(child=child)
    if mother is None:
        raise ServiceError({"child": "مادر یا سرپرست این نوجوان در سامانه ثبت نشده است."})
    with transaction.atomic():
        c, created = ParentConsent.objects.get_or_create(
            programme=programme, child=child,
            defaults={"parent": mother, "method": method, "given_on": given_on, "recorded_by": actor},
        )  # fmt: skip
        if created:
            audit_write(
                actor=actor, action="youth.consent", obj=c, person_id=child.pk,
                after={"parent": mother.pk, "method": method, "given_on": given_on},
            )  # fmt: skip
    return c


def teen_enrol(*, actor, programme: TeenProgramme, child):
    """Enrol a teen in the programme's course — only with her mother's consent
    recorded and within the age range (a seat or the waitlist, as training does)."""
    _check_teen(programme, child)
    if not ParentConsent.objects.filter(programme=programme, child=child).exists():
        raise ServiceError({"child": "پیش از ثبت‌نام، رضایت مادر را ثبت کنید."}, code="no_consent")
    return training_services.enrol(actor=actor, course=programme.course, person=child)


def team_create(*, actor, programme: TeenProgramme, name: str, project: str, members) -> TeenTeam:
    errors: dict[str, str] = {}
    if not text(name):
        errors["name"] = "نام گروه را بنویسید."
    if not text(project):
        errors["project"] = "پروژهٔ گروه را بنویسید."
    members = list(members or [])
    if not members:
        errors["members"] = "دست‌کم یک عضو انتخاب کنید."
    enrolled = set(
        programme.course.enrolments.filter(status__in=("enrolled", "completed")).values_list(
            "person_id", flat=True
        )
    )
    if any(m.pk not in enrolled for m in members):
        errors["members"] = "همهٔ اعضا باید در این دوره ثبت‌نام شده باشند."
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        t = TeenTeam.objects.create(programme=programme, name=text(name), project=text(project))
        t.members.set(members)
        audit_write(
            actor=actor, action="youth.team", obj=t, after={"members": [m.pk for m in members]}
        )
    return t


def team_showcased(*, actor, team: TeenTeam) -> TeenTeam:
    with transaction.atomic():
        team.showcased = True
        team.save(update_fields=["showcased", "updated_at"])
        audit_write(actor=actor, action="youth.team", obj=team, after={"showcased": True})
    return team


def followup_record(
    *, actor, programme: TeenProgramme, child, choice: str, detail: str = "",
    asked_on: dt.date | None = None,
) -> TeenFollowUp:  # fmt: skip
    if choice not in dict(TeenFollowUp.CHOICE_CHOICES):
        raise ServiceError({"choice": "انتخاب او را مشخص کنید."})
    if not programme.course.enrolments.filter(person=child).exclude(status="withdrawn").exists():
        raise ServiceError({"child": "او در این برنامه ثبت‌نام نکرده است."})
    with transaction.atomic():
        f, _ = TeenFollowUp.objects.update_or_create(
            programme=programme, child=child,
            defaults={"choice": choice, "detail": text(detail), "asked_on": asked_on or today(),
                      "recorded_by": actor},
        )  # fmt: skip
        audit_write(
            actor=actor,
            action="youth.followup",
            obj=f,
            person_id=child.pk,
            after={"choice": choice},
        )
    return f
