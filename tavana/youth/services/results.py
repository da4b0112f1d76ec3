"""Term results, entered by staff or imported from a school's list. Recording a
term re-runs the early warning for the child (tavana/youth/services/warning.py)."""

from __future__ import annotations

from django.db import transaction

from tavana.audit.services import audit_write
from tavana.core.errors import ServiceError

from ..domain import academic
from ..models import SchoolYear, TermResult
from .warning import flags_refresh

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def term_result_check(
    *,
    grade: int,
    average,
    descriptive,
    marks: dict | None,
    absences,
) -> tuple[dict, dict[str, str]]:
    """Parse and check a term's values (any digit script); returns (values, errors)
    with one Persian message per failing field."""
    errors: dict[str, str] = {}
    values: dict = {"marks": {}}
    try:
        values["average"] = academic.parse_mark(average)
    except academic.BadMark as e:
        errors["average"] = f"معدل: {e}."
    try:
        values["descriptive"] = academic.parse_descriptive(descriptive) or ""
    except academic.BadMark as e:
        errors["descriptive"] = f"{e}."
    for code, raw in (marks or {}).items():
        if code not in academic.CORE_SUBJECTS:
            continue
        try:
            mark = academic.parse_mark(raw)
        except academic.BadMark as e:
            errors[f"mark_{code}"] = f"{academic.CORE_SUBJECTS[code]}: {e}."
            continue
        if mark is not None:
            values["marks"][code] = str(mark)
    if absences in (None, ""):
        values["absences"] = None
    else:
        from tavana.core.domain.persian_text import to_ascii_digits

        raw = to_ascii_digits(str(absences)).strip()
        if raw.endswith(".0"):
            raw = raw[:-2]
        if not raw.isdigit() or int(raw) > 120:
            errors["absences"] = "روزهای غیبت باید عددی از ۰ تا ۱۲۰ باشد."
        else:
            values["absences"] = int(raw)
    if "average" in errors or "descriptive" in errors:
        return values, errors
    if academic.is_descriptive(grade):
        if values["average"] is not None and not values["descriptive"]:
            errors["descriptive"] = "در پایه‌های ابتدایی ارزشیابی توصیفی ثبت می‌شود، نه معدل."
        elif not values["descriptive"]:
            errors["descriptive"] = "ارزشیابی توصیفی را انتخاب کنید."
    else:
        if values["descriptive"] and values["average"] is None:
            errors["average"] = (
                f"در پایهٔ {academic.GRADES[grade]} معدل (۰ تا ۲۰) ثبت می‌شود، نه ارزشیابی توصیفی."
            )
        elif values["average"] is None:
            errors["average"] = "معدل را وارد کنید."
    return values, errors


def _same(result: TermResult, values: dict) -> bool:
    return (
        result.average == values["average"]
        and result.descriptive == values["descriptive"]
        and (result.marks or {}) == values["marks"]
        and result.absences == values["absences"]
    )


def _school_year_of(child, year: int | None, term: int | None) -> SchoolYear:
    """The child's school year the term belongs to (the latest row, after a transfer)."""
    errors: dict[str, str] = {}
    if term not in academic.TERMS:
        errors["term"] = "نوبت را انتخاب کنید (اول یا دوم)."
    school_year = None
    if year is None:
        errors["year"] = "سال تحصیلی را وارد کنید."
    else:
        school_year = (
            SchoolYear.objects.filter(child=child, year=year).order_by("-started_on", "-pk").first()
        )
        if school_year is None:
            errors["year"] = (
                f"مدرسه و پایهٔ سال تحصیلی {academic.academic_year_label(year)} "
                "برای این فرزند ثبت نشده است."
            )
    if errors or school_year is None:
        raise ServiceError(errors)
    return school_year


def term_result_record(
    *,
    actor,
    child,
    year: int | None,
    term: int | None,
    average=None,
    descriptive=None,
    marks: dict | None = None,
    absences=None,
    source: str = TermResult.STAFF,
    refresh_flags: bool = True,
) -> tuple[TermResult, str]:
    """Record (or correct) a term's results; returns the result and whether it was
    created, updated or unchanged. The child must have her school and grade of
    that year recorded first."""
    school_year = _school_year_of(child, year, term)
    year, term = school_year.year, int(term or 0)
    values, errors = term_result_check(
        grade=school_year.grade,
        average=average,
        descriptive=descriptive,
        marks=marks,
        absences=absences,
    )
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        result = (
            TermResult.objects.select_for_update().filter(child=child, year=year, term=term).first()
        )
        if result is not None and _same(result, values):
            return result, UNCHANGED
        before = None
        if result is None:
            result = TermResult(child=child, year=year, term=term)
            outcome = CREATED
        else:
            before = {
                "average": result.average,
                "descriptive": result.descriptive,
                "marks": result.marks,
                "absences": result.absences,
            }
            outcome = UPDATED
        result.school_year = school_year
        result.grade = school_year.grade
        result.average = values["average"]
        result.descriptive = values["descriptive"]
        result.marks = values["marks"]
        result.absences = values["absences"]
        result.source = source
        result.recorded_by = actor
        result.save()
        audit_write(
            actor=actor,
            action="youth.term_result",
            obj=result,
            person_id=child.pk,
            before=before,
            after={
                "average": values["average"],
                "descriptive": values["descriptive"],
                "marks": values["marks"],
                "absences": values["absences"],
                "source": source,
            },
        )
        if refresh_flags:
            flags_refresh(actor=actor, child=child)
    return result, outcome
