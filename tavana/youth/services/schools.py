"""Schools and a child's place at school: the year's school and grade, transfers."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from tavana.audit.services import audit_write
from tavana.core.domain.persian_text import search_key, to_persian_digits
from tavana.core.errors import ServiceError

from ..domain import academic
from ..models import School, SchoolType, SchoolYear
from .common import text, today


def school_save(
    *,
    actor,
    name: str,
    school_type: SchoolType | None,
    district=None,
    code: str = "",
    school: School | None = None,
) -> School:
    errors: dict[str, str] = {}
    name = text(name)
    if not name:
        errors["name"] = "نام مدرسه را وارد کنید."
    if school_type is None:
        errors["school_type"] = "نوع مدرسه را انتخاب کنید."
    school_code = text(code) or None
    if school_code and not school_code.isdigit():
        errors["code"] = "کد مدرسه فقط رقم است."
    key = search_key(name)
    same = School.objects.filter(name_key=key, district=district)
    if school is not None:
        same = same.exclude(pk=school.pk)
    if name and same.exists():
        errors["name"] = "مدرسه‌ای با همین نام در این منطقه ثبت شده است."
    if errors or school_type is None:
        raise ServiceError(errors)
    before = None
    with transaction.atomic():
        if school is None:
            school = School()
        else:
            before = {"name": school.name, "code": school.code, "type": school.school_type_id}
        school.name, school.name_key, school.code = name, key, school_code
        school.school_type, school.district = school_type, district
        try:
            with transaction.atomic():
                school.save()
        except IntegrityError:
            raise ServiceError({"code": "این کد مدرسه پیش‌تر ثبت شده است."}) from None
        audit_write(
            actor=actor,
            action="youth.school_save",
            obj=school,
            before=before,
            after={"name": name, "code": school_code, "type": school_type.pk},
        )
    return school


def _check_year(errors: dict, year: int | None, field: str = "year") -> None:
    this = academic.academic_year_of(today())
    if year is None:
        errors[field] = "سال تحصیلی را وارد کنید."
    elif not this - 12 <= year <= this + 1:
        errors[field] = (
            f"سال تحصیلی باید بین {to_persian_digits(this - 12)} و "
            f"{to_persian_digits(this + 1)} باشد."
        )


def school_year_record(
    *,
    actor,
    child,
    year: int | None,
    grade: int | None,
    school: School | None,
    started_on: dt.date | None = None,
) -> SchoolYear:
    """The child's school and grade for an academic year. A new year closes the
    previous one; the same year at another school is a transfer (use
    `school_transfer`, which keeps the reason)."""
    errors: dict[str, str] = {}
    _check_year(errors, year)
    if grade not in academic.GRADES:
        errors["grade"] = "پایه را انتخاب کنید (اول تا دوازدهم)."
    if school is None:
        errors["school"] = "مدرسه را انتخاب کنید."
    if errors or year is None or grade is None or school is None:
        raise ServiceError(errors)
    start, end = academic.academic_year_range(year)
    started_on = started_on or start
    with transaction.atomic():
        current = (
            SchoolYear.objects.select_for_update().filter(child=child, left_on__isnull=True).first()
        )
        if current is not None and current.year == year:
            if current.school_id != school.pk:
                raise ServiceError(
                    {"school": "برای این سال مدرسهٔ دیگری ثبت شده است؛ انتقال را ثبت کنید."},
                    code="use_transfer",
                )
            if current.grade == grade:
                return current
            before = {"grade": current.grade}
            current.grade = grade
            current.save(update_fields=["grade", "updated_at"])
            audit_write(
                actor=actor,
                action="youth.school_year",
                obj=current,
                person_id=child.pk,
                before=before,
                after={"grade": grade},
            )
            return current
        if current is not None:
            if current.year > year:
                raise ServiceError(
                    {"year": "سال تحصیلی جدیدتری برای این فرزند ثبت شده است."}, code="older_year"
                )
            current.left_on = min(academic.academic_year_range(current.year)[1], started_on)
            current.save(update_fields=["left_on", "updated_at"])
        if SchoolYear.objects.filter(child=child, year=year).exists():
            raise ServiceError({"year": "این سال تحصیلی پیش‌تر ثبت شده است."}, code="year_exists")
        sy = SchoolYear.objects.create(
            child=child,
            year=year,
            grade=grade,
            school=school,
            started_on=started_on,
            recorded_by=actor,
        )
        audit_write(
            actor=actor,
            action="youth.school_year",
            obj=sy,
            person_id=child.pk,
            after={"year": year, "grade": grade, "school": school.pk},
        )
    return sy


def school_transfer(
    *, actor, child, to_school: School | None, on: dt.date | None, reason: str = ""
) -> SchoolYear:
    """Move the child to another school within the current academic year."""
    errors: dict[str, str] = {}
    if to_school is None:
        errors["to_school"] = "مدرسهٔ مقصد را انتخاب کنید."
    if on is None:
        errors["on"] = "تاریخ انتقال را وارد کنید."
    elif on > today():
        errors["on"] = "تاریخ انتقال نمی‌تواند در آینده باشد."
    if errors or to_school is None or on is None:
        raise ServiceError(errors)
    with transaction.atomic():
        current = (
            SchoolYear.objects.select_for_update().filter(child=child, left_on__isnull=True).first()
        )
        if current is None:
            raise ServiceError({"to_school": "برای این فرزند هنوز مدرسه‌ای ثبت نشده است."})
        if current.school_id == to_school.pk:
            raise ServiceError({"to_school": "فرزند همین حالا در این مدرسه است."})
        if on < current.started_on:
            raise ServiceError({"on": "تاریخ انتقال پیش از شروع در مدرسهٔ فعلی است."})
        current.left_on = on
        current.transfer_reason = text(reason)
        current.save(update_fields=["left_on", "transfer_reason", "updated_at"])
        sy = SchoolYear.objects.create(
            child=child,
            year=current.year,
            grade=current.grade,
            school=to_school,
            started_on=on,
            recorded_by=actor,
        )
        audit_write(
            actor=actor,
            action="youth.school_transfer",
            obj=sy,
            person_id=child.pk,
            before={"school": current.school_id},
            after={"school": to_school.pk},
        )
    return sy
