"""Clearances for areas of sensitive data that a role alone does not open: the one
clearance model of the product (children's data, and each protected programme).

A context that owns such data registers an area from its `AppConfig.ready()`
(`clearance_area("children", …, actions=(…))`; the protected programmes register
one area per programme, named by the programme's code); its gates then ask
`is_cleared(user, "children")` or `cleared_areas(user)`. The rules:

* one administrator asks for a clearance (or its renewal) until a date, at most a
  year ahead, with a reason; it opens nothing yet;
* a second administrator approves or refuses it — nobody decides her own request;
* it opens the area until `expires_on` (inclusive), then closes by itself;
* any administrator revokes it at once;
* every step is in the audit log, and the people concerned are told in the inbox.

Role still counts: only a user whose role may take one of the area's actions can
be cleared (and a clearance opens nothing for a role that lost them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tavana.audit.services import audit_write
from tavana.core.domain.jalali import format_jalali
from tavana.core.errors import ServiceError

from . import roles
from .access import access_action, user_can
from .models import Clearance, User
from .twofactor import clearances_changed

MANAGE = "accounts.clear"
MAX_DAYS = 366


@dataclass(frozen=True)
class Area:
    code: str
    name: str  # «داده‌های کودکان»
    about: str  # what it opens, one sentence
    actions: tuple[str, ...]  # a user may be cleared if her role may take one of them
    home: tuple[str, tuple] = ("core:home", ())  # (url name, args): where a holder works

    def home_url(self) -> str:
        return reverse(self.home[0], args=self.home[1])


AREAS: dict[str, Area] = {}


def clearance_area(
    code: str,
    name: str,
    about: str,
    *,
    actions: tuple[str, ...],
    home: tuple[str, tuple] = ("core:home", ()),
) -> Area:
    from tavana.audit.labels import VALUE_LABELS

    area = Area(code, name, about, tuple(actions), home)
    AREAS[code] = area
    VALUE_LABELS[("area", code)] = name  # the audit log names the area in Persian
    return area


def _area(code: str) -> Area:
    try:
        return AREAS[code]
    except KeyError:
        raise ServiceError({"area": "این حوزهٔ صلاحیت شناخته نیست."}, code="unknown_area") from None


def may_hold(user, area: str) -> bool:
    """Whether the user's role may take one of the area's actions at all."""
    return any(user_can(user, a) for a in _area(area).actions)


def live_clearances(*, on: dt.date | None = None):
    """Every clearance in force on the day (approved, not expired) — the one query
    every gate starts from; the role and the account are checked by the callers."""
    return Clearance.objects.filter(cleared=True, expires_on__gte=on or timezone.localdate())


def cleared_areas(user, *, on: dt.date | None = None) -> set[str]:
    """The areas a user's live clearances open (her role still fitting each), in one
    query: what the protected programmes ask for every page."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    codes = live_clearances(on=on).filter(user=user).values_list("area", flat=True)
    return {c for c in codes if c in AREAS and may_hold(user, c)}


