"""REST endpoints of the registry: persons, households, change requests.

Thin edges: each endpoint passes the matrix gate (`gate`), calls one selector or
service, and shapes the answer. Sensitive fields come back only to roles with
`person.sensitive`, only when asked (`?include=sensitive`), and every such read
is audited. Errors a person can fix are raised as `ServiceError` and come back
(tavana/config/api.py) as 422 with a Persian message per field and a code:
`{"errors": {"national_code": "…"}, "code": "…"}`; services are atomic, so a
refused write changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from tavana.accounts.access import user_can
from tavana.accounts.api_auth import FORBIDDEN, gate
from tavana.audit.services import audit_read
from tavana.core.domain.jalali import InvalidDate, parse_jalali, to_jalali_iso
from tavana.core.domain.persian_text import to_ascii_digits
from tavana.core.errors import ServiceError
from tavana.core.models import District

from .. import selectors, services
from ..domain.fields import check_person_fields
from ..models import ChangeRequest, Household, Membership, Person
from ..search import EXACT, FUZZY, MAX_LIMIT, PREFIX, SUBSTRING, person_search
from ..selectors import (
    change_request_scope,
    person_filter,
    person_page,
    sensitive_purpose_check,
)
from .schemas import (
    ChangeRequestIn,
    ChangeRequestOut,
    ChangeRequestPage,
    DecisionIn,
    Detail,
    Errors,
    HouseholdOut,
    MemberIn,
    MemberOut,
    PersonIn,
    PersonOut,
    PersonPage,
    PersonPatch,
)

router = Router(tags=["registry"])

# ----------------------------------------------------------------------- helpers

GREGORIAN_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
TEXT_DEFAULTS = {"national_code": ""}


def _date_input(value):
    """A date typed as Jalali (any digit script) or as ISO Gregorian (year ≥ 1700):
    a `date` for the latter, the text unchanged for the field checker otherwise."""
    if value is None:
        return ""
    text = to_ascii_digits(str(value)).strip()
    m = GREGORIAN_ISO.fullmatch(text)
    if m and int(m.group(1)) >= 1700:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    return value


def _parse_date(value, field: str) -> dt.date | None:
    typed = _date_input(value)
    if isinstance(typed, dt.date) or typed == "":
        return typed or None
    try:
        return parse_jalali(str(typed))
    except InvalidDate as e:
        raise ServiceError({field: e.message}) from e


def _check_choices(data: dict) -> dict[str, str]:
    errors = {}
    choices = {
        "education": dict(Person.EDUCATION_CHOICES),
        "marital_status": dict(Person.MARITAL_CHOICES),
    }
    for name, allowed in choices.items():
        if data.get(name) and data[name] not in allowed:
            errors[name] = "این گزینه در فهرست نیست: " + "، ".join(allowed)
    return errors


def _field_errors(data: dict, *, partial: bool = False) -> dict[str, str]:
    """What the shared field checker says, so a refusal names every bad field at once."""
    districts = set(District.objects.values_list("number", flat=True))
    return check_person_fields(data, districts=districts, partial=partial).errors


_district_in_scope = services.district_scope_errors
_neighbourhood_ok = services.neighbourhood_errors


def _typed(payload: Schema, *, drop=()) -> dict:
    data = payload.model_dump(exclude_unset=True)
    for name in drop:
        data.pop(name, None)
    if "birth_date_jalali" in data:
        jalali = data.pop("birth_date_jalali")
        data.setdefault("birth_date", jalali)
    if "birth_date" in data:
        data["birth_date"] = _date_input(data["birth_date"])
    for name in ("sex", "education", "marital_status"):
        if name in data and data[name] is None:
            data[name] = ""
    return data


def _current_households(person: Person) -> list[int]:
    return list(
        person.memberships.filter(end_date__isnull=True)
        .order_by("household_id")
        .values_list("household_id", flat=True)
    )


def _brief(p: Person) -> dict:
    return {
        "id": p.pk,
        "national_code": p.national_code,
        "first_name": p.first_name,
        "last_name": p.last_name,
        "father_name": p.father_name,
        "sex": p.sex,
        "birth_date": p.birth_date,
        "birth_date_jalali": to_jalali_iso(p.birth_date),
        "mobile": p.mobile,
        "district": p.district.number if p.district_id else None,
    }


def _full(p: Person, *, sensitive: bool = False) -> dict:
    out = _brief(p)
    out.update(
        age=selectors.age_on(p.birth_date, timezone.localdate()),
        other_phones=p.other_phones,
        neighbourhood_id=p.neighbourhood_id,
        address=p.address,
        postal_code=p.postal_code,
        education=p.education,
        occupation=p.occupation,
        marital_status=p.marital_status,
        households=_current_households(p),
        created_at=p.created_at,
        updated_at=p.updated_at,
        sensitive=(
            {"health_notes": p.health_notes, "monthly_income": p.monthly_income}
            if sensitive
            else None
        ),
    )
    return out


def _person(actor, person_id: int) -> Person:
    person = selectors.person_get(actor=actor, person_id=person_id)
    if person.pk != person_id:  # merged: the caller asked for a record that is now history
        person = selectors.person_get(actor=actor, person_id=person.pk)
    return person


# ----------------------------------------------------------------------- persons


MATCH = {EXACT: "exact", PREFIX: "prefix", SUBSTRING: "substring", FUZZY: "fuzzy"}


@router.get(
    "/persons",
    response={200: PersonPage, 422: Errors},
    url_name="persons",
    summary="فهرست و جست‌وجوی افراد",
)
def person_list(
    request,
    q: str = Query(
        "",
        description="نام با هر املایی، کد ملی یا تلفن همراه: نتیجه‌ها به ترتیب نزدیکی "
        "(مانند جعبهٔ جست‌وجو)",
    ),
    district: int | None = Query(
        None, description="شمارهٔ منطقه؛ همراه با q، نتیجه‌ها به ترتیب شناسه و بی‌غلط‌یابی"
    ),
    after: str | None = Query(None, description="مقدار next صفحهٔ پیشین"),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
):
    """Persons in the caller's scope, a page at a time by key (never counted).

    With `q` alone: the search box's ranking (exact, prefix, substring, then
    typo-tolerant; `match` says which). Otherwise (no `q`, or `q` with
    `district`): by id, names matched on the stored search key."""
    actor = gate(request, "person.view")
    if q.strip() and district is None:
        page = person_search(actor=actor, query=q, after=after, limit=limit)
        found = Person.objects.select_related("district").in_bulk([p.pk for p in page.results])
        items = [
            _brief(found[p.pk]) | {"match": MATCH.get(p.search_tier)}
            for p in page.results
            if p.pk in found
        ]
        return {"items": items, "next": page.next_cursor}
    if after is not None and not after.isdigit():
        raise ServiceError({"after": "مقدار after باید همان next صفحهٔ پیشین باشد."})
    qs = person_filter(actor=actor, q=q, district=district).select_related("district")
    rows, cursor = person_page(qs, after=int(after) if after else None, limit=limit)
    return {"items": [_brief(p) for p in rows], "next": str(cursor) if cursor else None}


@router.post(
    "/persons",
    response={201: PersonOut, 422: Errors},
    url_name="persons",
    summary="ثبت فرد",
)
def person_create(request, payload: PersonIn):
    actor = gate(request, "person.register")
    data = _typed(payload, drop=("household", "registration"))
    errors = _check_choices(data) | _district_in_scope(actor, data) | _neighbourhood_ok(data)
    if errors:
        raise ServiceError(_field_errors(data) | errors)
    household = None
    if payload.household is not None:
        household = {"relation": payload.household.relation}
        if payload.household.id is not None:
            hh = _household(actor, payload.household.id, missing_ok=True)
            if hh is None:
                raise ServiceError({"household": "چنین خانواری در محدودهٔ شما نیست."})
            household["household"] = hh
    registration = None
    if payload.registration is not None:
        registration = {
            "channel": payload.registration.channel,
            "referred_by": payload.registration.referred_by,
            "consents": list(payload.registration.consents),
        }
    person = services.person_create(
        actor=actor, data=data, registration=registration, household=household
    )
    return Status(201, _full(Person.objects.select_related("district").get(pk=person.pk)))


@router.get(
    "/persons/{person_id}",
    response={200: PersonOut, 403: Detail, 404: Detail},
    url_name="person",
    summary="یک فرد",
)
def person_detail(
    request,
    person_id: int,
    include: str = Query("", description="sensitive: اطلاعات حساس (با ثبت در دفتر رویدادها)"),
    reason: str = Query("", description="دلیل دیدن اطلاعات حساس"),
):
    actor = gate(request, "person.view")
    wants = "sensitive" in {p.strip() for p in include.split(",")}
    if wants and not user_can(actor, "person.sensitive"):
        raise HttpError(403, FORBIDDEN)
    purpose = sensitive_purpose_check(reason) if wants else ""
    person = _person(actor, person_id)
    if wants:
        audit_read(
            actor=actor,
            action="person.read_sensitive",
            fields=list(Person.SENSITIVE_FIELDS),
            obj=person,
            person_id=person.pk,
            reason=purpose,
        )
    return _full(person, sensitive=wants)


@router.patch(
    "/persons/{person_id}",
    response={200: PersonOut, 422: Errors},
    url_name="person",
    summary="ویرایش فیلدهای غیرهویتی",
)
def person_update(request, person_id: int, payload: PersonPatch):
    """Address, contact and circumstances change directly; identity fields are
    refused (422) — they change through a change request."""
    actor = gate(request, "person.edit")
    person = _person(actor, person_id)
    data = _typed(payload)
    errors = (
        _check_choices(data) | _district_in_scope(actor, data) | _neighbourhood_ok(data, person)
    )
    if errors:
        raise ServiceError(_field_errors(data, partial=True) | errors)
    services.person_update(actor=actor, person=person, data=data)
    return Status(200, _full(Person.objects.select_related("district").get(pk=person.pk)))


# -------------------------------------------------------------------- households


def _household(actor, household_id: int, *, missing_ok: bool = False) -> Household | None:
    """A household with at least one current member in the caller's scope."""
    scope = selectors.person_scope(actor=actor).values("pk")
    visible = Membership.objects.filter(
        household_id=household_id, end_date__isnull=True, person__in=scope
    ).exists()
    if not visible:
        if missing_ok:
            return None
        raise Http404
    return Household.objects.select_related("district").get(pk=household_id)


