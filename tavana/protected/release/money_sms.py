"""The release campaign's SMS to donors: a thank-you with the receipt number and a
pledge confirmation, each with the link to the donor's own page. Neither says
anything about any woman."""

from __future__ import annotations

from .public_views import PLEDGE_SMS, PLEDGE_SMS_TEXT
from .services.money import THANKS, THANKS_SMS

SAMPLE_LINK = "/mothers/d/…/"


def register_all(register, spec) -> None:
    register(spec(THANKS, "سپاس از نیکوکار پس از دریافت کمک (با شمارهٔ رسید)", THANKS_SMS,
                  {"مبلغ": "مبلغ کمک", "رسید": "شمارهٔ رسید", "پیوند": "پیوند صفحهٔ نیکوکار"},
                  sample={"مبلغ": "۵۰٬۰۰۰٬۰۰۰", "رسید": "۱۴۰۵-۰۰۰۰۱۲", "پیوند": SAMPLE_LINK}))  # fmt: skip
    register(spec(PLEDGE_SMS, "تأیید تعهد کمک نیکوکار", PLEDGE_SMS_TEXT,
                  {"مبلغ": "مبلغ تعهد", "پیوند": "پیوند صفحهٔ نیکوکار"},
                  sample={"مبلغ": "۱۰٬۰۰۰٬۰۰۰", "پیوند": SAMPLE_LINK}))  # fmt: skip
