"""Two-factor sign-in (TOTP with recovery codes) on django-otp.

Who needs it: administrators, every role that may see protected programmes
or sensitive fields, and anyone holding a live clearance (children's data, a
protected programme) whatever her role (`two_factor_required`). A user with a confirmed device is
signed in only after her code (the password step alone opens nothing). A user
who needs it and has none is sent to set it up before anything else, unless
TAVANA_TWO_FACTOR_GRACE (settings) says to only remind her (the demo).
"""

from __future__ import annotations

import base64
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tavana.audit.services import audit_write
from tavana.core.domain.persian_text import to_ascii_digits
from tavana.core.errors import ServiceError

from . import matrix, roles

RECOVERY_CODES = 10
# django-otp slows down guessing: after each wrong code the next try waits longer.
WAIT = "پس از کد نادرست چند ثانیه صبر کنید، سپس کد تازهٔ برنامه را وارد کنید."
TOTP_NAME = "برنامهٔ احراز هویت"
RECOVERY_NAME = "کدهای بازیابی"


def role_requires_two_factor(user) -> bool:
    role = getattr(user, "role", None)
    return bool(role) and (
        role == roles.ADMINISTRATOR
        or matrix.can(role, "protected.work")
        or matrix.can(role, "person.sensitive")
    )


# A session remembers the areas its user's live clearances opened, with the day it
# asked and the user's clearance stamp then: asked again the next day (a clearance
# ends with its date) or once a clearance of hers was approved or revoked (the
# stamp changes), otherwise not at all — no query on her other pages.
CLEARED = "tavana_2fa_cleared"
_STAMP = "tavana:clearance-stamp:{}"


def clearances_changed(user_id: int) -> None:
    """A clearance of hers was approved or revoked: her sessions ask again (after
    the commit, so no request caches the old answer under the new stamp)."""
    transaction.on_commit(lambda: cache.set(_STAMP.format(user_id), uuid.uuid4().hex, None))


def _stamp(user_id: int) -> str:
    key = _STAMP.format(user_id)
    stamp = cache.get(key)
    if stamp is None:  # never changed, or the cache lost it: a fresh one, asked again
        cache.add(key, uuid.uuid4().hex, None)
        stamp = cache.get(key) or ""
    return stamp


def _may_be_cleared(user) -> bool:
    from .clearances import AREAS, may_hold

    return any(may_hold(user, code) for code in AREAS)


def _live_areas(user, session) -> set[str]:
    from .clearances import AREAS, cleared_areas, may_hold

    if session is None:
        return cleared_areas(user)
    today, stamp = timezone.localdate().isoformat(), _stamp(user.pk)
    kept = session.get(CLEARED)
    if kept and kept[0] == today and kept[1] == stamp:
        # the role may have changed since: it must still fit each area
        return {c for c in kept[2] if c in AREAS and may_hold(user, c)}
    areas = cleared_areas(user)
    session[CLEARED] = [today, stamp, sorted(areas)]
    return areas


def two_factor_required(user, *, session=None) -> bool:
    """Her role needs it, or she holds a live clearance (with `session`, the answer
    about clearances is kept in it: see CLEARED)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if role_requires_two_factor(user):
        return True
    return _may_be_cleared(user) and bool(_live_areas(user, session))


def two_factor_enforced() -> bool:
    """False where settings only remind (the demo, most tests)."""
    return getattr(settings, "TAVANA_TWO_FACTOR_ENFORCED", True)


def has_two_factor(user) -> bool:
    return user_has_device(user, confirmed=True)


def pending_device(user) -> TOTPDevice:
    """Her unconfirmed authenticator (made once, kept until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code (no image file, no outside URL)."""
    import segno

    return segno.make(device.config_url, error="m").svg_inline(scale=5, omitsize=True)


def clean_code(code: str) -> str:
    return to_ascii_digits((code or "").strip()).replace(" ", "").replace("-", "").lower()


def _new_recovery_codes(user) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def two_factor_enable(*, actor, code: str) -> tuple[TOTPDevice, list[str]]:
    """She typed the first code of her authenticator: it is confirmed, and she gets
    recovery codes (shown once)."""
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).first()
    if device is None:
        raise ServiceError("نخست رمزینه را با برنامهٔ احراز هویت بخوانید.")
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        raise ServiceError({"code": WAIT})
    if not device.verify_token(clean_code(code)):
        raise ServiceError({"code": "کد درست نیست؛ کد تازهٔ برنامه را (شش رقم) وارد کنید."})
    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(actor)
        audit_write(
            actor=actor,
            action="accounts.two_factor_enable",
            obj=actor,
            after={"username": actor.username},
        )
    return device, codes


def recovery_codes_renew(*, actor) -> list[str]:
    if not has_two_factor(actor):
        raise ServiceError("ورود دومرحله‌ای شما روشن نیست.")
    with transaction.atomic():
        codes = _new_recovery_codes(actor)
        audit_write(
            actor=actor,
            action="accounts.recovery_codes_renew",
            obj=actor,
            after={"username": actor.username},
        )
    return codes


def two_factor_reset(*, actor, user) -> None:
    """Her phone is lost: the administrator removes her devices and ends her
    sessions; she sets two-factor up again at her next sign-in."""
    from .services import _end_sessions

    with transaction.atomic():
        removed = 0
        for device in devices_for_user(user, confirmed=None):
            device.delete()
            removed += 1
        _end_sessions(actor=actor, user=user)
        audit_write(
            actor=actor,
            action="accounts.two_factor_reset",
            obj=user,
            after={"username": user.username, "devices": removed},
        )


def verify_second_factor(user, code: str):
    """The device that accepts `code` (her authenticator, or one recovery code,
    which is then spent), or None. Throttled by django-otp after failures."""
    code = clean_code(code)
    if not code:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(code):
                return device
    return None
