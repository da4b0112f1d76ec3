"""Writes of the administration of staff: accounts, roles and scopes, units,
password resets, sign-ins and browser sessions. Each service checks its input,
writes in one transaction and records the change in the audit log."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tavana.audit.services import audit_access, audit_write
from tavana.core.domain.identifiers import InvalidIdentifier, parse_mobile
from tavana.core.errors import ServiceError

from . import roles
from .models import OrgUnit, SignIn, User, UserSession

# Roles whose work is bounded by districts: at least one district is required. (A
# social worker may have none: her scope is then her caseload alone, wherever the
# women live; with districts it is those districts and her caseload.)
DISTRICT_ROLES = {roles.REGISTRAR, roles.BAZAAR_ORGANISER}
# Roles whose work is bounded by Kowsar centres: at least one centre is required.
CENTRE_ROLES = {roles.CENTRE_MANAGER, roles.TRAINER}
STAFF_FIELDS = ("first_name", "last_name", "mobile", "role", "partner_organisation")

# What other contexts do, in the same transaction, when an account is deactivated:
# callables (actor, user, handover_to) registered in their AppConfig.ready (casework
# hands her open cases to `handover_to`, or refuses without one). Accounts imports
# no context.
ON_DEACTIVATE: list = []


def _snapshot(user: User) -> dict:
    return {
        **{f: getattr(user, f) for f in STAFF_FIELDS},
        "org_unit": user.org_unit.name if user.org_unit else None,
        "districts": sorted(d.number for d in user.districts.all()),
        "centres": sorted(c.code for c in user.centres.all()),
        "is_active": user.is_active,
    }


def username_problem(username: str) -> str:
    """Why a new account cannot take this username ("" when it can); the form asks
    it too, so it shows with the other fields' faults."""
    username = (username or "").strip().lower()
    if not username:
        return "نام کاربری را بنویسید."
    if not username.isascii() or not all(c.isalnum() or c in "._-" for c in username):
        return "نام کاربری فقط حروف و رقم لاتین و . _ - دارد."
    if User.objects.filter(username__iexact=username).exists():
        return "این نام کاربری پیش‌تر گرفته شده است."
    return ""


def unit_code_problem(code: str) -> str:
    """Why a new unit cannot take this code ("" when it can); asked by the form too."""
    code = (code or "").strip().lower()
    if not code or not all(c.isascii() and (c.isalnum() or c == "_") for c in code):
        return "کد را با حروف و رقم لاتین بنویسید (مثلاً home_business)."
    if OrgUnit.objects.filter(code=code).exists():
        return "این کد پیش‌تر به کار رفته است."
    return ""


def _check_staff(data: dict, *, user: User | None = None) -> tuple[dict, dict[str, str]]:
    errors: dict[str, str] = {}
    clean = dict(data)
    if user is None:
        username = (data.get("username") or "").strip().lower()
        if problem := username_problem(username):
            errors["username"] = problem
        clean["username"] = username
    for field, label in (("first_name", "نام"), ("last_name", "نام خانوادگی")):
        if not (data.get(field) or "").strip():
            errors[field] = f"{label} را بنویسید."
    role = data.get("role")
    if role not in roles.ROLE_LABELS:
        errors["role"] = "نقش را انتخاب کنید."
    try:
        clean["mobile"] = parse_mobile(data.get("mobile"))
    except InvalidIdentifier as e:
        errors["mobile"] = f"{e.message}؛ پیوند تعیین گذرواژه به این شماره پیامک می‌شود."
    districts, centres = list(data.get("districts") or []), list(data.get("centres") or [])
    if role in DISTRICT_ROLES and not districts:
        errors["districts"] = "برای این نقش دست‌کم یک منطقه انتخاب کنید."
    if role in CENTRE_ROLES and not centres:
        errors["centres"] = "برای این نقش دست‌کم یک مرکز کوثر انتخاب کنید."
    if role == roles.PARTNER_ANALYST and not (data.get("partner_organisation") or "").strip():
        errors["partner_organisation"] = "سازمان شریک این تحلیلگر را بنویسید."
    unit = data.get("org_unit")
    if unit is not None and not unit.active:
        errors["org_unit"] = "این واحد سازمانی بایگانی شده است."
    return clean, errors


