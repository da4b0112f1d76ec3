"""API tokens for scripts: made once, stored as a SHA-256 digest, revocable."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from tavana.audit.services import audit_write

from .models import ApiToken, User

TOKEN_PREFIX = "tvn_"
# last_used_at is refreshed at most this often, so a busy script is not a write per call.
TOUCH_EVERY = timedelta(minutes=1)


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


#: how long a token works (days): by default, and at most
DEFAULT_DAYS = 90
MAX_DAYS = 365


def api_token_create(
    *, actor, user: User, name: str = "", days: int = DEFAULT_DAYS
) -> tuple[ApiToken, str]:
    """Make a token for `user` that works for `days` (1–MAX_DAYS); returns the row
    and the token text (never stored)."""
    from tavana.core.errors import ServiceError

    if not 1 <= days <= MAX_DAYS:
        raise ServiceError(
            {"days": f"اعتبار توکن باید میان ۱ تا {MAX_DAYS} روز باشد."}, code="invalid_days"
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=raw[: len(TOKEN_PREFIX) + 6],
            digest=token_digest(raw),
            expires_at=timezone.now() + timedelta(days=days),
        )
        audit_write(
            actor=actor,
            action="api_token.create",
            obj=token,
            after={
                "user": user.username,
                "name": name,
                "prefix": token.prefix,
                "expires_at": token.expires_at,
            },
        )
    return token, raw


def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit_write(
                actor=actor,
                action="api_token.revoke",
                obj=token,
                after={"user": token.user.username, "prefix": token.prefix},
            )
    return token


def api_token_user(raw: str | None) -> User | None:
    """The active user a token belongs to, or None (unknown, revoked, expired,
    inactive user)."""
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(raw), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
