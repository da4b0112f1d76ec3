"""The partners' indicator API: a token bound to one data-sharing agreement
(expiring with it) reads that agreement's indicators, with the same small-cell
and secondary suppression as its extracts; every read is in the audit log."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer

from tavana.partners import sharing as plug
from tavana.partners.services import api_read_log, sharing_for_token

from . import published


class SharingTokenAuth(HttpBearer):
    """`Authorization: Bearer tvp_…`: a partner's data-sharing token."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str):
        return sharing_for_token(token)


router = Router(tags=["شاخص‌ها برای شریکان"], auth=[SharingTokenAuth()])


class IndicatorOut(Schema):
    code: str
    title: str


class SharingOut(Schema):
    title: str
    organisation: str
    valid_until: dt.date
    data_from: dt.date
    by_district: bool
    indicators: list[IndicatorOut]


class TableOut(Schema):
    indicator: str
    title: str
    start: dt.date
    end: dt.date
    row_title: str
    rows: list[str]
    cols: list[str]
    cells: list[list[int | None]]
    row_totals: list[int | None]
    col_totals: list[int | None]
    total: int | None
    suppressed: int


@router.get(
    "/sharing", response=SharingOut, summary="توافق تبادل دادهٔ این توکن", url_name="partner_sharing"
)
def sharing_detail(request):
    """The data-sharing agreement the token belongs to: which indicators, until when."""
    s = request.auth
    return {
        "title": s.title,
        "organisation": s.agreement.organisation.name,
        "valid_until": s.valid_until,
        "data_from": s.data_from,
        "by_district": s.by_district,
        "indicators": [{"code": c, "title": plug.INDICATORS.get(c, c)} for c in s.indicators],
    }


@router.get(
    "/indicators/{code}",
    response=TableOut,
    summary="یک شاخص در یک بازه",
    url_name="partner_indicator",
)
def indicator(request, code: str, start: dt.date, end: dt.date):
    """Counts of one indicator for `[start, end)` (Gregorian ISO dates) — a whole
    Jalali month, season or year, else 422; a hidden cell (1–4, or one that could
    be worked out from the totals or from the overlapping periods) is null."""
    s = request.auth
    if code not in s.indicators:
        raise HttpError(404, "این شاخص در توافق تبادل دادهٔ شما نیست.")
    if end <= start:
        raise HttpError(422, "پایان بازه باید پس از آغاز آن باشد.")
    if start < s.data_from:
        raise HttpError(422, "داده‌های پیش از آغاز توافق تبادل داده در دسترس نیست.")
    if published.period_of(start, end) is None:
        raise HttpError(422, published.PeriodNotPublished.message)
    table = plug.INDICATOR_READERS[0](s, code, start, end)
    api_read_log(sharing=s, indicator=code, start=start, end=end)
    return table
