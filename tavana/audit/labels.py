"""What each audit action means, in Persian, for the audit log's screen.

Every action a service writes (`audit_write(action=…)`) has a line here; a test
reads the source and fails on an action without one. Apps that prefer to keep
their labels beside their code call `register_actions` from `AppConfig.ready`.
"""

from __future__ import annotations

import functools
import re

_PERSIAN = re.compile("[\u0600-\u06ff]")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][\d:.]+([+-]\d{2}:\d{2}|Z)?)?$")

ACTION_LABELS: dict[str, str] = {
    # accounts, sign-in, administration
    "api_token.create": "ساخت توکن API",
    "api_token.revoke": "ابطال توکن API",
    "accounts.user_create": "ساخت حساب کارمند",
    "accounts.user_update": "تغییر نقش یا محدودهٔ کارمند",
    "accounts.user_deactivate": "غیرفعال کردن حساب کارمند",
    "accounts.user_activate": "فعال کردن دوبارهٔ حساب کارمند",
    "accounts.password_reset": "بازنشانی گذرواژه (پیوند پیامکی)",
    "accounts.password_set": "تعیین گذرواژه با پیوند",
    "accounts.password_change": "تغییر گذرواژه به دست خود کاربر",
    "accounts.sessions_end": "پایان دادن به نشست‌های کارمند",
    "accounts.sign_in": "ورود به سامانه",
    "accounts.two_factor_enable": "روشن کردن ورود دومرحله‌ای",
    "accounts.recovery_codes_renew": "ساخت کدهای بازیابی تازه",
    "accounts.two_factor_reset": "پاک کردن ورود دومرحله‌ای کارمند",
    "accounts.unit_create": "افزودن واحد سازمانی",
    "accounts.unit_update": "تغییر واحد سازمانی",
    "training.centre_move": "جابه‌جایی مرکز کوثر به واحد دیگر",
    "casework.case_handover": "تحویل پرونده به مددکار دیگر",
    "geography.load": "بارگذاری مناطق و محله‌های شهر",
    # the registry
    "person.create": "ثبت‌نام فرد",
    "person.update": "ویرایش مشخصات فرد",
    "person.identity_corrected": "اصلاح مشخصات هویتی",
    "person.import_create": "ثبت فرد از فایل",
    "person.import_update": "به‌روزرسانی فرد از فایل",
    "person.import_undo": "بازگرداندن ورود ناتمام فایل",
    "person.merge": "ادغام پرونده‌های تکراری",
    "person.merged_into": "ادغام در پروندهٔ دیگر",
    "person.read_sensitive": "دیدن اطلاعات حساس",
    "person.export": "خروجی اکسل فهرست افراد",
    "person.export_sensitive": "خروجی اکسل با اطلاعات حساس",
    "registration.create": "ثبت‌نام",
    "consent.give": "ثبت رضایت",
    "consent.withdraw": "ثبت انصراف از رضایت",
    "household.add_member": "افزودن عضو خانوار",
    "change_request.create": "درخواست اصلاح مشخصات",
    "change_request.approve": "تأیید درخواست اصلاح مشخصات",
    "change_request.reject": "رد درخواست اصلاح مشخصات",
    "duplicate.not_same": "اعلام «یکی نیستند» برای موارد تکراری",
    "duplicate.scan": "جست‌وجوی موارد تکراری",
    # configuration
    "config.level_add": "افزودن سطح حمایت",
    "config.level_update": "تغییر سطح حمایت",
    "config.transition_set": "تغییر جابه‌جایی مجاز میان سطح‌ها",
    "config.sms_template": "ویرایش الگوی پیامک",
    "config.scoring_rule": "نسخهٔ تازهٔ آستانه‌های ارزیابی نیاز",
    "config.question_add": "افزودن پرسش ارزیابی",
    "config.question_revise": "بازنویسی پرسش ارزیابی (نسخهٔ تازه)",
    "config.question_retire": "بایگانی پرسش ارزیابی",
    "config.service_type": "افزودن یا تغییر نوع خدمت",
    "config.programme_unit": "سپردن برنامه به واحد سازمانی دیگر",
    "config.label_word_add": "افزودن واژهٔ برچسب‌زننده",
    "config.label_word_update": "تغییر واژهٔ برچسب‌زننده",
    # casework
    "casework.level_change": "تغییر سطح حمایت",
    "casework.assessment": "ارزیابی نیاز",
    "casework.delivery": "ثبت خدمت ارائه‌شده",
    "casework.enrolment_stage": "تغییر مرحلهٔ حضور در برنامه",
    "casework.case_take": "پذیرش پرونده",
    "casework.goal_create": "افزودن هدف برنامهٔ مددکاری",
    "casework.action_create": "افزودن اقدام و تاریخ پیگیری",
    "casework.action_done": "ثبت انجام پیگیری",
    "casework.note_create": "نوشتن یادداشت مددکاری",
    "casework.read_sensitive_note": "خواندن یادداشت محرمانه",
    "casework.referral_create": "ارجاع یا انتقال پرونده",
    "casework.referral_respond": "پاسخ به ارجاع",
    "casework.referral_receive": "ثبت معرفی از سازمان همکار",
    "casework.other_support_record": "ثبت حمایت سازمان دیگر (با رضایت او)",
    "casework.other_support_withdraw": "حذف حمایت سازمان دیگر (رضایت پس گرفته شد)",
    "casework.other_support_read": "دیدن سازمان‌های دیگر حمایت‌کننده",
    "partners.sharing_create": "ثبت توافق تبادل داده",
    "partners.sharing_token_issue": "صدور توکن تبادل داده",
    "partners.sharing_token_revoke": "باطل کردن توکن تبادل داده",
    "partners.extract_make": "ساخت برداشت داده برای شریک",
    "partners.extract_download": "دریافت برداشت داده",
    "partners.api_read": "خواندن شاخص از API شریک",
    "partners.overlap_run": "شمارش هم‌پوشانی با فهرست یک همکار (فقط شمار)",
    "casework.demo_load": "بارگذاری دادهٔ نمایشی مددکاری",
    # protected programmes
    # written before clearances needed a second administrator (still in older logs)
    "protected.staff_assign": "تأیید صلاحیت کارمند برنامهٔ ویژه (پیش از تأیید دومرحله‌ای)",
    "protected.staff_revoke": "لغو صلاحیت کارمند برنامهٔ ویژه",
    # (until protected 0009 the programmes had their own clearances; still in older logs)
    "clearance.request": "درخواست صلاحیت برنامهٔ ویژه (در انتظار تأیید مدیر دوم)",
    "clearance.approve": "تأیید صلاحیت برنامهٔ ویژه به‌دست مدیر دوم",
    "clearance.refuse": "رد درخواست صلاحیت برنامهٔ ویژه",
    "clearance.revoke": "لغو صلاحیت برنامهٔ ویژه",
    # every clearance (accounts/clearances.py): children's data, each protected
    # programme; the entry names the area («حوزهٔ صلاحیت»)
    "accounts.clearance_request": "درخواست صلاحیت دسترسی (در انتظار تأیید مدیر دوم)",
    "accounts.clearance_approve": "تأیید صلاحیت دسترسی به‌دست مدیر دوم",
    "accounts.clearance_refuse": "رد درخواست صلاحیت دسترسی",
    "accounts.clearance_revoke": "لغو صلاحیت دسترسی",
    "protected.enrol": "ورود به برنامهٔ ویژه",
    "protected.status": "تغییر وضعیت در برنامهٔ ویژه",
    "protected.goal_status": "تغییر وضعیت هدف بازتوانی",
    "protected.training_add": "ثبت آموزش (برنامهٔ ویژه)",
    "protected.placement_add": "ثبت به‌کارگیری (برنامهٔ ویژه)",
    "protected.wage_add": "ثبت کارکرد و دستمزد (برنامهٔ ویژه)",
    "protected.session_add": "ثبت جلسهٔ مشاوره (برنامهٔ ویژه)",
    "protected.contact_add": "ثبت تماس با خانواده (برنامهٔ ویژه)",
    "protected.reunion_add": "ثبت بازگشت به خانواده (برنامهٔ ویژه)",
    "protected.goal_add": "افزودن هدف بازتوانی (برنامهٔ ویژه)",
    "protected.emergency_access": "دسترسی اضطراری به پروندهٔ ویژه",
    "protected.list": "دیدن فهرست برنامهٔ ویژه",
    "protected.read": "دیدن پروندهٔ ویژه",
    "protected.read_summary": "دیدن خلاصهٔ پروندهٔ ویژه",
    "protected.statement": "چاپ گواهی کارکرد",
    "protected.demo_load": "بارگذاری دادهٔ نمایشی برنامه‌های ویژه",
    # the release campaign for imprisoned mothers
    "release.case_open": "ثبت پروندهٔ آزادسازی",
    "release.case_move": "تغییر وضعیت پروندهٔ آزادسازی",
    "release.debt_add": "ثبت بدهی یا دیه (پروندهٔ آزادسازی)",
    "release.relief_add": "ثبت گذشت یا تقسیط (پروندهٔ آزادسازی)",
    "release.child_add": "ثبت فرزند و سرپرست (پروندهٔ آزادسازی)",
    "release.partner_add": "افزودن سازمان همکار به پروندهٔ آزادسازی",
    "release.donor_add": "ثبت نیکوکار",
    "release.payment": "ثبت کمک نیکوکار (با رسید)",
    "release.correction": "اصلاح ردیف دفتر کمک‌ها (ردیف برگشتی)",
    "release.settle": "پرداخت بدهی به طلبکار",
    "release.return_to_pool": "بازگشت موجودی پروندهٔ بسته به صندوق مشترک",
    "release.pool_propose": "پیشنهاد تخصیص صندوق مشترک",
    "release.pool_decide": "تصمیم دربارهٔ تخصیص صندوق مشترک",
    "release.allocate": "تخصیص از صندوق مشترک به پرونده",
    "release.release": "ثبت آزادی و آغاز پیگیری",
    "release.followup": "ثبت پیگیری پس از آزادی",
    "release.offer": "پاسخ به پیشنهاد اشتغال یا آموزش پس از آزادی",
    "release.api_read": "خواندن پرونده‌های آزادسازی با API",
    "release.export": "برون‌بری پرونده‌های آزادسازی (اکسل)",
    "release.list": "دیدن فهرست پرونده‌های آزادسازی",
    "release.read": "دیدن پروندهٔ آزادسازی",
    "release.read_summary": "دیدن خلاصهٔ پروندهٔ آزادسازی (صفحهٔ فرد)",
    # training
    "training.centre_update": "ویرایش مرکز کوثر",
    "training.renovation_create": "ثبت طرح بازسازی مرکز",
    "training.milestone_done": "انجام مرحلهٔ بازسازی",
    "training.course_create": "تعریف دوره",
    "training.course_capacity": "تغییر ظرفیت دوره",
    "training.course_unit": "سپردن دوره به واحد سازمانی دیگر",
    "portal.sign_in": "ورود بانو به درگاه با کد پیامکی",
    "portal.own_record": "دیدن پروندهٔ خود در درگاه",
    "portal.own_data": "دریافت داده‌های خود از درگاه",
    "training.course_finish": "پایان دوره",
    "training.enrol": "ثبت‌نام در دوره",
    "training.withdraw": "انصراف از دوره",
    "training.waitlist_promote": "ثبت‌نام از فهرست انتظار",
    "training.attendance": "ثبت حضور و غیاب",
    "training.complete": "صدور گواهی پایان دوره",
    "training.demo_load": "بارگذاری دادهٔ نمایشی آموزش",
    # producers and bazaars
    "business.producer_create": "ثبت تولیدکننده",
    "business.create": "ثبت کسب‌وکار",
    "business.category_save": "ذخیرهٔ دستهٔ محصول",
    "bazaar.round_create": "تعریف دورهٔ بازارچه",
    "bazaar.event_create": "تعریف بازارچه",
    "bazaar.application_record": "ثبت درخواست غرفه",
    "bazaar.round_allocate": "تقسیم غرفه‌ها",
    "bazaar.round_publish": "اعلام نتیجهٔ تقسیم غرفه‌ها",
    "bazaar.booth_claim": "واگذاری غرفه",
    "bazaar.booth_adjust": "جابه‌جایی دستی غرفه",
    "bazaar.booth_status": "تغییر وضعیت غرفه",
    "bazaar.booth_accept": "پذیرفتن غرفه",
    "bazaar.booth_record": "ثبت حضور و فروش غرفه",
    "demo.bazaars": "بارگذاری دادهٔ نمایشی بازارچه‌ها",
    # the campaign
    "campaign.register": "ثبت‌نام در پویش",
    "campaign.stage": "تغییر مرحلهٔ ثبت‌نام پویش",
    "campaign.link": "پیوند ثبت‌نام پویش به سامانه",
    "campaign.mentor_create": "ثبت منتور",
    "campaign.propose": "پیشنهاد جفت‌سازی منتور",
    "campaign.match_accept": "پذیرش جفت‌سازی منتور",
    "campaign.match_reject": "رد جفت‌سازی منتور",
    "campaign.match_adjust": "جفت‌سازی منتور با تغییر",
    "campaign.session": "ثبت جلسهٔ منتورینگ",
    # figures, demo
    "insights.export": "خروجی آمار",
    "demo.load": "بارگذاری دادهٔ نمایشی",
}