def _household_out(actor, household: Household) -> dict:
    today = timezone.localdate()
    scope = selectors.person_scope(actor=actor).values("pk")
    members = []
    relations = dict(Membership.RELATION_CHOICES)
    rows = (
        Membership.objects.filter(household=household, end_date__isnull=True, person__in=scope)
        .select_related("person")
        .order_by("relation", "person__birth_date", "pk")
    )
    for m in rows:
        age = selectors.age_on(m.person.birth_date, today)
        members.append(
            {
                "person_id": m.person_id,
                "first_name": m.person.first_name,
                "last_name": m.person.last_name,
                "relation": m.relation,
                "relation_label": relations.get(m.relation, m.relation),
                "birth_date": m.person.birth_date,
                "birth_date_jalali": to_jalali_iso(m.person.birth_date),
                "age": age,
                "child_under_20": age is not None and age < 20,
                "start_date": m.start_date,
                "start_date_jalali": to_jalali_iso(m.start_date),
            }
        )
    return {
        "id": household.pk,
        "district": household.district.number if household.district_id else None,
        "address": household.address,
        "members": members,
        "children_under_20": [
            m["person_id"]
            for m in members
            if m["child_under_20"] and m["relation"] == Membership.CHILD
        ],
    }


@router.get(
    "/households/{household_id}",
    response={200: HouseholdOut, 404: Detail},
    url_name="household",
    summary="خانوار و اعضای کنونی آن",
)
def household_detail(request, household_id: int):
    actor = gate(request, "person.view")
    return _household_out(actor, _household(actor, household_id))


