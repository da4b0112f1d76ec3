"""The release campaign's API (django-ninja, at /api/release/): the same gates as
the pages, for a signed-in session or a user's API token (which carries her role
and her clearance, nothing more).

* `GET /cases` — cleared staff only (anyone else: 404, as the pages): each case by
  its code, status, district number, dates and amounts. No name, prison or
  offence leaves through the API, even for cleared staff; every read is audited.
* `GET /figures` — the figures of a Jalali year by month and by district, for
  whoever may see the figures page: partners get counts with every count under
  ten (and any the totals would give away) as null.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from ninja import Field, Router, Schema

from tavana.accounts.api_auth import gate
from tavana.audit.services import audit_read
from tavana.core.domain.jalali import to_jalali_iso

from ..domain import release as rules
from .access import access_release, is_cleared
from .figures import period_figures
from .models import ReleaseCase
from .services.money import case_money, ledger_balances, owed_by_case

router = Router(tags=["پویش آزادسازی مادران"])


class CaseOut(Schema):
    code: str
    status: str
    status_label: str
    district: int | None = Field(description="شمارهٔ منطقهٔ سکونت خانواده")
    identified_on: dt.date
    identified_on_jalali: str
    released_on: dt.date | None
    released_on_jalali: str
    owed: int = Field(description="بدهی پس از گذشت و تقسیط (ریال)")
    needed: int = Field(description="آنچه هنوز باید گرد آید (ریال)")
    children: int


class SeriesOut(Schema):
    rows: list[str]
    cells: list[int | None] = Field(description="null: پنهان (کمتر از ۱۰ یا قابل محاسبه از جمع)")
    total: int | None


class DistrictsOut(Schema):
    districts: list[int | None] = Field(description="شمارهٔ منطقه؛ null: نامشخص")
    cols: list[str]
    cells: list[list[int | None]]
    row_totals: list[int | None]
    col_totals: list[int | None]
    total: int | None
    suppressed: int


class FiguresOut(Schema):
    year: int = Field(description="سال شمسی")
    full: bool = Field(description="false: شمارش‌ها با پنهان‌سازی خانه‌های کوچک")
    identified_by_month: SeriesOut
    released_by_month: SeriesOut
    by_district: DistrictsOut


def _jalali(d: dt.date | None) -> str:
    return to_jalali_iso(d) if d else ""


@router.get("/cases", response=list[CaseOut], summary="پرونده‌ها (کد، وضعیت، مبلغ‌ها)",
            url_name="release_cases")  # fmt: skip
def cases(request, status: str = ""):
    """Every case by its code (for cleared staff; 404 for anyone else)."""
    user = gate(request, "protected.work")
    access_release(user)
    qs = ReleaseCase.objects.select_related("district").annotate(n_children=Count("children"))
    if status:
        qs = qs.filter(status=status)
    rows = list(qs.order_by("pk"))
    balances, owed = ledger_balances(), owed_by_case([c.pk for c in rows])
    audit_read(actor=user, action="release.api_read", fields=["code", "status", "amounts"],
               object_type="protected.release", object_id="api")  # fmt: skip
    out = []
    for c in rows:
        money = case_money(c, balances, owed[c.pk])
        out.append({
            "code": c.code, "status": c.status, "status_label": rules.LABELS[c.status],
            "district": c.district.number if c.district else None,
            "identified_on": c.identified_on, "identified_on_jalali": _jalali(c.identified_on),
            "released_on": c.released_on, "released_on_jalali": _jalali(c.released_on),
            "owed": money.owed, "needed": money.needed, "children": c.n_children,
        })  # fmt: skip
    return out


@router.get("/figures", response=FiguresOut, summary="آمار یک سال به تفکیک ماه و منطقه",
            url_name="release_figures")  # fmt: skip
def figures(request, year: int | None = None):
    """Counts of a Jalali year (this year when not given)."""
    from tavana.accounts import roles

    user = gate(request, "release.figures")
    full = is_cleared(user) or user.role in (roles.MANAGER, roles.ADMINISTRATOR)
    by = period_figures(year=year, full=full)
    p, d = by["period"], by["districts"]

    def series(t: dict) -> dict:
        return {"rows": t["rows"], "cells": [r[0] for r in t["cells"]], "total": t["total"]}

    return {
        "year": by["year"], "full": full,
        "identified_by_month": series(p["identified"]),
        "released_by_month": series(p["released"]),
        "by_district": {k: d[k] for k in ("districts", "cols", "cells", "row_totals",
                                          "col_totals", "total", "suppressed")},
    }  # fmt: skip
