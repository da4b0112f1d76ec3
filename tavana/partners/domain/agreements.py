"""Agreements' terms and statuses (pure Python, no Django).

An agreement (تفاهم‌نامه / توافق‌نامه) runs one solar year by default: from its
start to the day before the same Jalali date a year later. Its status is data:

    draft ──sign──▶ signed ──(start date)──▶ active ──(60 days left)──▶ expiring
                                                                          │
    renewed ◀──renew── signed | active | expiring | expired ◀─(end date)──┘

Signing and renewing are people's acts (a renewal is a new agreement that
names the one it renews); the three moves in brackets follow the calendar
and are made by the daily run (`moves_due`).
"""

from __future__ import annotations

import datetime as dt

from tavana.core.domain.jalali import from_jalali, month_length, to_jalali

DRAFT = "draft"
SIGNED = "signed"
ACTIVE = "active"
EXPIRING = "expiring"
EXPIRED = "expired"
RENEWED = "renewed"

STATUSES = [
    (DRAFT, "پیش‌نویس"),
    (SIGNED, "امضاشده"),
    (ACTIVE, "در جریان"),
    (EXPIRING, "رو به پایان"),
    (EXPIRED, "پایان‌یافته"),
    (RENEWED, "تمدیدشده"),
]
LABELS = dict(STATUSES)

#: days before the end when an agreement is "expiring" and the first reminder goes out
EXPIRING_DAYS = 60
#: the reminders before the end, in days
REMINDER_DAYS = (60, 30)

#: what people may do, by status
MANUAL_MOVES: dict[str, set[str]] = {
    DRAFT: {SIGNED},
    SIGNED: {RENEWED},
    ACTIVE: {RENEWED},
    EXPIRING: {RENEWED},
    EXPIRED: {RENEWED},
    RENEWED: set(),
}


def default_end(start: dt.date, years: int = 1) -> dt.date:
    """The last day of a term of `years` solar years starting on `start`."""
    jy, jm, jd = to_jalali(start)
    ty = jy + years
    day = min(jd, month_length(ty, jm))  # 30 Esfand in a leap year → 29 Esfand
    return from_jalali(ty, jm, day) - dt.timedelta(days=1)


def term_errors(start: dt.date | None, end: dt.date | None, signed_on: dt.date | None) -> dict:
    errors: dict[str, str] = {}
    if start is None:
        errors["starts_on"] = "تاریخ آغاز را وارد کنید."
    if start and end and end <= start:
        errors["ends_on"] = "تاریخ پایان باید پس از تاریخ آغاز باشد."
    if start and end and (end - start).days > 5 * 366:
        errors["ends_on"] = "مدت تفاهم‌نامه بیش از پنج سال نمی‌شود."
    if signed_on and end and signed_on > end:
        errors["signed_on"] = "تاریخ امضا نمی‌تواند پس از پایان تفاهم‌نامه باشد."
    return errors


def calendar_status(status: str, starts_on: dt.date, ends_on: dt.date, today: dt.date) -> str:
    """Where the calendar puts a signed agreement today (draft and renewed stay put)."""
    if status in (DRAFT, RENEWED):
        return status
    if today > ends_on:
        return EXPIRED
    if today < starts_on:
        return SIGNED
    if (ends_on - today).days < EXPIRING_DAYS:
        return EXPIRING
    return ACTIVE


def moves_due(status: str, starts_on: dt.date, ends_on: dt.date, today: dt.date) -> list[str]:
    """The calendar's moves from `status` to today's status, in order (never backwards)."""
    order = [SIGNED, ACTIVE, EXPIRING, EXPIRED]
    if status not in order:
        return []
    target = calendar_status(status, starts_on, ends_on, today)
    i, j = order.index(status), order.index(target)
    return order[i + 1 : j + 1] if j > i else []


def reminder_stage(ends_on: dt.date, today: dt.date) -> int | None:
    """Which reminder is due today: 60 (60 to 31 days left), 30 (30 to 0), or None."""
    left = (ends_on - today).days
    if left < 0 or left > REMINDER_DAYS[0]:
        return None
    return REMINDER_DAYS[1] if left <= REMINDER_DAYS[1] else REMINDER_DAYS[0]
