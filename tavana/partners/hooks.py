"""What the partners context plugs into lower ones, from apps.ready: its reminder
source and daily job, and the Persian names of its audit actions."""

from __future__ import annotations

ACTIONS = {
    "partners.organisation_save": "ثبت یا ویرایش سازمان همکار",
    "partners.contact_add": "افزودن رابط سازمان همکار",
    "partners.agreement_create": "ثبت تفاهم‌نامه",
    "partners.agreement_sign": "ثبت امضای تفاهم‌نامه",
    "partners.obligation_add": "افزودن تعهد تفاهم‌نامه",
    "partners.obligation_done": "ثبت انجام تعهد",
    "partners.document_add": "بارگذاری سند تفاهم‌نامه",
    "partners.project_create": "افزودن پروژهٔ مشترک",
    "partners.project_status": "تغییر وضعیت پروژهٔ مشترک",
    "partners.milestone_add": "افزودن گام پروژه",
    "partners.milestone_done": "ثبت انجام گام پروژه",
    "partners.indicator_add": "افزودن شاخص پروژه",
    "partners.measurement_add": "ثبت مقدار شاخص پروژه",
    "partners.portfolio_save": "تعیین وزن‌ها و سقف‌های سبد پروژه‌ها",
    "partners.portfolio_propose": "پیشنهاد سبد پروژه‌ها با حل‌کننده",
    "partners.portfolio_decide": "تصمیم مدیر دربارهٔ سبد پروژه‌ها",
}


def connect() -> None:
    from tavana.audit.labels import register_actions

    from . import reminders  # noqa: F401  (registers the agreements' reminder and daily job)

    register_actions(ACTIONS)
