"""The REST API (django-ninja): persons, households and change requests, with the
same permission gates and audit as the pages. The OpenAPI schema is served at
/api/openapi.json and read at /api/docs (signed-in users and token holders):
ninja's Swagger UI with its assets served by the app itself ("ninja" is an
installed app, so no CDN), and the online validator switched off."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer

from tavana.accounts.api_auth import API_AUTH, FORBIDDEN, UNAUTHORIZED, api_user, signed_in_or_token
from tavana.core.errors import ServiceError

REQUIRED = "این فیلد لازم است."
INVALID = "مقدار این فیلد پذیرفته نیست."


class PersianJSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="توانا",
    version="1.0.0",
    description=(
        "API سامانهٔ توانا برای اسکریپت‌ها و سامانه‌های همکار. ورود با نشست مرورگر "
        "(با نشانهٔ CSRF برای درخواست‌های تغییردهنده) یا با توکن: "
        "`Authorization: Bearer <token>` (ساخت توکن: `tavana api_token create USERNAME`). "
        "تاریخ‌ها به میلادی ISO و در کنار آن‌ها به شمسی (`*_jalali`)؛ "
        "تاریخ تولد ورودی شمسی با هر نوع رقم یا میلادی ISO پذیرفته می‌شود."
    ),
    urls_namespace="api",
    auth=API_AUTH,
    renderer=PersianJSONRenderer(),
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
    docs_url="/docs",
    docs_decorator=signed_in_or_token,
)


def _field_of(loc) -> str:
    names = [str(p) for p in loc if isinstance(p, str) and p not in ("body", "query", "path")]
    return names[-1] if names else "__all__"


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    errors: dict[str, str] = {}
    for e in exc.errors:
        field = _field_of(e.get("loc", ()))
        if field == "payload" or e.get("type") == "json_invalid":
            errors.setdefault("__all__", "بدنهٔ درخواست JSON معتبر نیست.")
            continue
        errors.setdefault(field, REQUIRED if e.get("type") == "missing" else INVALID)
    return api.create_response(request, {"errors": errors, "code": "invalid"}, status=422)


@api.exception_handler(ServiceError)
def _refused(request, exc: ServiceError):
    """A service's refusal, as every 422 of the API: a message per field and a code."""
    return api.create_response(request, exc.as_json(api_user(request)), status=422)


@api.exception_handler(AuthenticationError)
def _unauthorized(request, exc):
    response = api.create_response(request, {"detail": UNAUTHORIZED}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": FORBIDDEN}, status=403)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": "پیدا نشد."}, status=404)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    if exc.status_code == 400:  # ninja could not read the body
        body = {"errors": {"__all__": "بدنهٔ درخواست خوانا نیست؛ JSON معتبر بفرستید."}}
        return api.create_response(request, body, status=400)
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


@api.exception_handler(Exception)
def _unexpected(request, exc: Exception):
    """Whatever else goes wrong answers in JSON too (a script reads the body), and is
    logged with the request id; no detail of the failure reaches the caller."""
    import logging

    logging.getLogger("tavana.api").exception("API request failed: %s", request.path)
    body = {"detail": "خطای پیش‌بینی‌نشده در سامانه؛ رخداد ثبت شد. بعداً دوباره بکوشید."}
    return api.create_response(request, body, status=500)


api.add_router("/", "tavana.people.api.router")
api.add_router("/partners/", "tavana.insights.api.router")
api.add_router("/release/", "tavana.protected.release.api.router")
api.add_router("/youth/", "tavana.youth.api.router")
api.add_router("/production/", "tavana.production.api.router")