def is_cleared(user, area: str, *, on: dt.date | None = None) -> bool:
    """A live clearance for the area: approved, not expired, role still fitting."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if area not in AREAS or not may_hold(user, area):
        return False
    return live_clearances(on=on).filter(user=user, area=area).exists()


def clearance_list(*, actor, area: str):
    access_action(actor, MANAGE)
    _area(area)
    return (
        Clearance.objects.filter(area=area)
        .select_related("user", "assigned_by", "requested_by")
        .order_by("-cleared", "user__username")
    )


def _other_admins(actor):
    return User.objects.filter(role=roles.ADMINISTRATOR, is_active=True).exclude(pk=actor.pk)


def _link(area: str) -> str:
    return reverse("accounts:clearances", args=[area])


def expiry_problem(expires_on: dt.date, *, today: dt.date | None = None) -> str:
    """Why a clearance cannot end on that day ("" when it can): after today, at
    most a year ahead. The form asks it too, so every fault shows at once."""
    today = today or timezone.localdate()
    if expires_on <= today:
        return "تاریخ پایان اعتبار باید بعد از امروز باشد."
    if (expires_on - today).days > MAX_DAYS:
        return "صلاحیت حداکثر برای یک سال داده می‌شود."
    return ""


def request_check(
    *, user, role_fits: bool, work: str, need: str, expires_on: dt.date | None, reason: str
) -> None:
    """The rules of asking for a clearance: a user whose role fits and whose account
    is active, an end date after today and at most a year ahead, a reason. Every
    field's message at once. `work` and `need` name what the clearance opens in the
    messages («کار با داده‌های کودکان», «داده‌های کودکان»)."""
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if user is None:
        errors["username"] = "کاربری با این نام کاربری پیدا نشد."
    elif not role_fits:
        errors["username"] = f"نقش این کاربر اجازهٔ {work} را ندارد."
    elif not user.is_active:
        errors["username"] = "حساب این کاربر غیرفعال است."
    if expires_on is None:
        errors["expires_on"] = "تاریخ پایان اعتبار صلاحیت را وارد کنید."
    elif problem := expiry_problem(expires_on, today=today):
        errors["expires_on"] = problem
    if not (reason or "").strip():
        errors["reason"] = f"بنویسید چرا این کارمند به {need} نیاز دارد."
    if errors:
        raise ServiceError(errors)


def decide_check(*, row, actor, approve: bool, reason: str) -> None:
    """The rules of deciding a request for any clearance: it is still pending, the
    decider is not who asked, and a refusal says why."""
    if not row.pending:
        raise ServiceError("این درخواست دیگر در انتظار تصمیم نیست.", code="not_pending")
    if row.requested_by_id == actor.pk:
        raise ServiceError(
            "درخواستی را که خودتان داده‌اید نمی‌توانید تأیید یا رد کنید؛ مدیر دیگری باید تصمیم بگیرد.",
            code="same_admin",
        )
    if not approve and not (reason or "").strip():
        raise ServiceError({"reason": "دلیل رد درخواست را بنویسید."})


def clearance_request(
    *, actor, area: str, user, expires_on: dt.date | None, reason: str = ""
) -> Clearance:
    """One administrator asks for a clearance (or its renewal) until a date; it
    opens nothing until a second administrator approves it."""
    from tavana.notifications.services import notification_send

    access_action(actor, MANAGE)
    spec = _area(area)
    request_check(
        user=user,
        role_fits=user is not None and may_hold(user, area),
        work=f"کار با {spec.name}",
        need=spec.name,
        expires_on=expires_on,
        reason=reason,
    )
    assert expires_on is not None  # (request_check refuses a missing date)
    with transaction.atomic():
        row, _ = Clearance.objects.select_for_update().get_or_create(area=area, user=user)
        if row.pending:
            raise ServiceError({"username": "برای این کارمند درخواستی در انتظار تأیید است."})
        row.requested_by, row.requested_at = actor, timezone.now()
        row.requested_expires_on, row.request_reason = expires_on, reason.strip()
        row.save()
        audit_write(
            actor=actor,
            action="accounts.clearance_request",
            obj=row,
            after={
                "user": user.username,
                "area": area,
                "expires_on": expires_on,
                "renewal": row.cleared,
            },
            reason=reason.strip(),
        )
        for admin in _other_admins(actor):
            notification_send(
                recipient=admin,
                kind="accounts.clearance_request",
                text=(
                    f"{actor.display_name} برای {user.display_name} صلاحیت «{spec.name}» تا "
                    f"{format_jalali(expires_on)} خواسته است؛ مدیر دیگری باید تأیید یا رد کند."
                ),
                link=_link(area),
                actor=actor,
            )
    return row


def clearance_decide(*, actor, clearance: Clearance, approve: bool, reason: str = "") -> Clearance:
    """A second administrator approves (the clearance opens until its date) or
    refuses the request. Nobody decides her own request."""
    from tavana.notifications.services import notification_send

    access_action(actor, MANAGE)
    with transaction.atomic():
        row = (
            Clearance.objects.select_for_update(of=("self",))
            .select_related("user", "requested_by")
            .get(pk=clearance.pk)
        )
        spec = _area(row.area)
        decide_check(row=row, actor=actor, approve=approve, reason=reason)
        expires_on, requested_by = row.requested_expires_on, row.requested_by
        before = {"cleared": row.cleared, "expires_on": row.expires_on}
        if approve:
            row.cleared, row.expires_on = True, expires_on
            row.assigned_by, row.assigned_on = actor, timezone.localdate()
        row.requested_by = row.requested_at = row.requested_expires_on = None
        row.request_reason = ""
        row.save()
        audit_write(
            actor=actor,
            action="accounts.clearance_approve" if approve else "accounts.clearance_refuse",
            obj=row,
            before=before,
            after={
                "user": row.user.username,
                "area": row.area,
                "cleared": row.cleared,
                "expires_on": row.expires_on,
                "requested_by": requested_by.username if requested_by else None,
            },
            reason=(reason or "").strip(),
        )
        if approve and expires_on is not None:
            clearances_changed(row.user_id)  # her next page asks for two-factor sign-in
            notification_send(
                recipient=row.user,
                kind="accounts.clearance_granted",
                text=f"صلاحیت شما برای «{spec.name}» تا {format_jalali(expires_on)} تأیید شد.",
                link=spec.home_url(),
                actor=actor,
            )
    return row


def clearance_revoke(*, actor, clearance: Clearance) -> Clearance:
    """Any administrator closes a clearance at once (a pending renewal goes too)."""
    access_action(actor, MANAGE)
    with transaction.atomic():
        row = Clearance.objects.select_for_update().select_related("user").get(pk=clearance.pk)
        if not row.cleared:
            raise ServiceError("این صلاحیت پیش‌تر لغو شده است.", code="not_cleared")
        row.cleared = False
        row.requested_by = row.requested_at = row.requested_expires_on = None
        row.request_reason = ""
        row.save()
        clearances_changed(row.user_id)
        audit_write(
            actor=actor,
            action="accounts.clearance_revoke",
            obj=row,
            before={"cleared": True},
            after={"cleared": False, "user": row.user.username, "area": row.area},
        )
    return row