# Records whose model has no Persian name of its own (a library's, or one kept
# without verbose_name), as the audit log names them.
RECORD_LABELS: dict[str, str] = {
    "django_tasks_database.dbtaskresult": "کار پس‌زمینه",
    "axes.accessattemptexpiration": "انقضای تلاش ورود",
    "otp_totp.totpdevice": "دستگاه ورود دومرحله‌ای",
    "otp_static.staticdevice": "کدهای بازیابی",
    "otp_static.statictoken": "کد بازیابی",
    "core.jobprogress": "پیشرفت کار پس‌زمینه",
    "core.workerprocess": "پردازهٔ کارگر",
    "core.tasklease": "اجارهٔ کار",
    "accounts.apitoken": "توکن دسترسی",
    "audit.audithead": "سر زنجیرهٔ ممیزی",
    "casework.assessmentanswer": "پاسخ ارزیابی",
    "casework.enrolmentstagechange": "تغییر مرحلهٔ حضور در برنامه",
    "protected.casepartner": "همکار پرونده",
    "protected.followup": "پیگیری ماهانه",
    "campaign.phonecode": "کد یک‌بارمصرف",
    "partners.agreementstatuschange": "تغییر وضعیت تفاهم‌نامه",
    "partners.agreementdocument": "سند تفاهم‌نامه",
    "partners.projectstatuschange": "تغییر وضعیت پروژه",
    "partners.measurement": "اندازه‌گیری شاخص",
    "production.clientcontact": "رابط سفارش‌دهنده",
    "production.piecerate": "نرخ دستمزد",
    "production.orderitem": "قلم سفارش",
    "production.orderstatuschange": "تغییر وضعیت سفارش",
    "production.unitproduct": "کالای کارگاه",
    "production.workerproduct": "کالای تولیدکننده",
    "production.plan": "برنامهٔ تولید",
    "production.assignment": "بستهٔ کار",
    "production.shortfall": "کسری برنامه",
    "production.worklog": "کارکرد",
    "production.qualitycheck": "کنترل کیفیت",
    "production.materialmovement": "جابه‌جایی مواد",
    "production.delivery": "تحویل",
    "production.deliveryline": "ردیف تحویل",
    "production.payroll": "فهرست دستمزد ماه",
    "production.payrollline": "ردیف دستمزد",
    "notifications.dailyrun": "اجرای روزانهٔ یادآوری‌ها",
}

