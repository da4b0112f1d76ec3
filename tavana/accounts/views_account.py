"""A member of staff's own account: her sessions and her two-factor sign-in."""

from __future__ import annotations

import django_otp
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tavana.core.errors import service_errors_as_message

from . import services, twofactor
from .access import require
from .forms import PasswordChangeForm, TwoFactorCodeForm
from .matrix import SIGNED_IN
from .middleware import TWO_FACTOR_MISSING
from .models import SignIn


@require(SIGNED_IN)
def account(request):
    user = request.user
    return render(
        request,
        "accounts/account.html",
        {
            "has_2fa": twofactor.has_two_factor(user),
            "needs_2fa": twofactor.two_factor_required(user, session=request.session),
            "sessions": services.sessions_current(user=user),
            "current_key": request.session.session_key,
            "sign_ins": SignIn.objects.filter(user=user)[:10],
        },
    )


@require(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def password_change(request):
    """Change her own password: the current one, then the new one twice."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_change(
            user=request.user,
            password=form.cleaned_data["new_password1"],
            keep_session=request.session.session_key,
        )
        update_session_auth_hash(request, request.user)  # she stays signed in here
        messages.success(request, "گذرواژه عوض شد؛ نشست‌های دیگر شما بسته شدند.")
        return redirect("accounts:account")
    return render(
        request,
        "accounts/password_change.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def two_factor(request):
    """Turn on two-factor sign-in: scan the code, type the first code, keep the
    recovery codes (shown once)."""
    user = request.user
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            device, codes = twofactor.two_factor_enable(actor=user, code=form.cleaned_data["code"])
            django_otp.login(request, device)
            request.session.pop(TWO_FACTOR_MISSING, None)
            return render(request, "accounts/recovery_codes.html", {"codes": codes})
    device = twofactor.pending_device(user)
    return render(
        request,
        "accounts/two_factor.html",
        {
            "form": form,
            "has_2fa": twofactor.has_two_factor(user),
            "needs_2fa": twofactor.two_factor_required(user, session=request.session),
            "qr": twofactor.qr_svg(device),
            "secret": twofactor.secret_base32(device),
        },
        status=400 if form.errors else 200,
    )


@require(SIGNED_IN)
@require_POST
def recovery_codes(request):
    with service_errors_as_message(request):
        codes = twofactor.recovery_codes_renew(actor=request.user)
        return render(request, "accounts/recovery_codes.html", {"codes": codes})
    return redirect("accounts:account")


@require(SIGNED_IN)
@require_POST
def sessions_end(request):
    ids = [int(i) for i in request.POST.getlist("session") if i.isdigit()]
    ended = services.sessions_end(actor=request.user, user=request.user, session_ids=ids or None)
    if ended:
        messages.success(request, "نشست‌ها پایان یافت.")
    return redirect("accounts:account")
