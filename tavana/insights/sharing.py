"""Figures for partners under a data-sharing agreement (plugged into
`tavana.partners.sharing` from apps.ready): the indicator tables with the same
small-cell and secondary suppression across every overlapping period as every
protected output (`published`),
record-level research extracts made k-anonymous (`partners.domain.kanon`),
the partner API's tables, and the scheduled extracts (a daily job)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

from django.db.models import Count, Q
from openpyxl import Workbook
from openpyxl.styles import Font

from tavana.core.domain.disclosure import HIDDEN_LABEL, SMALL_LABEL, Published
from tavana.core.domain.jalali import format_jalali
from tavana.core.domain.numbers import format_number
from tavana.core.errors import ServiceError
from tavana.notifications.registry import daily_job
from tavana.partners import sharing as plug
from tavana.partners.domain import kanon
from tavana.partners.domain.sharing import period_before
from tavana.partners.models import DataSharing, Extract
from tavana.people.consents import consent_holder_ids
from tavana.people.domain.consent import RESEARCH
from tavana.people.models import Person

from . import published, selectors
from .present import Shown

CATALOGUE = {
    "women": ("زنان ثبت‌نام‌شده به تفکیک منطقه", selectors.women_by_district),
    "services": ("خدمات ارائه‌شده به تفکیک نوع", selectors.services),
    "courses": ("حضور در دوره‌های آموزشی", selectors.courses),
    "businesses": ("کسب‌وکارها به تفکیک رسته و مرحله", selectors.businesses),
    "booths": ("غرفه‌های بازارچه‌ها", selectors.booths_by_venue),
    "sales": ("فروش غرفه‌ها به تفکیک رسته", selectors.sales_by_category),
    "signups": ("ثبت‌نام‌های پویش «کار تو خونمونه»", selectors.signups),
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters(sharing: DataSharing, start: dt.date, end: dt.date) -> selectors.Filters:
    shown_from = max(start, sharing.data_from)
    label = f"{format_jalali(shown_from)} تا {format_jalali(end - dt.timedelta(days=1))}"
    return selectors.Filters(start=start, end=end, period_label=label)


def _city_row(s: Shown) -> Shown:
    """The women's table without districts: its totals row, as the family
    protected it (one pattern for partners with and without districts)."""
    pub = s.pub
    values = [pub.values[pub.rows], pub.values[pub.rows]]
    state = [pub.state[pub.rows], pub.state[pub.rows]]
    table = dataclasses.replace(s.table, rows=["همهٔ منطقه‌ها"], matrix=[values[0][: pub.cols]])
    return Shown(table, Published(values, state, 1, pub.cols), None)


def _table(sharing: DataSharing, code: str, f: selectors.Filters) -> Shown:
    """One indicator for a whole Jalali month, season or year, protected with
    every overlapping period (`published`): the same publisher as every other
    protected output."""
    (s,) = published.protected_tables(
        f, lambda fp: [CATALOGUE[code][1](fp)], floor=sharing.data_from
    )
    if code == "women" and not sharing.by_district and s.table.rows:
        s = _city_row(s)
    return s


def _cell(value):
    return value if isinstance(value, int) else None


def indicator_json(sharing: DataSharing, code: str, start: dt.date, end: dt.date) -> dict:
    """One indicator as the partner API gives it: hidden cells are null."""
    s = _table(sharing, code, _filters(sharing, start, end))
    cols, total, _ = s.foot
    return {
        "indicator": code,
        "title": s.table.title,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "row_title": s.table.row_title,
        "rows": s.table.rows,
        "cols": s.table.cols,
        "cells": [[_cell(c) for c in cells] for _, cells, _, _ in s.body],
        "row_totals": [_cell(t) for _, _, t, _ in s.body],
        "col_totals": [_cell(c) for c in cols],
        "total": _cell(total),
        "suppressed": s.pub.suppressed,
    }


def _save(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def make_tables(sharing: DataSharing, start: dt.date, end: dt.date) -> tuple[str, bytes, dict]:
    if published.period_of(start, end) is None:
        raise ServiceError({"start": published.PeriodNotPublished.message}, code="period")
    f = _filters(sharing, start, end)
    wb = Workbook()
    ws = wb.active
    ws.title = "خلاصه"
    ws.sheet_view.rightToLeft = True
    ws.append([sharing.title])
    ws["A1"].font = Font(bold=True)
    ws.append(["دوره", f.period_label])
    ws.append([f"«{SMALL_LABEL}»: شمار ۱ تا ۴؛ «{HIDDEN_LABEL}»: پنهان تا از جمع‌ها به دست نیاید."])
    hidden = 0
    for n, code in enumerate(sharing.indicators, 1):
        s = _table(sharing, code, f)
        hidden += s.pub.suppressed
        sheet = wb.create_sheet(title=f"جدول {format_number(n)}")
        sheet.sheet_view.rightToLeft = True
        sheet.append([s.table.title])
        sheet.append([s.table.row_title, *s.table.cols, "جمع"])
        for label, cells, total, _ in s.body:
            sheet.append([label, *cells, total])
        cols, total, _ = s.foot
        sheet.append(["جمع", *cols, total])
    name = f"tavana-{sharing.pk}-{start.isoformat()}.xlsx"
    return name, _save(wb), {"suppressed": hidden, "indicators": list(sharing.indicators)}


def _age(born: dt.date | None, on: dt.date) -> int | None:
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def research_candidates():
    """Every registered woman a research extract could hold: never anyone a
    protected programme names."""
    qs = Person.objects.filter(sex=Person.FEMALE, merged_into__isnull=True)
    for never in plug.NEVER_SHARED:
        qs = qs.exclude(pk__in=never())
    return qs


def research_rows(sharing: DataSharing, start: dt.date, end: dt.date) -> list[dict]:
    """One row per registered woman who agreed to anonymous research use (her
    consent in force, `people.consents`): quasi-identifiers (age, district) and
    what she took part in during the period; never anyone a protected programme
    names."""
    qs = research_candidates()
    qs = qs.filter(pk__in=consent_holder_ids(purpose=RESEARCH))
    qs = qs.annotate(
        services=Count(
            "deliveries",
            filter=Q(deliveries__delivered_on__gte=start, deliveries__delivered_on__lt=end),
            distinct=True,
        )
    )
    last = end - dt.timedelta(days=1)
    return [
        {"age": _age(born, last), "district": number, "services": services}
        for born, number, services in qs.values_list("birth_date", "district__number", "services")
    ]


def make_records(sharing: DataSharing, start: dt.date, end: dt.date) -> tuple[str, bytes, dict]:
    rows = research_rows(sharing, start, end)
    out = kanon.anonymise(rows, [kanon.AGE, kanon.DISTRICT], k=sharing.k)
    wb = Workbook()
    ws = wb.active
    ws.title = "رکوردها"
    ws.sheet_view.rightToLeft = True
    ws.append(["گروه سنی", "منطقه", "شمار خدمات در دوره"])
    for r in out.rows:
        ws.append([r["age"], r["district"], r["services"]])
    info = wb.create_sheet("افت اطلاعات")
    info.sheet_view.rightToLeft = True
    without = research_candidates().exclude(pk__in=consent_holder_ids(purpose=RESEARCH)).count()
    summary = {
        "k": out.k,
        "records": len(out.rows),
        "without_consent": without,
        "suppressed": out.suppressed,
        "precision_loss": out.precision_loss,
        "discernibility": out.discernibility,
        "levels": out.levels,
        "classes": out.classes,
    }
    for label, value in (
        ("k", out.k),
        ("رکوردهای منتشرشده", len(out.rows)),
        ("رکوردهای کنارگذاشته", out.suppressed),
        ("زنانی که رضایت پژوهشی ندارند (بیرون از برداشت)", without),
        ("افت دقت (۰ تا ۱)", out.precision_loss),
        ("تمایزپذیری (۰ تا ۱)", out.discernibility),
        ("سطح تعمیم سن (۰ تا ۴)", out.levels["age"]),
        ("سطح تعمیم منطقه (۰ تا ۲)", out.levels["district"]),
    ):
        info.append([label, value])
    name = f"tavana-research-{sharing.pk}-{start.isoformat()}.xlsx"
    return name, _save(wb), summary


def register() -> None:
    plug.INDICATORS.update({code: title for code, (title, _) in CATALOGUE.items()})
    plug.EXTRACT_MAKERS.update({Extract.TABLES: make_tables, Extract.RECORDS: make_records})
    plug.INDICATOR_READERS[:] = [indicator_json]


@daily_job("insights.partner_extracts")
def partner_extracts(today: dt.date) -> int:
    """Each data-sharing agreement due today gets its extract of the last period."""
    from tavana.partners.services import extract_make, sharing_schedule_next

    made = 0
    due = DataSharing.objects.filter(next_extract_on__lte=today, valid_until__gte=today)
    for sharing in due.select_related("analyst", "created_by"):
        start, end = period_before(today, sharing.frequency)
        extract_make(actor=None, sharing=sharing, kind=Extract.TABLES, start=start, end=end)
        sharing_schedule_next(sharing=sharing, today=today)
        made += 1
    return made