def _last_admin(user: User) -> bool:
    return (
        user.role == roles.ADMINISTRATOR
        and user.is_active
        and not User.objects.filter(role=roles.ADMINISTRATOR, is_active=True)
        .exclude(pk=user.pk)
        .exists()
    )


def _apply(user: User, data: dict) -> None:
    for f in STAFF_FIELDS:
        setattr(user, f, (data.get(f) or "").strip() if f != "role" else data.get(f))
    user.org_unit = data.get("org_unit")
    user.is_staff = user.is_superuser = False  # the Django admin is not installed
    user.save()
    user.districts.set(data.get("districts") or [])
    user.centres.set(data.get("centres") or [])


def staff_create(*, actor, data: dict, site: str) -> User:
    """A new member of staff, without a password: a link to set one goes to her
    mobile by SMS (no administrator ever sees or types her password)."""
    clean, errors = _check_staff(data)
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        user = User(username=clean["username"])
        user.set_unusable_password()
        _apply(user, clean)
        audit_write(
            actor=actor,
            action="accounts.user_create",
            obj=user,
            after={"username": user.username, **_snapshot(user)},
        )
        _send_password_link(user, site, first=True)
    return user


def administrator_create(
    *, username: str, password: str, first_name: str = "", last_name: str = "", actor=None
) -> User:
    """The first administrator of a new installation (`tavana createadmin`): there
    is no default account or password; the operator's password must pass the same
    validators as everyone's."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    username = username.strip()
    if not username:
        raise ServiceError({"username": "نام کاربری خالی است."})
    if User.objects.filter(username=username).exists():
        raise ServiceError({"username": f"کاربری با نام «{username}» هست."}, code="exists")
    try:
        validate_password(password, user=User(username=username, first_name=first_name))
    except ValidationError as e:
        raise ServiceError({"password": " ".join(e.messages)}, code="weak_password") from e
    with transaction.atomic():
        user = User.objects.create_user(
            username=username,
            password=password,
            role=roles.ADMINISTRATOR,
            first_name=first_name,
            last_name=last_name,
            is_staff=True,
            is_superuser=True,
        )
        audit_write(
            actor=actor,
            action="accounts.user_create",
            obj=user,
            after={"username": username, **_snapshot(user)},
        )
    return user


def staff_update(*, actor, user: User, data: dict) -> User:
    clean, errors = _check_staff(data, user=user)
    if not errors and data.get("role") != roles.ADMINISTRATOR and _last_admin(user):
        errors["role"] = "این آخرین مدیر سامانهٔ فعال است؛ نخست مدیر دیگری تعیین کنید."
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        before = _snapshot(user)
        _apply(user, clean)
        after = _snapshot(user)
        changed = [k for k in after if before[k] != after[k]]
        if changed:
            audit_write(
                actor=actor,
                action="accounts.user_update",
                obj=user,
                before={k: before[k] for k in changed},
                after={"username": user.username, **{k: after[k] for k in changed}},
            )
    return user


def staff_set_active(
    *, actor, user: User, active: bool, reason: str = "", handover_to=None
) -> User:
    """Deactivate (ending her sessions) or reactivate an account. A social worker
    who still holds cases hands them to a colleague in the same step."""
    reason = (reason or "").strip()
    if not active:
        if user.pk == actor.pk:
            raise ServiceError("حساب خودتان را نمی‌توانید غیرفعال کنید.")
        if _last_admin(user):
            raise ServiceError("این آخرین مدیر سامانهٔ فعال است.")
        if not reason:
            raise ServiceError({"reason": "دلیل غیرفعال کردن را بنویسید."})
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_active == active:
            return user
        if not active:
            for hook in ON_DEACTIVATE:
                hook(actor=actor, user=user, handover_to=handover_to)
            _end_sessions(actor=actor, user=user)
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit_write(
            actor=actor,
            action="accounts.user_activate" if active else "accounts.user_deactivate",
            obj=user,
            before={"is_active": not active},
            after={"username": user.username, "is_active": active},
            reason=reason,
        )
    return user


# ------------------------------------------------------------------ passwords


def password_link(user: User, site: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return site.rstrip("/") + reverse("accounts:password_set", args=[uid, token])


def _send_password_link(user: User, site: str, *, first: bool = False) -> None:
    from tavana.notifications.services import sms_queue
    from tavana.notifications.sms_templates import sms_render

    code = "accounts.password_new" if first else "accounts.password_reset"
    sms_queue(
        mobile=user.mobile,
        text=sms_render(code, پیوند=password_link(user, site)),
        kind="accounts.password_link",
        urgent=True,  # she is waiting for it; a secret, so not kept in the outbox
    )


def password_reset(*, actor, user: User, site: str) -> None:
    """Reset her password without anyone seeing one: the old password stops
    working, her sessions end, and a one-time link (24 hours) goes to her mobile."""
    if not user.mobile:
        raise ServiceError(
            {"mobile": "برای این کاربر تلفن همراه ثبت نشده است؛ نخست آن را ثبت کنید."}
        )
    if not user.is_active:
        raise ServiceError("این حساب غیرفعال است؛ نخست آن را فعال کنید.")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        _end_sessions(actor=actor, user=user)
        audit_write(
            actor=actor,
            action="accounts.password_reset",
            obj=user,
            after={"username": user.username, "link_to": user.mobile[:4] + "…" + user.mobile[-2:]},
        )
        _send_password_link(user, site)


def password_change(*, user: User, password: str, keep_session: str | None = None) -> User:
    """She changed her own password (checked by the form): every other session of
    hers ends, the one she is using stays."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        others = UserSession.objects.filter(user=user, ended_at__isnull=True).exclude(
            session_key=keep_session or ""
        )
        _end_sessions(actor=user, user=user, only=list(others.values_list("pk", flat=True)))
        audit_write(
            actor=user,
            action="accounts.password_change",
            obj=user,
            after={"username": user.username},
        )
    return user


