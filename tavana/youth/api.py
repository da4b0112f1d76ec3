"""REST endpoints of the youth context: the risk list, a child's education
record, term results and interventions.

Thin edges, as the registry's API: each endpoint passes the matrix gate
(`gate`: 403), then the child's gate (`access_child_by_id`: a live clearance for
children's data and the child in the caller's scope, else 404 — the answer never
confirms that a child exists), then one selector or service. Every read of marks
or flags is audited by the selector (the same entries as the pages). A token
acts as its user: her role, districts, caseload and clearance. Refusals come back
(tavana/config/api.py) as 422 with a Persian message per field and a code; the
services are atomic, so a refused write changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from tavana.accounts.api_auth import gate
from tavana.core.domain.jalali import InvalidDate, parse_jalali, to_jalali_iso
from tavana.core.domain.persian_text import to_ascii_digits
from tavana.core.errors import ServiceError

from . import selectors, services
from .access import access_child_by_id
from .models import Intervention, RiskFlag

router = Router(tags=["کودکان و نوجوانان"])


# ----------------------------------------------------------------- schemas


class Errors(Schema):
    errors: dict[str, str]
    code: str


class Detail(Schema):
    detail: str


class FlagOut(Schema):
    id: int
    indicator: str
    indicator_label: str
    severity: int
    reason: str
    term: str = Field(description="سال تحصیلی و نوبت، به فارسی")
    raised_on: dt.date
    raised_on_jalali: str
    status: str
    resolved_on: dt.date | None


class RiskRowOut(Schema):
    child_id: int
    name: str
    district: int | None
    urgency: int
    without_intervention: int
    flags: list[FlagOut]


class RiskListOut(Schema):
    items: list[RiskRowOut]
    total: int = Field(description="همهٔ کودکان دارای هشدار باز در محدودهٔ شما")


class SchoolYearOut(Schema):
    year: int
    grade: int
    school: str
    started_on: dt.date
    left_on: dt.date | None
    transfer_reason: str


class ResultOut(Schema):
    year: int
    term: int
    grade: int
    average: Decimal | None
    descriptive: str
    marks: dict[str, Decimal | None]
    absences: int | None
    source: str


class InterventionOut(Schema):
    id: int
    flag_id: int
    kind: str
    kind_label: str
    started_on: dt.date
    started_on_jalali: str
    partner_id: int | None
    note: str
    outcome: str
    average_before: Decimal | None
    average_after: Decimal | None


class RecordOut(Schema):
    child_id: int
    name: str
    birth_date: dt.date | None
    district: int | None
    schools: list[SchoolYearOut]
    results: list[ResultOut]
    flags: list[FlagOut]
    interventions: list[InterventionOut]


class ResultIn(Schema):
    """As typed: numbers in any digit script; what is wrong comes back per field."""

    year: int | str = Field(description="سال تحصیلی (سال آغاز، مانند ۱۴۰۳)")
    term: int | str = Field(description="نوبت: ۱ یا ۲")
    average: str | float | None = Field(None, description="معدل ۰ تا ۲۰ (پایه‌های ۷ به بالا)")
    descriptive: str | None = Field(None, description="ارزشیابی توصیفی (پایه‌های ابتدایی)")
    marks: dict[str, str | float | None] | None = Field(None, description="نمرهٔ درس‌های اصلی")
    absences: int | str | None = None


class ResultSaved(Schema):
    result: ResultOut
    outcome: str = Field(description="created | updated | unchanged")


class InterventionIn(Schema):
    kind: str = Field(description="tutoring | counselling | package | supplies | referral")
    started_on: str = Field(description="تاریخ شروع: شمسی (هر نوع رقم) یا میلادی ISO")
    partner: int | None = Field(None, description="شناسهٔ سازمان همکار (برای ارجاع)")
    note: str = ""


# ----------------------------------------------------------------- helpers


def _flag(f: RiskFlag) -> dict:
    return {
        "id": f.pk,
        "indicator": f.indicator,
        "indicator_label": f.get_indicator_display(),
        "severity": f.severity,
        "reason": f.reason,
        "term": f.term_label,
        "raised_on": f.raised_on,
        "raised_on_jalali": to_jalali_iso(f.raised_on),
        "status": f.status,
        "resolved_on": f.resolved_on,
    }


def _intervention(i: Intervention) -> dict:
    return {
        "id": i.pk,
        "flag_id": i.flag_id,
        "kind": i.kind,
        "kind_label": i.get_kind_display(),
        "started_on": i.started_on,
        "started_on_jalali": to_jalali_iso(i.started_on),
        "partner_id": i.partner_id,
        "note": i.note,
        "outcome": i.outcome,
        "average_before": i.average_before,
        "average_after": i.average_after,
    }


def _result(r) -> dict:
    return {
        "year": r.year,
        "term": r.term,
        "grade": r.grade,
        "average": r.average,
        "descriptive": r.descriptive,
        "marks": r.marks or {},
        "absences": r.absences,
        "source": r.source,
    }


def _int(value, field: str, label: str) -> int:
    text = to_ascii_digits(str(value if value is not None else "")).strip()
    if not text.isdigit():
        raise ServiceError({field: f"{label} را با رقم بنویسید."})
    return int(text)


def _date(value: str, field: str) -> dt.date:
    text = to_ascii_digits(value or "").strip()
    if not text:
        raise ServiceError({field: "تاریخ را وارد کنید."})
    try:
        if len(text) == 10 and text[4] == "-" and int(text[:4]) >= 1700:
            return dt.date.fromisoformat(text)
        return parse_jalali(text)
    except InvalidDate as e:
        raise ServiceError({field: e.message}) from e
    except ValueError as e:
        raise ServiceError({field: "تاریخ درست نیست."}) from e


# --------------------------------------------------------------- endpoints


@router.get(
    "/risk-list",
    response={200: RiskListOut, 403: Detail},
    url_name="youth_risk_list",
    summary="فهرست هشدارهای افت تحصیلی (فوری‌ترها نخست)",
)
def risk_list(request, district: int | None = Query(None, description="شمارهٔ منطقه")):
    actor = gate(request, "youth.view")
    rows = selectors.risk_list(actor=actor, district=district)
    return {
        "items": [
            {
                "child_id": r.child.pk,
                "name": r.child.full_name,
                "district": r.child.district.number if r.child.district_id else None,
                "urgency": r.urgency,
                "without_intervention": r.without_intervention,
                "flags": [_flag(f) for f in r.flags],
            }
            for r in rows
        ],
        "total": rows.total,
    }


@router.get(
    "/children/{child_id}",
    response={200: RecordOut, 403: Detail, 404: Detail},
    url_name="youth_child",
    summary="پروندهٔ تحصیلی یک فرزند (ثبت در دفتر رویدادها)",
)
def child_record(request, child_id: int):
    actor = gate(request, "youth.view")
    kid = access_child_by_id(actor, child_id)
    record = selectors.education_record(actor=actor, child=kid)
    interventions = [i for f in record["flags"] for i in f.intervention_list]
    return {
        "child_id": kid.pk,
        "name": kid.full_name,
        "birth_date": kid.birth_date,
        "district": kid.district.number if kid.district_id else None,
        "schools": [
            {
                "year": y.year,
                "grade": y.grade,
                "school": y.school.name,
                "started_on": y.started_on,
                "left_on": y.left_on,
                "transfer_reason": y.transfer_reason,
            }
            for y in record["years"]
        ],
        "results": [_result(r) for r in record["results"]],
        "flags": [_flag(f) for f in record["flags"]],
        "interventions": [_intervention(i) for i in interventions],
    }


@router.get(
    "/children/{child_id}/results",
    response={200: list[ResultOut], 403: Detail, 404: Detail},
    url_name="youth_results",
    summary="کارنامه‌های یک فرزند، تازه‌ترین نخست (ثبت در دفتر رویدادها)",
)
def result_list(request, child_id: int):
    actor = gate(request, "youth.view")
    kid = access_child_by_id(actor, child_id)
    return [_result(r) for r in selectors.term_results_of(actor=actor, child=kid)]


@router.get(
    "/flags/{flag_id}/interventions",
    response={200: list[InterventionOut], 403: Detail, 404: Detail},
    url_name="youth_interventions",
    summary="اقدام‌های یک هشدار و نتیجهٔ آن‌ها (ثبت در دفتر رویدادها)",
)
def intervention_list(request, flag_id: int):
    actor = gate(request, "youth.view")
    flag = get_object_or_404(RiskFlag, pk=flag_id)
    access_child_by_id(actor, flag.child_id)
    return [_intervention(i) for i in selectors.interventions_of(actor=actor, flag=flag)]


@router.post(
    "/children/{child_id}/results",
    response={200: ResultSaved, 403: Detail, 404: Detail, 422: Errors},
    url_name="youth_results",
    summary="ثبت یا اصلاح کارنامهٔ یک نوبت (هشدارها همان‌جا سنجیده می‌شوند)",
)
def result_record(request, child_id: int, payload: ResultIn):
    actor = gate(request, "youth.record")
    kid = access_child_by_id(actor, child_id, gate="youth.record")
    errors: dict[str, str] = {}
    year = term = None
    try:
        year = _int(payload.year, "year", "سال تحصیلی")
    except ServiceError as e:
        errors.update(e.errors)
    try:
        term = _int(payload.term, "term", "نوبت")
    except ServiceError as e:
        errors.update(e.errors)
    if errors:
        raise ServiceError(errors)
    result, outcome = services.term_result_record(
        actor=actor,
        child=kid,
        year=year,
        term=term,
        average=payload.average,
        descriptive=payload.descriptive,
        marks=payload.marks,
        absences=payload.absences,
    )
    return {"result": _result(result), "outcome": outcome}


@router.post(
    "/flags/{flag_id}/interventions",
    response={201: InterventionOut, 403: Detail, 404: Detail, 422: Errors},
    url_name="youth_interventions",
    summary="ثبت اقدام برای یک هشدار (در سوابق خدمات مادر هم ثبت می‌شود)",
)
def intervention_record(request, flag_id: int, payload: InterventionIn):
    actor = gate(request, "youth.record")
    flag = get_object_or_404(RiskFlag, pk=flag_id)
    access_child_by_id(actor, flag.child_id, gate="youth.record")
    errors: dict[str, str] = {}
    partner = None
    if payload.partner is not None:
        # a string foreign key's model: no import of the partners context's models
        organisations = Intervention._meta.get_field("partner").related_model._default_manager
        partner = organisations.filter(pk=payload.partner, active=True).first()
        if partner is None:
            errors["partner"] = "سازمان همکار فعالی با این شناسه نیست."
    started_on = None
    try:
        started_on = _date(payload.started_on, "started_on")
    except ServiceError as e:
        errors.update(e.errors)
    if errors:  # let the service name every other field's mistake too (it writes nothing)
        date_ok = "started_on" not in errors
        try:
            services.intervention_record(
                actor=actor, flag=flag, kind=payload.kind, started_on=None, partner=partner,
                note=payload.note,
            )  # fmt: skip
        except ServiceError as e:
            other = {k: v for k, v in e.errors.items() if not (k == "started_on" and date_ok)}
            raise ServiceError({**other, **errors}) from e
    i = services.intervention_record(
        actor=actor,
        flag=flag,
        kind=payload.kind,
        started_on=started_on,
        partner=partner,
        note=payload.note,
    )
    return 201, _intervention(i)
