"""SMS wording as data. Each context declares the SMS it sends (what it is for,
its placeholders, the default wording) in its AppConfig.ready; the administrator
rewords it on /notifications/templates/. Placeholders are Persian words in
braces, e.g. «{بازارچه}». Every wording passes the no-label check before it is
saved, and again (with the values) before each SMS goes out."""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from tavana.audit.services import audit_write
from tavana.core.domain.numbers import format_number
from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.errors import ServiceError

from .models import SmsTemplate

MAX_LENGTH = 300


@dataclass(frozen=True)
class SmsSpec:
    code: str
    label: str  # what the SMS is for (Persian)
    default: str
    fields: dict[str, str]  # placeholder → what it holds
    required: tuple[str, ...] = ()
    sample: dict[str, str] = field(default_factory=dict)  # for the preview


SPECS: dict[str, SmsSpec] = {}


def register(spec: SmsSpec) -> None:
    SPECS[spec.code] = spec


def _placeholders(text: str) -> tuple[list[str], str]:
    """The placeholders in `text`, or a Persian reason it cannot be read."""
    names = []
    try:
        for _, name, spec, conv in string.Formatter().parse(text):
            if name is None:
                continue
            if spec or conv or not name:
                return [], "جای‌نگهدار باید فقط یک واژه میان دو آکولاد باشد، مانند «{کد}»."
            names.append(name)
    except ValueError:
        return [], "آکولادها جفت نیستند؛ هر «{» یک «}» لازم دارد."
    return names, ""


def template_check(code: str, text: str) -> dict[str, str]:
    """Why a wording is refused (field → Persian reason), or {}."""
    from tavana.core.labels import sms_text_check

    spec = SPECS[code]
    text = (text or "").strip()
    if not text:
        return {"text": "متن پیامک را بنویسید."}
    if len(text) > MAX_LENGTH:
        return {"text": f"متن بیش از {to_persian_digits(MAX_LENGTH)} نویسه است."}
    names, problem = _placeholders(text)
    if problem:
        return {"text": problem}
    unknown = [n for n in names if n not in spec.fields]
    if unknown:
        allowed = "، ".join(f"«{{{n}}}»" for n in spec.fields) or "هیچ"
        return {
            "text": f"«{{{unknown[0]}}}» در این پیامک تعریف نشده است؛ جای‌نگهدارهای مجاز: {allowed}."
        }
    missing = [n for n in spec.required if n not in names]
    if missing:
        return {"text": f"این پیامک بی «{{{missing[0]}}}» کار نمی‌کند؛ آن را در متن بگذارید."}
    problem = sms_text_check(text)
    if problem:
        return {"text": problem}
    return {}


def template_text(code: str) -> str:
    row = SmsTemplate.objects.filter(code=code).values_list("text", flat=True).first()
    return row or SPECS[code].default


def sms_render(code: str, **values) -> str:
    """The SMS `code` in the administrator's wording, with `values` filled in."""
    text = template_text(code)
    # a number given as a number is written the way every page writes it
    filled = {k: _shown(values.get(k, "")) for k in SPECS[code].fields}
    try:
        return text.format_map(filled)
    except (KeyError, ValueError, IndexError):
        return SPECS[code].default.format_map(filled)


def _shown(value) -> str:
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return format_number(value)
    return "" if value is None else str(value)


def template_save(*, actor, code: str, text: str) -> SmsTemplate:
    from tavana.accounts.access import access_action

    access_action(actor, "config.manage")
    text = (text or "").strip()
    errors = template_check(code, text)
    if errors:
        raise ServiceError(errors, code="sms_template")
    with transaction.atomic():
        before = template_text(code)
        row, _ = SmsTemplate.objects.select_for_update().get_or_create(
            code=code, defaults={"text": text}
        )
        row.text, row.updated_by = text, actor
        row.save()
        if before != text:
            audit_write(
                actor=actor,
                action="config.sms_template",
                obj=row,
                object_id=code,
                before={"text": before},
                after={"text": text, "name": SPECS[code].label},
            )
    return row