# Field names that appear in entries' before/after, in Persian.
FIELD_LABELS: dict[str, str] = {
    "narrowed": "محدود به منطقه یا واحد",
    "payroll": "فهرست دستمزد ماه",
    "extract": "برون‌داد داده برای شریک",
    "agreement": "تفاهم‌نامه",
    "partner_rows": "ردیف‌های فهرست همکار",
    "matched": "در سامانه هم هستند",
    "source": "از راه",
    "status": "وضعیت",
    "level": "سطح",
    "date": "تاریخ",
    "name": "نام",
    "user": "کاربر",
    "username": "نام کاربری",
    "programme": "برنامه",
    "area": "حوزهٔ صلاحیت",
    "cleared": "دارای صلاحیت",
    "first_name": "نام",
    "last_name": "نام خانوادگی",
    "mobile": "تلفن همراه",
    "district": "منطقه",
    "reason": "دلیل",
    "stage": "مرحله",
    "title": "عنوان",
    "service": "خدمت",
    "quantity": "مقدار",
    "unit": "واحد",
    "centre": "مرکز",
    "follow_up_on": "تاریخ پیگیری",
    "reassess_on": "تاریخ ارزیابی دوباره",
    "suggested": "سطح پیشنهادی",
    "decided": "سطح تعیین‌شده",
    "direction": "جهت",
    "kind": "نوع",
    "prefix": "آغاز توکن",
    "org_unit": "واحد سازمانی",
    "districts": "مناطق",
    "centres": "مراکز",
    "is_active": "فعال",
    "active": "فعال",
    "role": "نقش",
    "partner_organisation": "سازمان شریک",
    "parent": "زیرمجموعهٔ",
    "order": "ترتیب",
    "link_to": "پیوند به",
    "sessions": "نشست‌ها",
    "worker": "مددکار",
    "ip": "نشانی IP",
    "quiet_start": "آغاز ساعت سکوت",
    "quiet_end": "پایان ساعت سکوت",
    "digest_hour": "ساعت خلاصهٔ روزانه",
    "digest_sms": "پیامک خلاصه",
    "lead_days": "روزهای پیش از موعد",
    "expires_on": "اعتبار تا",
    "renewal": "تمدید",
    "requested_by": "درخواست‌کننده",
    "devices": "دستگاه‌ها",
    "code": "کد",
    "description": "توضیح",
    "reassess_months": "ارزیابی دوباره پس از (ماه)",
    "after": "بالای سطح",
    "allowed": "مجاز",
    "needs_reason": "دلیل لازم است",
    "from": "از",
    "to": "به",
    "text": "متن",
    "word": "واژه",
    "options": "پاسخ‌ها",
    "default_unit": "واحد شمارش",
    # what a demo load or a scan counted
    "pairs": "جفت‌ها",
    "mentors": "منتورها",
    "signups": "ثبت‌نام‌ها",
    "women": "زنان",
    "caseload": "پرونده‌های مددکار",
    "deliveries": "خدمت‌ها",
    "assessments": "ارزیابی‌ها",
    "level_changes": "تغییرهای سطح",
    "booths": "غرفه‌ها",
    "rounds": "دوره‌ها",
    "producers": "تولیدکنندگان",
    "businesses": "کسب‌وکارها",
    "applications": "درخواست‌ها",
    "exhibition_served": "پذیرفته در نمایشگاه",
    "served": "غرفه گرفته",
    "optimal": "بهینه",
    "rank_sum": "مجموع رتبه‌ها",
    "booths_assigned": "غرفه‌های واگذارشده",
    "courses": "دوره‌ها",
    "attendance": "حضور و غیاب",
    "enrolments": "ثبت‌نام‌ها",
    "milestones": "مرحله‌ها",
    "certificates": "گواهی‌ها",
    "renovation_projects": "طرح‌های بازسازی",
    "new": "تازه",
    "known": "پیش‌تر دیده‌شده",
    "persons": "افراد",
    "spouses": "همسران",
    "children": "فرزندان",
    "consents": "رضایت‌ها",
    "duplicates": "تکراری‌ها",
    "households": "خانوارها",
    "other_members": "دیگر اعضا",
    "registrations": "ثبت‌نام‌ها",
    "year": "سال",
    "protected": "برنامهٔ ویژه",
    "total": "جمع",
    "feasible": "شدنی",
    "weights": "وزن‌ها",
    "email": "رایانامه",
    "phone": "تلفن",
    "address": "نشانی",
    "cost": "هزینه",
    "fcfs": "به ترتیب رسیدن",
    "lottery": "قرعه‌کشی",
    "recovery": "بازتوانی",
    "prison_employment": "اشتغال زنان در زندان",
    "referral": "ارجاع",
    "trainings": "آموزش‌ها",
    "placements": "به‌کارگیری‌ها",
    "wages": "دستمزدها",
    "case": "پرونده",
    "donor": "نیکوکار",
    "debt": "بدهی",
    "school_years": "سال‌های تحصیلی",
    "term_results": "کارنامه‌ها",
    "risk_flags": "هشدارها",
    "interventions": "اقدام‌ها",
    "talent_results": "نتیجه‌های استعدادیابی",
    "rows": "سطرها",
}

