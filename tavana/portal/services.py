"""Signing a woman in with an SMS code, and what she does for herself.

Codes: five digits, ten minutes, single use, five wrong tries spend one, only a
salted digest stored. Requests are limited per number and per client address in
the shared cache (`tavana.core.throttle`). The answer to a request is the same
whether or not the number is registered."""

from __future__ import annotations

import datetime as dt
import hmac
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from tavana.audit.services import audit_read, audit_write
from tavana.core.domain.identifiers import InvalidIdentifier, parse_mobile
from tavana.core.domain.persian_text import to_ascii_digits
from tavana.core.errors import ServiceError
from tavana.core.herself import Herself
from tavana.core.throttle import hit
from tavana.notifications.services import sms_queue
from tavana.notifications.sms_templates import sms_render
from tavana.people.selectors import person_ids_with_mobile

from .models import SignInCode

CODE_TTL = dt.timedelta(minutes=10)
CODE_ATTEMPTS = 5
# (requests, seconds)
CODES_PER_MOBILE = (3, 60 * 60)
CODES_PER_ADDRESS = (10, 60 * 60)
CHECKS_PER_ADDRESS = (30, 60 * 60)

TOO_MANY = "درخواست‌ها از اندازه گذشت؛ یک ساعت دیگر دوباره بکوشید."
WRONG_CODE = "این کد درست نیست یا زمانش گذشته است. کد تازه بخواهید."


def _digest(mobile: str, code: str) -> str:
    return salted_hmac("tavana.portal.sign_in_code", f"{mobile}:{code}").hexdigest()


def _mobile(value: str) -> str:
    try:
        return parse_mobile(value)
    except InvalidIdentifier as e:
        raise ServiceError({"mobile": str(e)}) from None


def code_request(*, mobile: str, address: str) -> str:
    """Note a code for `mobile` and send it if a woman of the registry has that
    number. Returns the parsed number. Refuses only a malformed number or a
    request over the limits — never because the number is unknown."""
    mobile = _mobile(mobile)
    if not hit("portal.code.address", address, CODES_PER_ADDRESS) or not hit(
        "portal.code.mobile", mobile, CODES_PER_MOBILE
    ):
        raise ServiceError({"mobile": TOO_MANY})
    code = f"{secrets.randbelow(100000):05d}"
    with transaction.atomic():
        SignInCode.objects.create(
            mobile=mobile, code_hash=_digest(mobile, code), sent_at=timezone.now()
        )
        if person_ids_with_mobile(mobile):
            sms_queue(
                mobile=mobile,
                text=sms_render("portal.sign_in_code", کد=code),
                kind="portal.sign_in_code",
                urgent=True,  # she is waiting for it
            )
    return mobile


def code_check(*, mobile: str, code: str, address: str) -> list[int]:
    """The registry's women with this number when `code` is the latest live code
    sent to it (spent on success); otherwise a ServiceError on the code's field."""
    mobile = _mobile(mobile)
    if not hit("portal.check.address", address, CHECKS_PER_ADDRESS):
        raise ServiceError({"code": TOO_MANY})
    typed = "".join(ch for ch in to_ascii_digits(code) if ch.isdigit())
    ids: list[int] = []
    with transaction.atomic():  # a wrong try is counted: nothing is raised inside
        row = (
            SignInCode.objects.select_for_update()
            .filter(mobile=mobile, used_at__isnull=True, sent_at__gte=timezone.now() - CODE_TTL)
            .first()
        )
        if row is not None and row.attempts < CODE_ATTEMPTS:
            if hmac.compare_digest(row.code_hash, _digest(mobile, typed)):
                row.used_at = timezone.now()
                row.save(update_fields=["used_at"])
                ids = person_ids_with_mobile(mobile)
            else:
                row.attempts += 1
                row.save(update_fields=["attempts"])
    if not ids:
        raise ServiceError({"code": WRONG_CODE})
    return ids


def signed_in(*, person_id: int) -> None:
    audit_write(actor=Herself(person_id), action="portal.sign_in", person_id=person_id)


def own_record_read(*, person_id: int) -> None:
    """Her own page shows her national code and contact details: a read of them."""
    audit_read(
        actor=Herself(person_id),
        action="portal.own_record",
        fields=["national_code", "mobile", "address", "children"],
        person_id=person_id,
    )
