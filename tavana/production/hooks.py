"""What the production context plugs into lower ones, from apps.ready."""

from __future__ import annotations

ACTIONS = {
    "production.client_save": "ثبت یا ویرایش سفارش‌دهندهٔ تولید",
    "production.order_create": "ثبت سفارش تولید",
    "production.order_status": "تغییر وضعیت سفارش تولید",
    "production.unit_save": "ثبت یا ویرایش کارگاه تولیدی",
    "production.worker_save": "ثبت یا ویرایش تولیدکننده (کارگاه یا خانه)",
    "production.product_save": "ثبت یا ویرایش کالای تولیدی",
    "production.rate_add": "ثبت نرخ دستمزد قطعه‌ای از یک تاریخ",
    "production.plan_make": "ساخت برنامهٔ تولید با حل‌کننده",
    "production.assignment_adjust": "تغییر دستی بستهٔ کار در برنامهٔ تولید",
    "production.worklog_add": "ثبت کارکرد هفتگی تولید",
    "production.quality_check": "ثبت کنترل کیفیت",
    "production.material_move": "ثبت تحویل یا برگشت مواد اولیه",
    "production.delivery_record": "ثبت تحویل سفارش با رسید",
    "production.payroll_close": "بستن حقوق ماه تولید",
    "production.payroll_approve": "تأیید حقوق ماه تولید (نفر دوم)",
    "production.bank_file": "دریافت فایل واریز بانکی دستمزد",
    "production.statement_print": "چاپ صورت دستمزد",
}


def connect() -> None:
    from tavana.audit.labels import register_actions

    from . import reminders  # noqa: F401  (registers the payroll and due-date reminders)

    register_actions(ACTIONS)