# Values that are codes (a status, a kind), in Persian, by field name; the choices
# of every model field fill in the rest (`_vocabulary`).
VALUE_LABELS: dict[tuple[str, str], str] = {}


def register_actions(labels: dict[str, str]) -> None:
    ACTION_LABELS.update(labels)


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


@functools.cache
def _vocabulary() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """Every model field's Persian name and its choices' labels, by field name:
    an entry written by any context is read in Persian without a list here."""
    from django.apps import apps

    fields: dict[str, str] = {}
    values: dict[tuple[str, str], str] = {}
    for model in apps.get_models():
        # a count of rows («term_results»: 120, as a demo load writes) by the table's name
        plural = str(model._meta.verbose_name_plural)
        if _PERSIAN.search(plural):
            fields.setdefault(re.sub(r"(?<!^)(?=[A-Z])", "_", model.__name__).lower() + "s", plural)
        for f in model._meta.get_fields():
            label = str(getattr(f, "verbose_name", "") or "")
            if _PERSIAN.search(label):
                fields.setdefault(f.name, label)
            for code, shown in getattr(f, "flatchoices", None) or ():
                if code not in (None, ""):
                    values.setdefault((f.name, str(code)), str(shown))
    return fields, values


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name) or _vocabulary()[0].get(name, name)