@router.get(
    "/households/{household_id}/members",
    response={200: list[MemberOut], 404: Detail},
    url_name="household_members",
    summary="اعضای کنونی خانوار (سن و زیر ۲۰ سال از تاریخ تولد)",
)
def household_member_list(request, household_id: int):
    actor = gate(request, "person.view")
    return _household_out(actor, _household(actor, household_id))["members"]


@router.post(
    "/households/{household_id}/members",
    response={201: HouseholdOut, 404: Detail, 422: Errors},
    url_name="household_members",
    summary="افزودن عضو به خانوار",
)
def household_member_add(request, household_id: int, payload: MemberIn):
    actor = gate(request, "person.register")
    household = _household(actor, household_id)
    person = _person(actor, payload.person_id)
    start = _parse_date(payload.start_date, "start_date")
    already = ServiceError({"person_id": "این فرد اکنون عضو همین خانوار است."}, code="member")
    if Membership.objects.filter(
        household=household, person=person, end_date__isnull=True
    ).exists():
        raise already
    try:
        services.household_add_member(
            actor=actor,
            person=person,
            relation=payload.relation,
            household=household,
            start_date=start,
        )
    except IntegrityError:
        raise already from None
    return Status(201, _household_out(actor, household))


# --------------------------------------------------------------- change requests


