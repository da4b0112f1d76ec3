"""What the youth context plugs into lower ones, from apps.ready: the person
page's section (a woman's children and their schools), its reminder source,
the administrator's hub link and the Persian names of its audit actions."""

from __future__ import annotations

from tavana.accounts.access import user_can

ACTIONS = {
    "youth.school_save": "ثبت یا ویرایش مدرسه",
    "youth.school_year": "ثبت مدرسه و پایهٔ سال تحصیلی فرزند",
    "youth.school_transfer": "ثبت انتقال فرزند به مدرسهٔ دیگر",
    "youth.term_result": "ثبت کارنامهٔ نوبت فرزند",
    "youth.flag_raise": "هشدار افت تحصیلی",
    "youth.flag_resolve": "رفع هشدار افت تحصیلی",
    "youth.intervention": "ثبت اقدام برای هشدار افت تحصیلی",
    "youth.intervention_outcome": "ثبت نتیجهٔ اقدام در نوبت بعد",
    "youth.indicator_update": "تغییر آستانهٔ شاخص هشدار تحصیلی",
    "youth.read_record": "دیدن کارنامه و هشدارهای تحصیلی فرزند",
    "youth.read_flags": "دیدن هشدارهای افت تحصیلی در فهرست",
    "youth.import": "ورود کارنامه‌ها از فایل مدرسه",
    "youth.application_create": "ثبت درخواست آزمون مدارس نمونه یا تیزهوشان",
    "youth.application_result": "ثبت نتیجهٔ آزمون مدارس نمونه یا تیزهوشان",
    "youth.grant_propose": "پیشنهاد حمایت مالی تحصیلی",
    "youth.grant_decide": "تأیید یا رد حمایت مالی تحصیلی (نفر دوم)",
    "youth.payment_file": "ساخت فایل پرداخت حمایت‌های تحصیلی",
    "youth.teen_programme": "تعریف برنامهٔ به وقت نوجوانی",
    "youth.consent": "ثبت رضایت مادر برای برنامهٔ نوجوانان",
    "youth.team": "ثبت گروه و پروژهٔ نوجوانان",
    "youth.followup": "ثبت انتخاب نوجوان پس از برنامه",
    "youth.talent_round": "تعریف دور استعدادیابی",
    "youth.talent_result": "ثبت نتیجهٔ استعدادیابی",
    "youth.talent_refer": "ارجاع کودک مستعد به مرکز همکار",
    "youth.budget_line": "ثبت ردیف بودجهٔ حمایت تحصیلی",
    "youth.budget_line_update": "ویرایش ردیف بودجهٔ حمایت تحصیلی",
    "youth.read_talent": "دیدن نتیجه‌های استعدادیابی",
    "youth.read_grants": "دیدن پیشنهادهای حمایت تحصیلی در انتظار تصمیم",
    "youth.read_applications": "دیدن درخواست‌های مدارس نمونه و تیزهوشان فرزندان",
    "youth.read_teens": "دیدن ثبت‌نام، رضایت مادر و پیگیری نوجوانان",
    "youth.read_school": "دیدن مدرسه و پایهٔ فرزندان در پروندهٔ مادر",
    "youth.demo_load": "بارگذاری دادهٔ نمایشی کودکان و نوجوانان",
}


def children_section(actor, person) -> dict | None:
    if not user_can(actor, "youth.view"):
        return None
    from . import selectors

    rows = selectors.children_of(actor=actor, parent=person)
    if not rows:
        return None
    return {
        "title": "فرزندان و تحصیل",
        "template": "youth/_section_person.html",
        "context": {"rows": rows},
    }


def _school_results(path, **kwargs):
    """`tavana import school-results FILE`: run by the server's operator, so the
    whole registry is in scope (the upload page keeps the uploader's scope)."""
    from .importing.importer import import_results

    return import_results(path, whole_registry=True, **kwargs)


def connect() -> None:
    from tavana.accounts import views_admin
    from tavana.accounts.clearances import clearance_area
    from tavana.audit.labels import register_actions
    from tavana.people.importing import OTHER_IMPORTS
    from tavana.people.views import PERSON_SECTIONS

    from . import reminders  # noqa: F401  (registers the flags' reminder)
    from .access import CHILDREN
    from .selectors import CHILD_ACTIONS

    register_actions(ACTIONS)
    clearance_area(
        CHILDREN,
        "داده‌های کودکان",
        "کارنامه، هشدارهای افت تحصیلی، اقدام‌ها، استعدادیابی، درخواست‌های مدارس نمونه و "
        "تیزهوشان و برنامه‌های نوجوانان فرزندان زنان.",
        actions=CHILD_ACTIONS,
    )
    OTHER_IMPORTS["school-results"] = _school_results
    if children_section not in PERSON_SECTIONS:
        PERSON_SECTIONS.append(children_section)
    link = ("youth:indicators", "شاخص‌های هشدار افت تحصیلی", "آستانه و شدت هر شاخص")
    if link not in views_admin.ADMIN_LINKS:
        views_admin.ADMIN_LINKS.append(link)
    link = (
        "accounts:clearances",
        "صلاحیت دیدن داده‌های کودکان",
        "کارکنانی که کارنامه، هشدار و برنامه‌های فرزندان را می‌بینند (تأیید مدیر دوم)",
        [CHILDREN],
    )
    if link not in views_admin.ADMIN_LINKS:
        views_admin.ADMIN_LINKS.append(link)
