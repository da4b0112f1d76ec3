"""Absolute session lifetime on top of Django's idle timeout."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login

LOGIN_AT = "tavana_login_at"


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(LOGIN_AT)
            now = time.time()
            if started is None:
                request.session[LOGIN_AT] = now
            elif now - started > settings.SESSION_ABSOLUTE_TIMEOUT:
                logout(request)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)


TWO_FACTOR_MISSING = "tavana_2fa_missing"

# Pages a user who must still set up two-factor sign-in may open.
TWO_FACTOR_OPEN = {
    "accounts:two_factor",
    "accounts:logout",
    "accounts:login",
    "accounts:two_factor_verify",
    "accounts:password_set",
    "core:health",
    "notifications:badge",  # the navbar's count (htmx): a number, nothing else
}


class TwoFactorMiddleware:
    """Users who need two-factor sign-in (by role, or holding a live clearance) and
    have not set it up are sent to set it up before anything else (where TAVANA_TWO_FACTOR_ENFORCED; otherwise the pages
    remind them). Runs after django-otp's OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            from django.shortcuts import redirect
            from django.urls import Resolver404, resolve

            from .twofactor import has_two_factor, two_factor_enforced, two_factor_required

            if not user.is_verified() and two_factor_required(user, session=request.session):
                # whether she has a device is asked once per session (a device
                # turned on in this session updates it; a reset ends the session)
                missing = request.session.get(TWO_FACTOR_MISSING)
                if missing is None:
                    missing = request.session[TWO_FACTOR_MISSING] = not has_two_factor(user)
                request.tavana_two_factor_missing = missing
                try:
                    name = resolve(request.path_info).view_name
                except Resolver404:
                    name = ""
                if (
                    missing
                    and two_factor_enforced()
                    and name not in TWO_FACTOR_OPEN
                    and not request.path_info.startswith(settings.STATIC_URL)
                ):
                    return redirect("accounts:two_factor")
        return self.get_response(request)
