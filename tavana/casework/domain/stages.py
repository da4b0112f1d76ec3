"""Enrolment stages and referral statuses: states as data, moves checked here."""

from __future__ import annotations

import datetime as dt

# ------------------------------------------------------------------ enrolment

REFERRED = "referred"
ENROLLED = "enrolled"
ACTIVE = "active"
COMPLETED = "completed"
WITHDRAWN = "withdrawn"

STAGES = (
    (REFERRED, "معرفی‌شده"),
    (ENROLLED, "ثبت‌نام‌شده"),
    (ACTIVE, "فعال"),
    (COMPLETED, "پایان‌یافته"),
    (WITHDRAWN, "انصراف"),
)
STAGE_LABELS = dict(STAGES)

# Nobody is closed out for good: completed or withdrawn can be referred again.
STAGE_MOVES = {
    REFERRED: {ENROLLED, WITHDRAWN},
    ENROLLED: {ACTIVE, WITHDRAWN},
    ACTIVE: {COMPLETED, WITHDRAWN},
    COMPLETED: {REFERRED},
    WITHDRAWN: {REFERRED},
}


def check_stage_move(current: str | None, target: str, reason: str = "") -> dict[str, str]:
    if target not in STAGE_LABELS:
        return {"stage": "مرحلهٔ انتخاب‌شده تعریف نشده است."}
    if current is None:
        if target not in (REFERRED, ENROLLED):
            return {"stage": "ورود به برنامه با «معرفی‌شده» یا «ثبت‌نام‌شده» آغاز می‌شود."}
        return {}
    if target not in STAGE_MOVES[current]:
        allowed = "، ".join(STAGE_LABELS[s] for s in sorted(STAGE_MOVES[current]))
        return {"stage": f"از «{STAGE_LABELS[current]}» فقط به این مرحله‌ها می‌توان رفت: {allowed}."}
    if target == WITHDRAWN and not (reason or "").strip():
        return {"reason": "برای انصراف، دلیل را بنویسید."}
    return {}


# ------------------------------------------------------------------ referrals

REFER = "refer"
TRANSFER = "transfer"
KINDS = ((REFER, "ارجاع (پرونده نزد مددکار می‌ماند)"), (TRANSFER, "انتقال پرونده به مددکار دیگر"))

SENT = "sent"
ACCEPTED = "accepted"
DECLINED = "declined"
ANSWERED = "answered"
STATUSES = (
    (SENT, "فرستاده‌شده"),
    (ACCEPTED, "پذیرفته‌شده"),
    (DECLINED, "ردشده"),
    (ANSWERED, "پاسخ‌داده‌شده"),
)
STATUS_LABELS = dict(STATUSES)

REFERRAL_MOVES = {
    REFER: {SENT: {ACCEPTED, DECLINED, ANSWERED}, ACCEPTED: {ANSWERED}},
    TRANSFER: {SENT: {ACCEPTED, DECLINED}},
}


def awaiting(kind: str, status: str) -> bool:
    """Does the referral still wait for an answer (so it stays on the worker's list)?
    A referral waits until it is answered or declined; a transfer until the
    receiving worker accepts or declines it."""
    return status in REFERRAL_MOVES.get(kind, {})


def check_referral_move(kind: str, current: str, target: str, answer: str = "") -> dict[str, str]:
    allowed = REFERRAL_MOVES.get(kind, {}).get(current, set())
    if target not in allowed:
        return {
            "status": f"این ارجاع در وضعیت «{STATUS_LABELS.get(current, current)}» است و این پاسخ ممکن نیست."
        }
    if target in (DECLINED, ANSWERED) and not (answer or "").strip():
        return {"answer": "متن پاسخ یا دلیل رد را بنویسید."}
    return {}


# ------------------------------------------------------------------ follow-ups


def days_overdue(due: dt.date, today: dt.date) -> int:
    return max(0, (today - due).days)


def add_months(d: dt.date, months: int) -> dt.date:
    """The same day `months` later (clamped to the month's end), Gregorian."""
    m = d.month - 1 + months
    y, m = d.year + m // 12, m % 12 + 1
    last = [31, 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28, 31, 30, 31, 30,
            31, 31, 30, 31, 30, 31][m - 1]  # fmt: skip
    return dt.date(y, m, min(d.day, last))
