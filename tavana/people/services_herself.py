"""What a woman asks of the registry herself, through the portal.

Her correction request is a `ChangeRequest` like staff's (maker-checker), with
her as the maker (`by_herself`, audited as `self:<id>`) and a registrar in
whose districts she lives as the checker; approval applies it through
`services.person_correct`, with every check of an update. Her mobile number is
not hers to change here: it is the key to her sign-in, so a member of staff
changes it after seeing her."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from tavana.audit.services import audit_write
from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.errors import ServiceError
from tavana.core.herself import Herself

from .domain.fields import LABELS, check_person_fields
from .models import ChangeRequest, Person
from .services import _district_numbers

# What she may ask to have corrected, in the order her form lists them.
SELF_FIELDS = (
    "first_name",
    "last_name",
    "father_name",
    "birth_date",
    "national_code",
    "district",
    "address",
    "postal_code",
    "other_phones",
    "occupation",
)
SELF_FIELD_CHOICES = [(f, LABELS[f]) for f in SELF_FIELDS]
MOBILE_THROUGH_STAFF = (
    "شمارهٔ همراه کلید ورود شماست و فقط در مرکز با دیدن کارشناس عوض می‌شود؛ "
    "به مرکز محلهٔ خود سر بزنید."
)
PENDING_AT_MOST = 5
REASON_MAX = 500


def stored_value(person: Person, field: str):
    """The field's value as a change request keeps it (plain, dates in ISO)."""
    if field == "district":
        return str(person.district.number) if person.district is not None else None
    value = getattr(person, field)
    return value.isoformat() if isinstance(value, dt.date) else value


def correction_errors(*, person: Person, field: str, value: str, reason: str):
    """Everything wrong with a correction she asks for, at once: (errors, the new
    value as stored). Errors are on `field`, `value` (checked as any registration
    checks it) or `reason`. A national code someone else holds is not told to her
    (it would tell her who is registered): the registrar's approval refuses it."""
    if field == "mobile":
        return {"field": MOBILE_THROUGH_STAFF}, None
    if field not in SELF_FIELDS:
        return {"field": "موردی را که می‌خواهید درست شود از فهرست برگزینید."}, None
    errors: dict[str, str] = {}
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = "بنویسید چرا این مورد باید اصلاح شود."
    elif len(reason) > REASON_MAX:
        errors["reason"] = f"توضیح بیش از {to_persian_digits(REASON_MAX)} نویسه است."
    checked = check_person_fields({field: value}, districts=_district_numbers(), partial=True)
    new = checked.values.get(field)
    if field in checked.errors:
        errors["value"] = to_persian_digits(checked.errors[field])
    elif new in (None, ""):
        errors["value"] = f"{LABELS[field]} درست را بنویسید."
    else:
        new = new.isoformat() if isinstance(new, dt.date) else str(new)
        if new == stored_value(person, field):
            errors["value"] = "این همان است که در پرونده‌تان ثبت شده است."
    pending = ChangeRequest.objects.filter(
        person=person, by_herself=True, status=ChangeRequest.PENDING
    )
    if any(field in cr.changes for cr in pending):
        errors["field"] = "درخواست اصلاح همین مورد در دست بررسی است؛ پاسخ آن را ببینید."
    elif len(pending) >= PENDING_AT_MOST:
        errors["field"] = "چند درخواست شما در دست بررسی است؛ پس از پاسخ آن‌ها دوباره بفرستید."
    return errors, new


def change_request_by_herself(*, person: Person, field: str, value: str, reason: str):
    """She asks for one field of her record to be corrected (audited as hers)."""
    errors, new = correction_errors(person=person, field=field, value=value, reason=reason)
    if errors:
        code = "mobile_through_staff" if field == "mobile" else None
        raise ServiceError(errors, code=code)
    reason = reason.strip()
    old = stored_value(person, field)
    me = Herself(person.pk)
    with transaction.atomic():
        cr = ChangeRequest.objects.create(
            person=person,
            changes={field: [old, new]},
            reason=reason,
            by_herself=True,
            requested_by=None,
        )
        audit_write(
            actor=me,
            action="change_request.create",
            obj=cr,
            person_id=person.pk,
            before={field: old},
            after={field: new},
            reason=reason,
        )
    return cr
