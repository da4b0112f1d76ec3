"""The release campaign's figures by period and by district.

For a Jalali year: cases identified and mothers released in each month, and the
cases identified that year by the district her family lives in and where they
stand now. Cleared staff and managers see every count (and money by month);
partners see counts only, through the project's disclosure control
(`core.domain.disclosure.protect`) with this programme's bound: a count from 1 to
9 is hidden («کمتر از ۱۰»), and so is any count that the shown totals would give
away (secondary suppression). Only counts and codes leave here: no name, prison
or offence.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Sum
from django.utils import timezone

from tavana.core.domain import disclosure
from tavana.core.domain.jalali import MONTH_NAMES, from_jalali, to_jalali
from tavana.core.domain.persian_text import to_persian_digits

from ..domain import ledger as L
from ..domain import release as rules
from .models import LedgerEntry, ReleaseCase

SMALL_MAX = 9  # partners see no count under ten (the bound for this programme)
GROUPS = [
    ("open", "در جریان", (rules.IDENTIFIED, rules.VERIFIED, rules.FUNDRAISING, rules.SETTLED)),
    ("released", "آزادشده", (rules.RELEASED, rules.FOLLOWED_UP)),
    ("closed", "بسته‌شده", (rules.CLOSED,)),
]
NO_DISTRICT = "نامشخص"


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """[1 Farvardin of `year`, 1 Farvardin of the next year)."""
    return from_jalali(year, 1, 1), from_jalali(year + 1, 1, 1)


def years_available() -> list[int]:
    """Jalali years from the first case identified to this year, latest first."""
    this = to_jalali(timezone.localdate())[0]
    first = ReleaseCase.objects.order_by("identified_on").values_list("identified_on", flat=True)
    start = to_jalali(first[0])[0] if first else this
    return list(range(this, min(start, this) - 1, -1))


def _publish(matrix: list[list[int]], full: bool) -> disclosure.Published:
    if full:
        return disclosure.unprotected(matrix)
    return disclosure.protect(matrix, small_max=SMALL_MAX)


def _as_table(pub: disclosure.Published, rows: list[str], cols: list[str]) -> dict:
    """A published table: a hidden entry is None (its label says why)."""

    def value(i: int, j: int):
        return None if pub.hidden(i, j) else pub.values[i][j]

    def label(i: int, j: int) -> str:
        v = pub.label(i, j)
        return v if isinstance(v, str) else to_persian_digits(f"{v:,}".replace(",", "٬"))

    r, c = len(rows), len(cols)
    if r == 0:  # nothing counted: every total is a shown zero
        zeros, labels = [0] * c, ["۰"] * c
        return {"rows": [], "cols": cols, "cells": [], "labels": [], "row_totals": [],
                "row_total_labels": [], "col_totals": zeros, "col_total_labels": labels,
                "total": 0, "total_label": "۰", "suppressed": 0}  # fmt: skip
    return {
        "rows": rows,
        "cols": cols,
        "cells": [[value(i, j) for j in range(c)] for i in range(r)],
        "labels": [[label(i, j) for j in range(c)] for i in range(r)],
        "row_totals": [value(i, c) for i in range(r)],
        "row_total_labels": [label(i, c) for i in range(r)],
        "col_totals": [value(r, j) for j in range(c)],
        "col_total_labels": [label(r, j) for j in range(c)],
        "total": value(r, c),
        "total_label": label(r, c),
        "suppressed": pub.suppressed,
    }


def _month_of(d: dt.date | None, year: int) -> int | None:
    if d is None:
        return None
    jy, jm, _ = to_jalali(d)
    return jm - 1 if jy == year else None


def _series(counts: Counter, full: bool) -> dict:
    pub = _publish([[counts.get(m, 0)] for m in range(12)], full)
    return _as_table(pub, list(MONTH_NAMES), ["شمار"])


def by_period(*, year: int, full: bool) -> dict:
    """Per Jalali month of `year`: cases identified and mothers released (each its
    own published series, with its total); for `full`, gifts received in rials."""
    start, end = year_bounds(year)
    identified = Counter(
        _month_of(d, year)
        for d in ReleaseCase.objects.filter(identified_on__gte=start, identified_on__lt=end)
        .values_list("identified_on", flat=True)
    )  # fmt: skip
    released = Counter(
        _month_of(d, year)
        for d in ReleaseCase.objects.filter(released_on__gte=start, released_on__lt=end)
        .values_list("released_on", flat=True)
    )  # fmt: skip
    out = {
        "months": list(MONTH_NAMES),
        "identified": _series(identified, full),
        "released": _series(released, full),
    }
    if full:
        raised = [0] * 12
        gifts = LedgerEntry.objects.filter(kind__in=L.GIFTS, on__gte=start, on__lt=end)
        for on, amount in gifts.values_list("on").annotate(s=Sum("amount")):
            m = _month_of(on, year)
            if m is not None:
                raised[m] += amount
        reversed_ = LedgerEntry.objects.filter(
            kind=L.REVERSAL, corrects__kind__in=L.GIFTS, on__gte=start, on__lt=end
        )
        for on, amount in reversed_.values_list("on", "amount"):
            m = _month_of(on, year)
            if m is not None:
                raised[m] -= amount
        out["raised"] = raised
        out["raised_total"] = sum(raised)
    out["lines"] = [
        {"month": name, "identified": out["identified"]["labels"][m][0],
         "released": out["released"]["labels"][m][0],
         "raised": out["raised"][m] if full else None}
        for m, name in enumerate(MONTH_NAMES)
    ]  # fmt: skip
    return out


def by_district(*, year: int, full: bool) -> dict:
    """Cases identified in `year` by the family's district and where they stand now."""
    start, end = year_bounds(year)
    rows = (
        ReleaseCase.objects.filter(identified_on__gte=start, identified_on__lt=end)
        .values_list("district__number", "status")
    )  # fmt: skip
    group_of = {s: i for i, (_, _, statuses) in enumerate(GROUPS) for s in statuses}
    counts: Counter = Counter((number, group_of[status]) for number, status in rows)
    numbers = sorted({n for n, _ in counts if n is not None})
    keys: list[int | None] = [*numbers, *([None] if any(n is None for n, _ in counts) else [])]
    matrix = [[counts.get((n, g), 0) for g in range(len(GROUPS))] for n in keys]
    names = [f"منطقهٔ {to_persian_digits(n)}" if n is not None else NO_DISTRICT for n in keys]
    table = _as_table(_publish(matrix, full), names, [label for _, label, _ in GROUPS])
    table["districts"] = keys
    table["lines"] = [
        {"name": name, "labels": table["labels"][i], "total": table["row_total_labels"][i]}
        for i, name in enumerate(names)
    ]
    return table


