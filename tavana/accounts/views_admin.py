"""The administrator's screens: staff accounts, roles and scopes, password resets,
sign-in history and sessions, the organisation's units and its centres."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from tavana.core.errors import service_errors_as_message
from tavana.core.paging import page_of

from . import roles, services
from .access import require
from .forms import DeactivateForm, StaffForm, UnitForm
from .models import OrgUnit, SignIn, User
from .twofactor import has_two_factor, two_factor_required

# The administration hub: (url name, title, what it is for). Other contexts add
# their configuration screens here from AppConfig.ready.
ADMIN_LINKS: list[tuple] = [
    ("accounts:staff", "کارکنان", "ساخت حساب، نقش، مناطق و مراکز، بازنشانی گذرواژه، نشست‌ها"),
    ("accounts:units", "سازمان مرکز", "حوزه‌ها، اداره‌ها و مراکز زیر هر کدام"),
    (
        "notifications:policy",
        "اعلان‌ها و یادآوری‌ها",
        "ساعت سکوت پیامک، خلاصهٔ روزانه، زمان یادآوری‌ها",
    ),
    ("notifications:templates", "الگوهای پیامک", "متن هر پیامک، با بررسی واژه‌های برچسب‌زننده"),
    ("core:label_words", "واژه‌های برچسب‌زننده", "آنچه هیچ نام عمومی یا پیامکی نباید بگوید"),
]


@require("accounts.manage")
def admin_home(request):
    links = [
        {"url": reverse(link[0], args=link[3] if len(link) > 3 else ()), "title": link[1],
         "about": link[2]}
        for link in ADMIN_LINKS
    ]  # fmt: skip
    return render(request, "accounts/admin_home.html", {"links": links})


@require("accounts.manage")
def staff(request):
    q = (request.GET.get("q") or "").strip()
    role = request.GET.get("role", "")
    show = request.GET.get("show", "active")
    rows = User.objects.select_related("org_unit").annotate(n_districts=Count("districts"))
    if q:
        rows = rows.filter(
            Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
        )
    if role in roles.ROLE_LABELS:
        rows = rows.filter(role=role)
    if show != "all":
        rows = rows.filter(is_active=show != "inactive")
    return render(
        request,
        "accounts/staff_list.html",
        {
            "rows": page_of(request, rows.order_by("last_name", "first_name", "username")),
            "q": q,
            "role": role,
            "show": show,
            "roles": roles.ROLE_CHOICES,
        },
    )


def _staff_data(form) -> dict:
    return dict(form.cleaned_data)


def _site(request) -> str:
    return request.build_absolute_uri("/")


@require("accounts.manage")
@require_http_methods(["GET", "POST"])
def staff_new(request):
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            user = services.staff_create(
                actor=request.user, data=_staff_data(form), site=_site(request)
            )
            messages.success(
                request,
                f"حساب {user.display_name} ساخته شد؛ پیوند تعیین گذرواژه به تلفن همراهش پیامک شد.",
            )
            return redirect("accounts:staff_detail", user_id=user.pk)
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": "کارمند تازه",
            "back": "accounts:staff",
            "submit": "ساخت حساب",
            "intro": "گذرواژه‌ای تعیین نمی‌کنید: پیوند تعیین گذرواژه به تلفن همراه او پیامک می‌شود.",
        },
        status=400 if form.errors else 200,
    )


def _member(user_id: int) -> User:
    return get_object_or_404(User.objects.select_related("org_unit"), pk=user_id)


def _staff_initial(member: User) -> dict:
    return {
        "first_name": member.first_name,
        "last_name": member.last_name,
        "mobile": member.mobile,
        "role": member.role,
        "org_unit": member.org_unit,
        "districts": list(member.districts.all()),
        "centres": list(member.centres.all()),
        "partner_organisation": member.partner_organisation,
    }


def _staff_page(request, member: User, *, form=None, deactivate=None):
    """A member of staff's page; a refused form comes back with its errors and
    what was typed (status 400)."""
    form = form or StaffForm(initial=_staff_initial(member), user=member)
    deactivate = deactivate or DeactivateForm(user=member)
    return render(
        request,
        "accounts/staff_detail.html",
        {
            "member": member,
            "form": form,
            "deactivate": deactivate,
            "sessions": services.sessions_current(user=member),
            "has_2fa": has_two_factor(member),
            "needs_2fa": two_factor_required(member),
            "sign_ins": SignIn.objects.filter(user=member)[:30],
            "sections": [s for s in (f(request.user, member) for f in STAFF_SECTIONS) if s],
        },
        status=400 if form.errors or deactivate.errors else 200,
    )


@require("accounts.manage")
@require_http_methods(["GET", "POST"])
def staff_detail(request, user_id: int):
    member = _member(user_id)
    form = StaffForm(request.POST or None, initial=_staff_initial(member), user=member)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            services.staff_update(actor=request.user, user=member, data=_staff_data(form))
            messages.success(request, "تغییرها ذخیره شد.")
            return redirect("accounts:staff_detail", user_id=member.pk)
    return _staff_page(request, member, form=form)


# Sections other contexts add to a staff member's page: callables (actor, member)
# -> dict(title, template, context) or None (e.g. protected programme clearances).
STAFF_SECTIONS: list = []


@require("accounts.manage")
@require_POST
def staff_deactivate(request, user_id: int):
    member = _member(user_id)
    form = DeactivateForm(request.POST, user=member)
    if form.is_valid():
        with form.showing_service_errors():
            services.staff_set_active(
                actor=request.user,
                user=member,
                active=False,
                reason=form.cleaned_data["reason"],
                handover_to=form.cleaned_data["handover_to"],
            )
            messages.success(request, "حساب غیرفعال شد و نشست‌هایش پایان یافت.")
            return redirect("accounts:staff_detail", user_id=member.pk)
    return _staff_page(request, member, deactivate=form)


@require("accounts.manage")
@require_POST
def staff_activate(request, user_id: int):
    member = _member(user_id)
    with service_errors_as_message(request):
        services.staff_set_active(actor=request.user, user=member, active=True)
        messages.success(request, "حساب دوباره فعال شد.")
    return redirect("accounts:staff_detail", user_id=member.pk)


@require("accounts.manage")
@require_POST
def staff_password_reset(request, user_id: int):
    member = _member(user_id)
    with service_errors_as_message(request):
        services.password_reset(actor=request.user, user=member, site=_site(request))
        messages.success(
            request,
            "گذرواژهٔ پیشین از کار افتاد، نشست‌هایش پایان یافت و پیوند تعیین گذرواژهٔ تازه "
            "به تلفن همراهش پیامک شد.",
        )
    return redirect("accounts:staff_detail", user_id=member.pk)


@require("accounts.manage")
@require_POST
def staff_two_factor_reset(request, user_id: int):
    from .twofactor import two_factor_reset

    member = _member(user_id)
    two_factor_reset(actor=request.user, user=member)
    messages.success(
        request, "ورود دومرحله‌ای او پاک شد و نشست‌هایش پایان یافت؛ در ورود بعدی دوباره راه می‌اندازد."
    )
    return redirect("accounts:staff_detail", user_id=member.pk)


@require("accounts.manage")
@require_POST
def staff_sessions_end(request, user_id: int):
    member = _member(user_id)
    ids = [int(i) for i in request.POST.getlist("session") if i.isdigit()] or None
    ended = services.sessions_end(actor=request.user, user=member, session_ids=ids)
    if ended:
        messages.success(request, "نشست‌ها پایان یافت؛ در آن مرورگرها باید دوباره وارد شود.")
    return redirect("accounts:staff_detail", user_id=member.pk)


# ------------------------------------------------------------------ units


def _unit_tree():
    units = list(OrgUnit.objects.all())
    centre = User._meta.get_field("centres").related_model
    centres: dict = {}
    for c in centre.objects.select_related("district").order_by("name"):
        centres.setdefault(c.org_unit_id, []).append(c)
    staff_counts = dict(
        User.objects.filter(is_active=True, org_unit__isnull=False)
        .values_list("org_unit")
        .annotate(n=Count("pk"))
    )
    children: dict = {}
    for u in units:
        children.setdefault(u.parent_id, []).append(u)

    def walk(parent_id, depth):
        for u in children.get(parent_id, []):
            u.depth, u.centres, u.staff_count = (
                depth,
                centres.get(u.pk, []),
                staff_counts.get(u.pk, 0),
            )
            yield u
            yield from walk(u.pk, depth + 1)

    return list(walk(None, 0)), centres.get(None, [])


@require("accounts.manage")
def units(request):
    tree, unplaced = _unit_tree()
    return render(request, "accounts/units.html", {"tree": tree, "unplaced": unplaced})


@require("accounts.manage")
@require_http_methods(["GET", "POST"])
def unit_edit(request, unit_id: int | None = None):
    unit = get_object_or_404(OrgUnit, pk=unit_id) if unit_id else None
    initial = (
        {"name": unit.name, "kind": unit.kind, "parent": unit.parent, "order": unit.order,
         "active": unit.active}
        if unit else {"active": True, "kind": OrgUnit.DEPARTMENT}
    )  # fmt: skip
    form = UnitForm(request.POST or None, initial=initial, unit=unit)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            saved = services.unit_save(actor=request.user, data=form.cleaned_data, unit=unit)
            messages.success(request, f"«{saved.name}» ذخیره شد.")
            return redirect("accounts:units")
    title = f"ویرایش «{unit.name}»" if unit else "واحد سازمانی تازه"
    return render(
        request,
        "core/form_page.html",
        {"form": form, "title": title, "back": "accounts:units"},
        status=400 if form.errors else 200,
    )


@require("accounts.clear")
@require_http_methods(["GET", "POST"])
def clearances(request, area: str):
    """Clearances for an area of sensitive data (children's data…): one
    administrator asks (until a date, with a reason), a second approves or
    refuses; any administrator revokes at once."""
    from django.http import Http404
    from django.utils import timezone

    from . import clearances as cl
    from .forms import ClearanceForm
    from .models import Clearance

    if area not in cl.AREAS:
        raise Http404
    initial = {"username": request.GET.get("username", "")}
    form = ClearanceForm(request.POST if "request" in request.POST else None, initial=initial)
    if request.method == "POST" and request.POST.get("action") in ("revoke", "approve", "refuse"):
        action = request.POST["action"]
        row = get_object_or_404(Clearance, pk=request.POST.get("member", ""), area=area)
        with service_errors_as_message(request):
            if action == "revoke":
                cl.clearance_revoke(actor=request.user, clearance=row)
                messages.success(request, "صلاحیت لغو شد.")
            else:
                cl.clearance_decide(
                    actor=request.user,
                    clearance=row,
                    approve=action == "approve",
                    reason=request.POST.get("reason", ""),
                )
                messages.success(
                    request, "صلاحیت تأیید شد." if action == "approve" else "درخواست رد شد."
                )
        return redirect("accounts:clearances", area=area)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        user = User.objects.filter(username__iexact=d["username"].strip()).first()
        with form.showing_service_errors():
            cl.clearance_request(
                actor=request.user,
                area=area,
                user=user,
                expires_on=d["expires_on"],
                reason=d["reason"],
            )
            messages.success(request, "درخواست صلاحیت ثبت شد و پس از تأیید مدیر دیگری باز می‌شود.")
            return redirect("accounts:clearances", area=area)
    return render(
        request,
        "accounts/clearances.html",
        {
            "area": cl.AREAS[area],
            "areas": list(cl.AREAS.values()),
            "members": cl.clearance_list(actor=request.user, area=area),
            "form": form,
            "today": timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )


def clearances_section(actor, member) -> dict | None:
    """On a member of staff's page: her clearances for each area she may hold."""
    from django.utils import timezone

    from . import clearances as cl
    from .access import user_can
    from .models import Clearance

    if not user_can(actor, "accounts.clear"):
        return None
    areas = [a for a in cl.AREAS.values() if cl.may_hold(member, a.code)]
    if not areas:
        return None
    rows = {c.area: c for c in Clearance.objects.filter(user=member)}
    return {
        "title": "صلاحیت‌های دسترسی (داده‌های کودکان، برنامه‌های ویژه)",
        "template": "accounts/_clearances_section.html",
        "context": {
            "member": member,
            "areas": [(a, rows.get(a.code)) for a in areas],
            "today": timezone.localdate(),
        },
    }


STAFF_SECTIONS.append(clearances_section)