def password_set(*, user: User, password: str) -> User:
    """She set her own password from the link (validated by the form)."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        _end_sessions(actor=user, user=user)
        audit_write(
            actor=user, action="accounts.password_set", obj=user, after={"username": user.username}
        )
    return user


# ------------------------------------------------------------------ sign-ins


def _client(request) -> tuple[str | None, str]:
    ip = request.META.get("REMOTE_ADDR") or None
    return ip, request.headers.get("User-Agent", "")[:300]


def signin_record(*, request, username: str, outcome: str, user: User | None = None) -> SignIn:
    ip, agent = _client(request)
    if user is None and username:
        user = User.objects.filter(username__iexact=username).first()
    row = SignIn.objects.create(
        user=user, username=username[:150], outcome=outcome, ip=ip, user_agent=agent
    )
    if outcome == SignIn.SUCCESS and user is not None:
        UserSession.objects.update_or_create(
            session_key=request.session.session_key,
            defaults={"user": user, "ip": ip, "user_agent": agent, "ended_at": None},
        )
        audit_access(actor=user, action="accounts.sign_in", after={"ip": ip})
    return row


def signout_record(*, request) -> None:
    user = request.user
    if not user.is_authenticated:
        return
    key = request.session.session_key
    UserSession.objects.filter(session_key=key, ended_at__isnull=True).update(
        ended_at=timezone.now(), ended_by=user
    )
    signin_record(request=request, username=user.username, outcome=SignIn.LOGOUT, user=user)


def _session_store():
    """The configured session engine's store (the database in development and
    tests, the cache — Redis — in production)."""
    from importlib import import_module

    return import_module(settings.SESSION_ENGINE).SessionStore


def _db_sessions() -> bool:
    return settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def _end_sessions(*, actor, user: User, only: list[int] | None = None) -> int:
    qs = UserSession.objects.filter(user=user, ended_at__isnull=True)
    if only is not None:
        qs = qs.filter(pk__in=only)
    keys = list(qs.values_list("session_key", flat=True))
    if _db_sessions():
        Session.objects.filter(session_key__in=keys).delete()
    else:  # wherever the engine keeps them: ended there, not only in our list
        store = _session_store()
        for key in keys:
            store(session_key=key).delete(key)
    return qs.update(ended_at=timezone.now(), ended_by=actor)


def sessions_end(*, actor, user: User, session_ids: list[int] | None = None) -> int:
    """End some (or all) of her browser sessions: she must sign in again there."""
    with transaction.atomic():
        ended = _end_sessions(actor=actor, user=user, only=session_ids)
        if ended:
            audit_write(
                actor=actor,
                action="accounts.sessions_end",
                obj=user,
                after={"username": user.username, "sessions": ended},
            )
    return ended


def sessions_current(*, user: User) -> list[UserSession]:
    """Her sessions that are still signed in (the session store still has them)."""
    open_ = UserSession.objects.filter(user=user, ended_at__isnull=True)
    if _db_sessions():
        live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
        return list(open_.filter(session_key__in=live))
    store = _session_store()
    return [s for s in open_ if store().exists(s.session_key)]


# ------------------------------------------------------------------ units


UNIT_FIELDS = ("name", "kind", "parent", "order", "active")


def _unit_view(u: OrgUnit) -> dict:
    return {
        "name": u.name,
        "kind": u.kind,
        "parent": u.parent.name if u.parent else None,
        "order": u.order,
        "active": u.active,
    }


def unit_save(*, actor, data: dict, unit: OrgUnit | None = None) -> OrgUnit:
    """Add a unit or change one (name, kind, place in the tree, order, retired)."""
    errors: dict[str, str] = {}
    name = (data.get("name") or "").strip()
    if not name:
        errors["name"] = "نام واحد را بنویسید."
    if data.get("kind") not in dict(OrgUnit.KIND_CHOICES):
        errors["kind"] = "نوع واحد را انتخاب کنید."
    parent = data.get("parent")
    if unit is not None and parent is not None:
        p = parent
        while p is not None:
            if p.pk == unit.pk:
                errors["parent"] = "واحد نمی‌تواند زیرمجموعهٔ خودش یا زیرمجموعه‌های خودش باشد."
                break
            p = p.parent
    if unit is not None and data.get("active") is False and unit.active:
        if OrgUnit.objects.filter(parent=unit, active=True).exists():
            errors["active"] = "این واحد زیرمجموعهٔ فعال دارد؛ نخست آن‌ها را جابه‌جا یا بایگانی کنید."
        elif User.objects.filter(org_unit=unit, is_active=True).exists():
            errors["active"] = "کارکنان فعالی در این واحدند؛ نخست آن‌ها را به واحد دیگری ببرید."
    code = (data.get("code") or "").strip().lower()
    if unit is None and (problem := unit_code_problem(code)):
        errors["code"] = problem
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        before = _unit_view(unit) if unit else None
        unit = unit or OrgUnit(code=code)
        unit.name, unit.kind, unit.parent = name, data["kind"], parent
        unit.order = data.get("order") or 0
        unit.active = data.get("active", True) is not False
        unit.save()
        after = _unit_view(unit)
        if before != after:
            changed = [k for k in after if before is None or before[k] != after[k]]
            audit_write(
                actor=actor,
                action="accounts.unit_create" if before is None else "accounts.unit_update",
                obj=unit,
                before={k: before[k] for k in changed} if before else None,
                after={k: after[k] for k in changed},
            )
    return unit


def unit_subtree_ids(unit: OrgUnit) -> list[int]:
    """The unit and every unit under it (for filtering figures by a unit)."""
    ids, frontier = [unit.pk], [unit.pk]
    while frontier:
        frontier = list(OrgUnit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids += frontier
    return ids