def _date(value: str) -> str | None:
    """An ISO date or instant, as the Jalali date a person reads."""
    import datetime as dt

    import jdatetime

    if not _ISO_DATE.match(value):
        return None
    try:
        if len(value) == 10:
            return jdatetime.date.fromgregorian(date=dt.date.fromisoformat(value)).strftime(
                "%Y/%m/%d"
            )
        at = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return jdatetime.datetime.fromgregorian(datetime=at).strftime("%Y/%m/%d %H:%M")


def _shown(value, name: str = "") -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return "بله"
    if value is False:
        return "خیر"
    if isinstance(value, list | tuple):
        return "، ".join(_shown(v, name) for v in value) or "—"
    if isinstance(value, dict):
        return "، ".join(f"{field_label(k)}: {_shown(v, k)}" for k, v in value.items())
    if isinstance(value, str):
        key = (name, value)
        return VALUE_LABELS.get(key) or _vocabulary()[1].get(key) or _date(value) or value
    return str(value)


def changes(entry) -> list[tuple[str, str, str]]:
    """(field, before, after) of an entry, in Persian, for the log's screen. Entries
    about a woman or a protected programme show which fields changed, never their
    values: the screen is a search tool, not a second way to read her file."""
    before, after = entry.before or {}, entry.after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        before, after = {}, {}
    names = list(dict.fromkeys([*before.keys(), *after.keys()]))
    if not names:  # an entry that names its fields only (a read, a demo load)
        return [(field_label(str(n)), "", "") for n in getattr(entry, "fields", None) or ()]
    if entry.person_id is not None or entry.action.startswith(("protected.", "release.")):
        return [(field_label(n), "", "") for n in names]
    return [
        (field_label(n), _shown(before.get(n), n) if n in before else "", _shown(after.get(n), n))
        for n in names
    ]
