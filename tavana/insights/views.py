"""The figures screen for managers and partners, and its xlsx export."""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.shortcuts import render

from tavana.accounts.access import require
from tavana.accounts.models import OrgUnit
from tavana.accounts.services import unit_subtree_ids
from tavana.audit.services import audit_access
from tavana.core.domain import jalali
from tavana.core.domain.disclosure import HIDDEN_LABEL, SMALL_LABEL
from tavana.core.domain.numbers import format_number
from tavana.core.domain.persian_text import to_ascii_digits, to_persian_digits
from tavana.core.models import District
from tavana.core.replica import reads_from_replica
from tavana.partners.selectors import overlap_rows

from . import published, selectors, snapshot
from .present import headline, must_protect, show

VIEW = "insights.view"


def _int(value, lo: int, hi: int) -> int | None:
    try:
        n = int(to_ascii_digits(value or ""))
    except ValueError:
        return None
    return n if lo <= n <= hi else None


def _filters(request) -> tuple[selectors.Filters, dict]:
    today = jalali.jalali_today()
    year = _int(request.GET.get("year"), 1390, 1500) or today.year
    season = _int(request.GET.get("season"), 1, 4)
    month = _int(request.GET.get("month"), 1, 12)
    district = None
    district_id = _int(request.GET.get("district"), 1, 10**9)
    if district_id:
        district = District.objects.filter(pk=district_id).first()
    if month:
        start, end = jalali.month_range(year, month)
        label = f"{jalali.MONTH_NAMES[month - 1]} {year}"
        season = None
    elif season:
        start, end = jalali.season_range(year, season)
        label = f"{jalali.SEASON_NAMES[season - 1]} {year}"
    else:
        start, end = jalali.year_range(year)
        label = f"سال {year}"
    unit = None
    unit_id = _int(request.GET.get("unit"), 1, 10**9)
    if unit_id:
        unit = OrgUnit.objects.filter(pk=unit_id).first()
    f = selectors.Filters(
        start,
        end,
        district,
        to_persian_digits(label),
        unit_ids=tuple(unit_subtree_ids(unit)) if unit else (),
        unit_label=unit.name if unit else "",
    )
    chosen = {
        "year": year,
        "season": season or "",
        "month": month or "",
        "district": district.pk if district else "",
        "unit": unit.pk if unit else "",
    }
    return f, chosen


def _figures(request, *, export: bool):
    f, chosen = _filters(request)
    protect = must_protect(request.user, export=export)
    if protect:
        # One publisher for every protected output (published.py): the whole
        # city and Center, protected with every overlapping period.
        narrowed = bool(f.district or f.unit_ids)
        f = selectors.Filters(f.start, f.end, period_label=f.period_label)
        heads, shown = published.figures(f)
        as_of = _as_of(snapshot.figures(f)) if snapshot.fresh_seconds() > 0 else ""
        return f, chosen | {"narrowed": narrowed}, protect, heads, shown, as_of
    snap = snapshot.figures(f)
    heads = [(label, headline(n, protect=protect)) for label, n in snap.heads]
    shown = [show(t, protect=protect) for t in snap.tables]
    return f, chosen, protect, heads, shown, _as_of(snap)


def _overlaps(request, f: selectors.Filters, protect: bool):
    """The newest overlap count with each other body in the period (kept already
    suppressed: counts only); with a district chosen, only that district's cell —
    unless the page is protected, which shows the whole city (finding 6)."""
    rows = overlap_rows(
        actor=request.user, start=f.start_at, end=f.end_at, latest_per_organisation=True
    )
    if f.district and not protect:
        for r in rows:
            r.districts = [(d, v) for d, v in r.districts if d == f.district.name]
    return rows


