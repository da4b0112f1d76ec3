"""A woman's consents: the purposes, the wording she is read, and what each
use of her record needs (pure Python, no Django).

The wording of each purpose is versioned: a consent row keeps the version she
agreed to, and a version once used is never edited — a new wording is a new
version (append it to WORDING; CURRENT picks the highest).
"""

from __future__ import annotations

SERVICES = "services"
SMS = "sms"
PARTNER_REFERRAL = "partner_referral"
RESEARCH = "research"

PURPOSES: list[tuple[str, str]] = [
    (SERVICES, "دریافت خدمات مرکز"),
    (SMS, "دریافت پیامک اطلاع‌رسانی"),
    (PARTNER_REFERRAL, "معرفی به سازمان‌های همکار"),
    (RESEARCH, "استفادهٔ بی‌نام در گزارش‌ها و پژوهش"),
]
LABELS = dict(PURPOSES)

# purpose → {version: the words read to her}
WORDING: dict[str, dict[int, str]] = {
    SERVICES: {
        1: "می‌پذیرم که مرکز مشخصات من و خانوارم را برای ارائهٔ خدمات نگه دارد و به کار ببرد.",
    },
    SMS: {
        1: "می‌پذیرم که مرکز دربارهٔ دوره‌ها، بازارچه‌ها و خدمات به تلفن همراهم پیامک بفرستد.",
    },
    PARTNER_REFERRAL: {
        1: (
            "می‌پذیرم که مرکز برای خدمتی که می‌خواهم، نام و راه تماس مرا به سازمان همکار "
            "(مانند جهاد دانشگاهی، کمیتهٔ امداد یا بهزیستی) معرفی کند."
        ),
    },
    RESEARCH: {
        1: (
            "می‌پذیرم که اطلاعات من بی‌نام و بی‌نشان در گزارش‌ها و پژوهش‌ها "
            "(از جمله برداشت‌های سطح رکورد برای پژوهشگران همکار) به کار رود."
        ),
    },
}
CURRENT: dict[str, int] = {p: max(v) for p, v in WORDING.items()}

# What a use of her record needs, and the refusal when she has not agreed.
REFUSALS: dict[str, str] = {
    SERVICES: "او رضایت به دریافت خدمات مرکز نداده یا آن را پس گرفته است.",
    SMS: "او رضایت به دریافت پیامک نداده یا آن را پس گرفته است؛ پیامکی برایش فرستاده نمی‌شود.",
    PARTNER_REFERRAL: (
        "او رضایت به معرفی به سازمان‌های همکار نداده یا آن را پس گرفته است؛ "
        "پیش از ارجاع، رضایتش را بپرسید و در پرونده‌اش ثبت کنید."
    ),
    RESEARCH: "او رضایت به استفادهٔ پژوهشی از اطلاعاتش نداده یا آن را پس گرفته است.",
}


def wording(purpose: str, version: int | None = None) -> str:
    """The words of `purpose` at `version` (the current one if None); '' if unknown."""
    versions = WORDING.get(purpose, {})
    return versions.get(version if version is not None else CURRENT.get(purpose, 0), "")


def is_purpose(purpose: str) -> bool:
    return purpose in LABELS
