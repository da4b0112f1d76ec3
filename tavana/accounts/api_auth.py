"""How the API knows who is calling and what she may do: the Django session (with
the CSRF check for unsafe methods) or a bearer token; the same matrix gates as
the pages."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from .access import user_can
from .tokens import api_token_user

FORBIDDEN = "دسترسی مجاز نیست."
UNAUTHORIZED = "ابتدا وارد سامانه شوید یا توکن API را در سرآیند Authorization بفرستید."
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class TokenAuth(HttpBearer):
    """`Authorization: Bearer tvn_…` (see `tavana api_token create`)."""

    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session; unsafe methods must carry the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request):
            raise HttpError(403, "درخواست بدون نشانهٔ امنیتی (CSRF) معتبر پذیرفته نمی‌شود.")
        return user

    def authenticate(self, request: HttpRequest, key):  # pragma: no cover - __call__ decides
        return None


API_AUTH = [TokenAuth(), SessionAuth()]


def api_user(request: HttpRequest):
    """The caller: `request.auth` when ninja authenticated, else the session user."""
    return getattr(request, "auth", None) or request.user


def gate(request: HttpRequest, action: str):
    """The caller, if the matrix lets her take `action`; a 403 otherwise."""
    user = api_user(request)
    if not user_can(user, action):
        raise HttpError(403, FORBIDDEN)
    return user


def signed_in_or_token(view):
    """For plain Django views of the API (the OpenAPI schema, the docs page):
    a signed-in session or a valid token, else 401."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            header = request.headers.get("Authorization", "")
            scheme, _, token = header.partition(" ")
            user = api_token_user(token.strip()) if scheme.lower() == "bearer" else None
            if user is None:
                response = JsonResponse(
                    {"detail": UNAUTHORIZED}, status=401, json_dumps_params={"ensure_ascii": False}
                )
                response["WWW-Authenticate"] = "Bearer"
                return response
            request.user = user
        return view(request, *args, **kwargs)

    return wrapped