def _change_request_out(cr: ChangeRequest) -> dict:
    return {
        "id": cr.pk,
        "person_id": cr.person_id,
        "person_name": cr.person.full_name,
        "changes": {k: list(v) for k, v in cr.changes.items()},
        "reason": cr.reason,
        "status": cr.status,
        "status_label": cr.get_status_display(),
        "requested_by": cr.requested_by.username if cr.requested_by_id else f"self:{cr.person_id}",
        "created_at": cr.created_at,
        "decided_by": cr.decided_by.username if cr.decided_by_id else None,
        "decided_at": cr.decided_at,
        "decision_note": cr.decision_note,
    }


@router.get(
    "/change-requests",
    response={200: ChangeRequestPage, 422: Errors},
    url_name="change_requests",
    summary="درخواست‌های اصلاح مشخصات هویتی",
)
def change_request_list(
    request,
    status: Literal["pending", "approved", "rejected"] = "pending",
    after: int | None = None,
    limit: int = Query(50, ge=1, le=200),
):
    actor = gate(request, "person.edit")
    qs = change_request_scope(actor=actor).filter(status=status)
    if after is not None:
        qs = qs.filter(pk__gt=after)
    rows = list(qs.order_by("pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [_change_request_out(cr) for cr in rows],
        "next": rows[-1].pk if more and rows else None,
    }


@router.post(
    "/change-requests",
    response={201: ChangeRequestOut, 404: Detail, 422: Errors},
    url_name="change_requests",
    summary="درخواست اصلاح مشخصات هویتی",
)
def change_request_create(request, payload: ChangeRequestIn):
    actor = gate(request, "person.edit")
    person = _person(actor, payload.person_id)
    data = dict(payload.changes)
    unknown = {
        k: "این فیلد با درخواست اصلاح تغییر نمی‌کند؛ مستقیم ویرایش کنید."
        for k in data
        if k not in Person.IDENTITY_FIELDS
    }
    if unknown:
        raise ServiceError(unknown)
    if "birth_date" in data:
        data["birth_date"] = _date_input(data["birth_date"])
    cr = services.change_request_create(
        actor=actor, person=person, data=data, reason=payload.reason
    )
    return Status(201, _change_request_out(cr))


@router.get(
    "/change-requests/{cr_id}",
    response={200: ChangeRequestOut, 404: Detail},
    url_name="change_request",
    summary="یک درخواست اصلاح",
)
def change_request_detail(request, cr_id: int):
    actor = gate(request, "person.edit")
    return _change_request_out(get_object_or_404(change_request_scope(actor=actor), pk=cr_id))


@router.patch(
    "/change-requests/{cr_id}",
    response={200: ChangeRequestOut, 404: Detail, 422: Errors},
    url_name="change_request",
    summary="تأیید یا رد درخواست اصلاح",
)
def change_request_decide(request, cr_id: int, payload: DecisionIn):
    """Only approval changes the record; both steps are audited. The requester
    cannot decide her own request."""
    actor = gate(request, "person.change_approve")
    cr = get_object_or_404(change_request_scope(actor=actor), pk=cr_id)
    cr = services.change_request_decide(
        actor=actor, change_request=cr, approve=payload.decision == "approve", note=payload.note
    )
    cr = change_request_scope(actor=actor).get(pk=cr.pk)
    return Status(200, _change_request_out(cr))