def _as_of(snap: snapshot.Snapshot) -> str:
    """How fresh the figures are, in Persian ('' when they are computed live)."""
    fresh = snapshot.fresh_seconds()
    if fresh <= 0:
        return ""
    at = jalali.format_jalali_datetime(snap.computed_at)
    every = to_persian_digits(str(max(1, fresh // 60)))
    return f"ارقام این صفحه در {at} محاسبه شده‌اند و هر {every} دقیقه تازه می‌شوند."


@require(VIEW)
@reads_from_replica
def dashboard(request):
    f, chosen, protect, heads, shown, as_of = _figures(request, export=False)
    this_year = jalali.jalali_today().year
    charts = [s.chart for s in shown if s.table.chart and s.table.rows]
    return render(
        request,
        "insights/dashboard.html",
        {
            "f": f,
            "chosen": chosen,
            "protect": protect,
            "heads": heads,
            "tables": shown,
            "charts": charts,
            "years": range(this_year, 1399, -1),
            "seasons": list(enumerate(jalali.SEASON_NAMES, 1)),
            "months": list(enumerate(jalali.MONTH_NAMES, 1)),
            "districts": District.objects.order_by("number"),
            "units": OrgUnit.objects.filter(active=True),
            "query": request.GET.urlencode(),
            "small_label": SMALL_LABEL,
            "hidden_label": HIDDEN_LABEL,
            "as_of": as_of,
            "overlaps": _overlaps(request, f, protect),
        },
    )


@require(VIEW)
@reads_from_replica
def export(request):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    f, chosen, protect, heads, shown, as_of = _figures(request, export=True)
    audit_access(
        actor=request.user,
        action="insights.export",
        after={k: v for k, v in chosen.items() if v != ""} | {"protected": protect},
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "خلاصه"
    ws.sheet_view.rightToLeft = True
    bold = Font(bold=True)
    district = f.district.name if f.district else "همهٔ منطقه‌ها"
    ws.append(["آمار و شاخص‌های مرکز"])
    ws["A1"].font = bold
    ws.append(["دوره", f.period_label])
    ws.append(["منطقه", district])
    ws.append(["واحد سازمانی", f.unit_label or "همهٔ مرکز"])
    if as_of:
        ws.append(["تازگی ارقام", as_of])
    ws.append(
        [
            f"«{SMALL_LABEL}»: شمار ۱ تا ۴؛ «{HIDDEN_LABEL}»: پنهان تا خانه‌های کوچک از جمع‌ها به دست نیاید."
        ]
    )
    ws.append([])
    for label, value in heads:
        ws.append([label, value])
    for n, s in enumerate(shown, 1):
        sheet = wb.create_sheet(title=f"جدول {format_number(n)}")
        sheet.sheet_view.rightToLeft = True
        sheet.append([s.table.title])
        sheet["A1"].font = bold
        sheet.append([f"{f.period_label} — {district}"])
        header = [s.table.row_title, *s.table.cols, "جمع"]
        if s.amounts is not None:
            header.append(s.table.amount_title)
        sheet.append(header)
        for cell in sheet[3]:
            cell.font = bold
        for label, cells, total, amount in s.body:
            sheet.append([label, *cells, total] + ([amount] if s.amounts is not None else []))
        cols, total, amount = s.foot
        sheet.append(["جمع", *cols, total] + ([amount] if s.amounts is not None else []))
        if s.table.note:
            sheet.append([s.table.note])
    overlaps = _overlaps(request, f, protect)
    if overlaps:
        sheet = wb.create_sheet(title="هم‌پوشانی")
        sheet.sheet_view.rightToLeft = True
        sheet.append(["هم‌پوشانی با نهادهای دیگر: آخرین شمارش هر نهاد در این دوره (فقط شمار)"])
        sheet["A1"].font = bold
        sheet.append(
            ["نهاد", "زمان شمارش", "ردیف‌های فهرست", "در سامانهٔ مرکز هم هستند", "گروه", "شمار"]
        )
        for cell in sheet[2]:
            cell.font = bold
        for o in overlaps:
            when = jalali.format_jalali_datetime(o.run.run_at)
            head = [o.organisation, when, o.run.partner_rows, o.matched]
            sheet.append([*head, "", ""])
            for g, v in o.groups:
                sheet.append(["", "", "", "", g, v])
            for d, v in o.districts:
                sheet.append(["", "", "", "", d, v])
    buf = io.BytesIO()
    wb.save(buf)
    response = HttpResponse(
        buf.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="tavana-insights.xlsx"'
    return response
