"""Writes to the registry. Every write is audited in the same transaction."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from tavana.audit.services import audit_write
from tavana.core.domain.persian_text import to_ascii_digits
from tavana.core.errors import ServiceError
from tavana.core.models import District, Neighbourhood

from .consents import consent_row
from .domain import consent as consent_rules
from .domain.fields import (
    NAME_FIELDS,
    check_person_fields,
    person_keys,
    registration_identity_errors,
)
from .models import (
    ChangeRequest,
    Household,
    Membership,
    Person,
    Registration,
)
from .selectors import change_request_may_decide, person_scope

AUDITED_FIELDS = (
    "national_code",
    "first_name",
    "last_name",
    "father_name",
    "sex",
    "birth_date",
    "mobile",
    "other_phones",
    "district_id",
    "neighbourhood_id",
    "address",
    "postal_code",
    "education",
    "occupation",
    "marital_status",
    "other_id_kind",
    "other_id",
    "no_code_reason",
    "health_notes",
    "monthly_income",
)
SENSITIVE = set(Person.SENSITIVE_FIELDS)
# Plain choice fields the form passes straight through.
CHOICE_FIELDS = ("sex", "education", "marital_status")
# Channels whose registrations must name the woman's district and identity
# (`registration_identity_errors`). A campaign sign-up is linked as she signed
# up (district and mobile, identity asked at her first visit); the release
# campaign's road back registers her as her case knows her; a file import
# follows its own contract (shared/contracts/import.md).
IDENTIFIED_CHANNELS = (Registration.STAFF, Registration.PARTNER)


DUPLICATE_MESSAGES = {
    "national_code": "فردی با این کد ملی پیش‌تر ثبت شده است.",
    "other_id": "فردی با همین مدرک شناسایی (نوع و شماره) پیش‌تر ثبت شده است.",
}


class DuplicatePerson(ServiceError):
    """A national code already in the registry; names the woman who holds it so
    the page can offer to open her record (the API only when she is in scope)."""

    code = "duplicate_national_code"

    def __init__(self, existing: Person, field: str = "national_code"):
        super().__init__({field: DUPLICATE_MESSAGES[field]})
        self.existing = existing

    def as_json(self, actor=None) -> dict:
        body = super().as_json(actor)
        if person_scope(actor=actor).filter(pk=self.existing.pk).exists():
            body["existing_id"] = self.existing.pk
        return body


def snapshot(person: Person, fields=AUDITED_FIELDS) -> dict:
    out = {}
    for f in fields:
        value = getattr(person, f)
        if f in SENSITIVE and value not in (None, ""):
            value = "«حساس»"  # the log records that it changed, not the value
        out[f] = value
    return out


def snapshot_diff(before: dict, after: dict) -> tuple[dict, dict]:
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def _district_numbers() -> set[int]:
    return set(District.objects.values_list("number", flat=True))


NO_DISTRICT = (
    "منطقه را وارد کنید: پرونده‌ای بی‌منطقه در محدودهٔ کاری هیچ کارشناسی نیست "
    "و فقط مدیر سامانه آن را می‌بیند."
)


def actor_district_numbers(actor) -> set[int]:
    """The district numbers a user is bound to (hers and her centres'); empty
    for a user bound to none (the whole registry, or a command)."""
    if not getattr(actor, "pk", None):
        return set()
    allowed = set(actor.districts.values_list("number", flat=True))
    if allowed:
        allowed |= set(actor.centres.values_list("district__number", flat=True))
    return allowed


def district_scope_errors(actor, data: dict, *, creating: bool = False) -> dict[str, str]:
    """A user bound to districts registers and moves people only within them, and
    never registers or leaves a person without one (she could not see her)."""
    missing = "district" not in data or data["district"] in (None, "")
    if missing and not creating and "district" not in data:
        return {}
    allowed = actor_district_numbers(actor)
    if missing:
        return {"district": NO_DISTRICT} if allowed else {}
    number = to_ascii_digits(str(data["district"])).strip()
    if allowed and number.isdigit() and int(number) not in allowed:
        return {"district": "این منطقه در محدودهٔ کاری شما نیست."}
    return {}


def neighbourhood_errors(data: dict, person: Person | None = None) -> dict[str, str]:
    """A neighbourhood must exist and lie in the person's district."""
    nid = data.get("neighbourhood_id")
    if not nid:
        return {}
    n = Neighbourhood.objects.filter(pk=nid).select_related("district").first()
    if n is None:
        return {"neighbourhood_id": "چنین محله‌ای نیست."}
    district = data.get("district", "missing")
    if district == "missing" and person is not None:
        district = person.district.number if person.district else None
    number = to_ascii_digits(str(district or "")).strip()
    if number.isdigit() and int(number) != n.district.number:
        return {"neighbourhood_id": "این محله در منطقهٔ واردشده نیست."}
    return {}


def _apply(person: Person, values: dict, as_typed: dict) -> None:
    district = values.pop("district", "missing")
    if district != "missing":
        person.district = District.objects.get(number=district) if district else None
        if person.neighbourhood and person.neighbourhood.district_id != person.district_id:
            person.neighbourhood = None
    for k, v in values.items():
        setattr(person, k, v)
    for name in NAME_FIELDS:
        if name in values:
            if name in as_typed:
                person.as_typed[name] = as_typed[name]
            else:
                person.as_typed.pop(name, None)
    for k, v in person_keys({n: getattr(person, n) for n in NAME_FIELDS}).items():
        setattr(person, k, v)


def _existing_holder(values: dict) -> tuple[Person, str] | None:
    """The registered person already holding this national code or this other
    document (kind and number), and the field that says so."""
    code = values.get("national_code")
    if code:
        existing = Person.objects.filter(national_code=code).first()
        if existing:
            return existing, "national_code"
    if values.get("other_id") and values.get("other_id_kind"):
        existing = Person.objects.filter(
            other_id_kind=values["other_id_kind"], other_id=values["other_id"]
        ).first()
        if existing:
            return existing, "other_id"
    return None


def person_check(
    *,
    actor,
    data: dict,
    registration: dict | None = None,
    identity_required: bool | None = None,
) -> dict[str, str]:
    """Every reason `person_create` would refuse these fields for, at once (field →
    Persian message), without writing: the form shows them all beside their fields.
    `identity_required` None: as the registration's channel says."""
    checked = check_person_fields(data, districts=_district_numbers())
    errors = {
        **district_scope_errors(actor, data, creating=True),
        **neighbourhood_errors(data),
        **checked.errors,
    }
    if identity_required is None:
        identity_required = (
            registration is not None and registration.get("channel") in IDENTIFIED_CHANNELS
        )
    if identity_required:
        for name, message in registration_identity_errors(checked.values, errors).items():
            errors.setdefault(name, message)
    held = _existing_holder(checked.values)
    if held:
        errors.setdefault(held[1], DUPLICATE_MESSAGES[held[1]])
    return errors


def person_create(
    *,
    actor,
    data: dict,
    registration: dict | None = None,
    household: dict | None = None,
    identity_required: bool | None = None,
) -> Person:
    """Register a person. `data` holds fields as typed; raises ServiceError.

    A national code (or another identity document) already in the registry is
    refused, naming the existing person so the caller can offer to open her
    instead. Registering a woman through staff or a partner also needs her
    district and her identity (`IDENTIFIED_CHANNELS`), unless the caller says
    why not (`identity_required=False`: a record that already names her, such as
    a release case, is registered as it knows her).
    """
    checked = check_person_fields(data, districts=_district_numbers())
    errors = person_check(
        actor=actor, data=data, registration=registration, identity_required=identity_required
    )
    held = _existing_holder(checked.values)
    if held and set(errors) <= {held[1]}:
        raise DuplicatePerson(held[0], held[1])
    if errors:
        raise ServiceError(errors)
    person = Person(created_by=actor if getattr(actor, "pk", None) else None)
    for name in CHOICE_FIELDS:
        if data.get(name):
            setattr(person, name, data[name])
    if data.get("neighbourhood_id"):
        person.neighbourhood_id = int(data["neighbourhood_id"])
    _apply(person, dict(checked.values), checked.as_typed)
    try:
        with transaction.atomic():
            person.save()
            audit_write(
                actor=actor,
                action="person.create",
                obj=person,
                person_id=person.pk,
                after=snapshot(person),
            )
            if registration is not None:
                registration_create(actor=actor, person=person, **registration)
            if household is not None:
                household_add_member(actor=actor, person=person, **household)
    except IntegrityError as e:  # a concurrent registration of the same code
        held = _existing_holder(checked.values)
        if held:
            raise DuplicatePerson(*held) from e
        raise
    return person


def person_update(*, actor, person: Person, data: dict) -> Person:
    """Change non-identity fields directly (identity fields go through a change request)."""
    identity = [f for f in Person.IDENTITY_FIELDS if f in data]
    if identity:
        raise ServiceError(
            {f: "اصلاح این فیلد با درخواست اصلاح و تأیید ناظر انجام می‌شود." for f in identity}
        )
    return _person_change(actor=actor, person=person, data=data, action="person.update")


def person_correct(*, actor, person: Person, data: dict, reason: str) -> Person:
    """Apply an approved correction, identity fields included, with every check of
    an update (fields, the actor's districts, the neighbourhood) and of a
    registration (a national code another woman holds is refused)."""
    return _person_change(
        actor=actor, person=person, data=data, action="person.identity_corrected", reason=reason
    )


def _person_change(*, actor, person: Person, data: dict, action: str, reason: str = "") -> Person:
    checked = check_person_fields(data, districts=_district_numbers(), partial=True)
    errors = {
        **district_scope_errors(actor, data),
        **neighbourhood_errors(data, person),
        **checked.errors,
    }
    if errors:
        raise ServiceError(errors)
    code = checked.values.get("national_code")
    if code:
        existing = Person.objects.filter(national_code=code).exclude(pk=person.pk).first()
        if existing:
            raise DuplicatePerson(existing)
    try:
        with transaction.atomic():
            person = Person.objects.select_for_update().get(pk=person.pk)
            before = snapshot(person)
            for name in CHOICE_FIELDS:
                if name in data:
                    setattr(person, name, data[name] or "")
            if "neighbourhood_id" in data:
                person.neighbourhood_id = (
                    int(data["neighbourhood_id"]) if data["neighbourhood_id"] else None
                )
            _apply(person, dict(checked.values), checked.as_typed)
            old, new = snapshot_diff(before, snapshot(person))
            if new:
                person.save()
                audit_write(
                    actor=actor,
                    action=action,
                    obj=person,
                    person_id=person.pk,
                    before=old,
                    after=new,
                    reason=reason,
                )
    except IntegrityError as e:  # the same national code saved meanwhile
        existing = Person.objects.filter(national_code=code).first() if code else None
        if existing:
            raise DuplicatePerson(existing) from e
        raise
    return person


def registration_create(
    *,
    actor,
    person: Person,
    channel: str,
    basis: str = "",
    primary_earner: bool = False,
    referred_by: str = "",
    review_date: dt.date | None = None,
    confirmed: bool = False,
    consents: list[str] | None = None,
) -> Registration:
    with transaction.atomic():
        reg = Registration.objects.create(
            person=person,
            channel=channel,
            basis=basis,
            primary_earner=primary_earner,
            referred_by=referred_by,
            registered_by=actor if getattr(actor, "pk", None) else None,
            basis_review_date=review_date or (timezone.localdate() + dt.timedelta(days=365)),
            basis_self_declared=True,
            basis_confirmed_by=actor if confirmed else None,
            basis_confirmed_at=timezone.now() if confirmed else None,
        )
        for purpose in consents or []:
            if not consent_rules.is_purpose(purpose):
                raise ServiceError({"consents": "هدف رضایت ناشناخته است."})
            consent_row(actor=actor, person=person, purpose=purpose, given_on=timezone.localdate())
        audit_write(
            actor=actor,
            action="registration.create",
            obj=reg,
            person_id=person.pk,
            after={
                "channel": channel,
                "basis": basis,
                "primary_earner": primary_earner,
                "consents": consents or [],
            },
        )
    return reg


def household_add_member(
    *,
    actor,
    person: Person,
    relation: str,
    household: Household | None = None,
    start_date: dt.date | None = None,
) -> Membership:
    with transaction.atomic():
        if household is None:
            household = Household.objects.create(district=person.district, address=person.address)
        m = Membership.objects.create(
            household=household,
            person=person,
            relation=relation,
            start_date=start_date or timezone.localdate(),
        )
        audit_write(
            actor=actor,
            action="household.add_member",
            obj=m,
            person_id=person.pk,
            after={"household": household.pk, "relation": relation},
        )
    return m


def child_register(*, actor, parent: Person, data: dict) -> Person:
    """Register a child in the parent's current household (made if she has none)."""
    with transaction.atomic():
        current = (
            parent.memberships.filter(end_date__isnull=True).select_related("household").first()
        )
        if current is None:
            current = household_add_member(actor=actor, person=parent, relation=Membership.HEAD)
        data = {**data}
        data.setdefault("district", str(parent.district.number) if parent.district else "")
        child = person_create(
            actor=actor,
            data=data,
            household={"relation": Membership.CHILD, "household": current.household},
        )
    return child


# --------------------------------------------------------------- change requests


def change_request_create(
    *, actor, person: Person, data: dict, reason: str, document=None
) -> ChangeRequest:
    fields = {k: v for k, v in data.items() if k in Person.IDENTITY_FIELDS}
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = "دلیل اصلاح را بنویسید."
    checked = check_person_fields(fields, districts=None, partial=True)
    errors.update(checked.errors)
    changes = {}
    for k, new in checked.values.items():
        old = getattr(person, k)
        if old != new:
            changes[k] = [
                old.isoformat() if isinstance(old, dt.date) else old,
                new.isoformat() if isinstance(new, dt.date) else new,
            ]
    if not errors and not changes:
        errors["__all__"] = "هیچ فیلدی تغییر نکرده است."
    code = checked.values.get("national_code")
    if code and "national_code" in changes:
        if Person.objects.filter(national_code=code).exclude(pk=person.pk).exists():
            errors["national_code"] = "این کد ملی متعلق به فرد دیگری در سامانه است."
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        cr = ChangeRequest.objects.create(
            person=person,
            changes=changes,
            reason=reason.strip(),
            requested_by=actor,
            document=document or "",
        )
        audit_write(
            actor=actor,
            action="change_request.create",
            obj=cr,
            person_id=person.pk,
            before={k: v[0] for k, v in changes.items()},
            after={k: v[1] for k, v in changes.items()},
            reason=reason,
        )
    return cr


def change_request_decide(
    *, actor, change_request: ChangeRequest, approve: bool, note: str = ""
) -> ChangeRequest:
    """The checker's decision. Approval applies the change through `person_correct`
    (the checks of any update); a refusal there rolls the decision back."""
    if not change_request_may_decide(actor, change_request):
        raise ServiceError({"__all__": "بررسی این درخواست با شما نیست."}, code="not_checker")
    with transaction.atomic():
        cr = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
        if cr.status != ChangeRequest.PENDING:
            raise ServiceError({"__all__": "این درخواست پیش‌تر بررسی شده است."})
        if cr.requested_by_id == actor.pk:
            raise ServiceError({"__all__": "درخواست‌دهنده نمی‌تواند درخواست خود را تأیید کند."})
        if not approve and not note.strip():
            raise ServiceError({"note": "دلیل رد درخواست را بنویسید."})
        cr.status = ChangeRequest.APPROVED if approve else ChangeRequest.REJECTED
        cr.decided_by, cr.decided_at, cr.decision_note = actor, timezone.now(), note.strip()
        cr.save()
        if approve:
            values = {}
            for k, (_old, new) in cr.changes.items():
                values[k] = dt.date.fromisoformat(new) if k == "birth_date" and new else new
            person_correct(
                actor=actor,
                person=cr.person,
                data=values,
                reason=f"درخواست اصلاح {cr.pk}: {cr.reason}",
            )
        audit_write(
            actor=actor,
            action="change_request.approve" if approve else "change_request.reject",
            obj=cr,
            person_id=cr.person_id,
            after={"status": cr.status},
            reason=note,
        )
    return cr