def period_figures(*, year: int | None, full: bool) -> dict:
    years = years_available()
    year = year if year in years else years[0]
    return {
        "year": year,
        "years": years,
        "period": by_period(year=year, full=full),
        "districts": by_district(year=year, full=full),
        "small_label": disclosure.small_label(SMALL_MAX),
    }


def figures_xlsx(*, actor, year: int | None, full: bool, out) -> int:
    """The year's figures as an Excel workbook (counts and codes only; for partners
    the same suppression as on screen); the export is in the audit log. Returns
    the year written."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from tavana.audit.services import audit_access

    by = period_figures(year=year, full=full)
    wb = Workbook()
    bold = Font(bold=True)
    ws = wb.active
    ws.title = "به تفکیک ماه"
    ws.sheet_view.rightToLeft = True
    p = by["period"]
    head = ["ماه", "پرونده‌های شناسایی‌شده", "مادران آزادشده"] + (["کمک‌ها (ریال)"] if full else [])
    ws.append(head)
    for m, name in enumerate(p["months"]):
        row = [name, _cell(p["identified"], m, 0), _cell(p["released"], m, 0)]
        ws.append(row + ([p["raised"][m]] if full else []))
    total = ["جمع", _total(p["identified"]), _total(p["released"])]
    ws.append(total + ([p["raised_total"]] if full else []))
    ds = wb.create_sheet("به تفکیک منطقه")
    ds.sheet_view.rightToLeft = True
    d = by["districts"]
    ds.append(["منطقه", *d["cols"], "جمع"])
    for i, name in enumerate(d["rows"]):
        cells = [_cell(d, i, j) for j in range(len(d["cols"]))]
        ds.append([name, *cells, _value_or_label(d["row_totals"][i], d["row_total_labels"][i])])
    ds.append(["جمع", *[_value_or_label(v, lb) for v, lb in
                        zip(d["col_totals"], d["col_total_labels"], strict=True)], _total(d)])  # fmt: skip
    for sheet in (ws, ds):
        for c in sheet[1]:
            c.font = bold
    wb.save(out)
    audit_access(actor=actor, action="release.export",
                 after={"year": by["year"], "full": full, "suppressed": d["suppressed"]})  # fmt: skip
    return by["year"]


def _value_or_label(value, label: str):
    return value if value is not None else label


def _cell(table: dict, i: int, j: int):
    return _value_or_label(table["cells"][i][j], table["labels"][i][j])


def _total(table: dict):
    return _value_or_label(table["total"], table["total_label"])
