"""Organisations and their contacts."""

from __future__ import annotations

import re

from django.db import transaction

from tavana.audit.services import audit_write
from tavana.core.errors import ServiceError

from ..models import Contact, Organisation
from .common import text

_CODE = re.compile(r"^[a-z0-9_-]{2,40}$")
FIELDS = ("name", "kind", "phone", "email", "address", "description")


def _check(data: dict, *, instance: Organisation | None = None) -> dict:
    errors = {}
    if not data.get("name"):
        errors["name"] = "نام سازمان را بنویسید."
    if data.get("kind") not in dict(Organisation.KIND_CHOICES):
        errors["kind"] = "نوع سازمان را انتخاب کنید."
    if instance is None:
        code = data.get("code") or ""
        if not _CODE.match(code):
            errors["code"] = "کد کوتاه با حروف لاتین کوچک، رقم و _ (مثلاً relief_committee)."
        elif Organisation.objects.filter(code=code).exists():
            errors["code"] = "سازمانی با این کد ثبت شده است."
    email = data.get("email") or ""
    if email and "@" not in email:
        errors["email"] = "رایانامه درست نیست."
    return errors


def organisation_save(
    *, actor, data: dict, programmes=(), organisation: Organisation | None = None
) -> Organisation:
    """Create an organisation (with `data["code"]`) or change one."""
    data = {k: (text(v) if isinstance(v, str) else v) for k, v in data.items()}
    errors = _check(data, instance=organisation)
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        before = {}
        if organisation is None:
            organisation = Organisation(code=data["code"])
        else:
            organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
            before = {f: getattr(organisation, f) for f in FIELDS}
        for f in FIELDS:
            setattr(organisation, f, data.get(f, "") or "")
        organisation.active = bool(data.get("active", True))
        organisation.save()
        organisation.programmes.set(programmes)
        after = {f: getattr(organisation, f) for f in FIELDS}
        audit_write(
            actor=actor,
            action="partners.organisation_save",
            obj=organisation,
            before={k: v for k, v in before.items() if after[k] != v} or None,
            after={k: v for k, v in after.items() if before.get(k) != v},
        )
    return organisation


def contact_add(*, actor, organisation: Organisation, name: str, position="", phone="", email=""):
    name = text(name)
    if not name:
        raise ServiceError({"name": "نام رابط را بنویسید."})
    with transaction.atomic():
        c = Contact.objects.create(
            organisation=organisation,
            name=name,
            position=text(position),
            phone=text(phone),
            email=text(email),
        )
        audit_write(
            actor=actor,
            action="partners.contact_add",
            obj=c,
            after={"organisation": organisation.name, "name": name},
        )
    return c
