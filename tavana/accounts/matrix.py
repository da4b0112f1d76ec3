"""The permission matrix: role × action, and route → action.

This file is the single source of truth for who may do what. Every URL name
of the project must appear in ROUTES (a test walks the URL conf and fails on a
missing one), and every route answers each role with exactly the status this
matrix allows (another test requests every route as every role).
"""

from __future__ import annotations

from .roles import (
    ADMINISTRATOR,
    AUDITOR,
    BAZAAR_ORGANISER,
    CENTRE_MANAGER,
    MANAGER,
    PARTNER_ANALYST,
    REGISTRAR,
    ROLES,
    SOCIAL_WORKER,
    TRAINER,
)

PUBLIC = "public"  # anyone, signed in or not
SIGNED_IN = "signed_in"  # any signed-in member of staff

ALL = frozenset(ROLES)

# action → (Persian description shown on the home page, roles allowed)
ACTIONS: dict[str, tuple[str, frozenset[str]]] = {
    SIGNED_IN: ("ورود به سامانه", ALL),
    "audit.view": (
        "جست‌وجو در دفتر رویدادها (چه کسی، چه زمانی، چه چیزی)",
        frozenset({ADMINISTRATOR, AUDITOR}),
    ),
    "jobs.view": ("پیگیری پیشرفت کارهای پس‌زمینه", ALL),
    # What later capabilities will gate; listed now so the home page and the
    # tests speak of one matrix.
    "person.view": (
        "جست‌وجو و دیدن پروندهٔ زنان در محدودهٔ خود",
        frozenset({ADMINISTRATOR, REGISTRAR, SOCIAL_WORKER, CENTRE_MANAGER, BAZAAR_ORGANISER}),
    ),
    "person.register": (
        "ثبت‌نام زنان، خانوار و فرزندان",
        frozenset({ADMINISTRATOR, REGISTRAR}),
    ),
    "person.edit": (
        "ویرایش نشانی، تماس و وضعیت زنان و درخواست اصلاح مشخصات هویتی",
        frozenset({ADMINISTRATOR, REGISTRAR, SOCIAL_WORKER}),
    ),
    "person.change_approve": (
        "بررسی و تأیید یا رد درخواست‌های اصلاح مشخصات هویتی",
        frozenset({ADMINISTRATOR}),
    ),
    "person.self_change_review": (
        "بررسی و تأیید یا رد اصلاحاتی که بانوان خود از درگاه خواسته‌اند (در محدودهٔ خود)",
        frozenset({ADMINISTRATOR, REGISTRAR}),
    ),
    "person.import": ("ورود گروهی فهرست زنان از فایل اکسل", frozenset({ADMINISTRATOR, REGISTRAR})),
    "person.export": (
        "خروجی اکسل از فهرست‌ها (فقط فیلدهای مجاز)",
        frozenset({ADMINISTRATOR, REGISTRAR}),
    ),
    "duplicate.review": (
        "بررسی موارد احتمالاً تکراری و ادغام آن‌ها",
        frozenset({ADMINISTRATOR, REGISTRAR}),
    ),
    "person.sensitive": (
        "دیدن اطلاعات حساس (درآمد، سلامت) با ثبت در دفتر رویدادها",
        frozenset({ADMINISTRATOR, SOCIAL_WORKER}),
    ),
    "casework.manage": (
        "ارزیابی نیاز، سطح حمایت و مددکاری",
        frozenset({SOCIAL_WORKER}),
    ),
    "casework.view": (
        "دیدن سطح حمایت، خدمات دریافتی و ارجاع‌های زنان در محدودهٔ خود",
        frozenset({ADMINISTRATOR, SOCIAL_WORKER, CENTRE_MANAGER}),
    ),
    "casework.notes": (
        "دیدن برنامهٔ مددکاری و یادداشت‌های مددکاری (یادداشت محرمانه با ثبت در دفتر رویدادها)",
        frozenset({ADMINISTRATOR, SOCIAL_WORKER}),
    ),
    "service.record": (
        "ثبت خدمت ارائه‌شده به زنان (مشاوره، آموزش، ارجاع و…)",
        frozenset({SOCIAL_WORKER, CENTRE_MANAGER}),
    ),
    "training.manage": (
        "مراکز کوثر، دوره‌ها و ظرفیت",
        frozenset({ADMINISTRATOR, CENTRE_MANAGER}),
    ),
    "training.attendance": ("حضور و غیاب کلاس‌های خود", frozenset({TRAINER})),
    "training.attendance_view": (
        "دیدن حضور و غیاب جلسه‌های دوره‌ها (مربی: کلاس‌های خود؛ مدیر مرکز: دوره‌های مرکز خود)",
        frozenset({ADMINISTRATOR, CENTRE_MANAGER, TRAINER}),
    ),
    "training.courses": (
        "دیدن دوره‌ها و کارگاه‌های آموزشی و گواهی‌های پایان دوره",
        frozenset({ADMINISTRATOR, CENTRE_MANAGER, REGISTRAR, TRAINER}),
    ),
    "training.enrol": (
        "ثبت‌نام زنان در دوره‌ها و فهرست انتظار",
        frozenset({ADMINISTRATOR, CENTRE_MANAGER, REGISTRAR}),
    ),
    "bazaar.manage": (
        "بازارچه‌ها، نمایشگاه‌ها و تقسیم غرفه‌ها",
        frozenset({ADMINISTRATOR, BAZAAR_ORGANISER}),
    ),
    "insights.view": (
        "آمار و شاخص‌ها به تفکیک منطقه، برنامه و دوره",
        frozenset({ADMINISTRATOR, MANAGER, PARTNER_ANALYST}),
    ),
    # The «کار تو خونمونه» campaign (tavana/campaign): coordinators run the pipeline,
    # mentors and matching within their districts; registering a sign-up as a new
    # person also needs person.register. A trainer who mentors sees and logs only
    # her own mentees (404 for anyone else's).
    "campaign.coordinate": (
        "پویش «کار تو خونمونه»: ثبت‌نام‌ها، منتورها، جفت‌سازی و آمار",
        frozenset({ADMINISTRATOR, CENTRE_MANAGER}),
    ),
    "campaign.mentor": (
        "ثبت جلسه‌های منتورینگ (مربی: فقط زنانی که منتورشان است)",
        frozenset({ADMINISTRATOR, CENTRE_MANAGER, TRAINER}),
    ),
    # Partners (tavana/partners): organisations, agreements, joint projects and the
    # year's portfolio; nothing about any woman.
    "partners.manage": (
        "سازمان‌های همکار، تفاهم‌نامه‌ها، پروژه‌های مشترک و سبد پروژه‌های سال",
        frozenset({ADMINISTRATOR, MANAGER}),
    ),
    # Data sharing: a partner's analyst sees only her own data-sharing agreements
    # (their extracts, her API token); managers see and record them all.
    "partners.sharing": (
        "تبادل داده با شریکان: برداشت‌ها و توکن API",
        frozenset({ADMINISTRATOR, MANAGER, PARTNER_ANALYST}),
    ),
    # Children and teens (tavana/youth): children's marks and flags are sensitive —
    # within the user's districts (a social worker: also her caseload's children),
    # every read audited; a flag is never shown outside the Center.
    "youth.view": (
        "دیدن کارنامه، هشدارهای افت تحصیلی و اقدام‌های فرزندان در محدودهٔ خود (ثبت در دفتر رویدادها)",
        frozenset({ADMINISTRATOR, SOCIAL_WORKER}),
    ),
    "youth.record": (
        "ثبت مدرسه، پایه، کارنامه و اقدام برای هشدارهای افت تحصیلی فرزندان",
        frozenset({ADMINISTRATOR, SOCIAL_WORKER}),
    ),
    "youth.import": (
        "ورود کارنامه‌های فرزندان از فایل اکسل مدرسه",
        frozenset({ADMINISTRATOR, REGISTRAR}),
    ),
    "youth.gifted": (
        "درخواست آزمون مدارس نمونه و تیزهوشان و پیشنهاد حمایت مالی",
        frozenset({ADMINISTRATOR, SOCIAL_WORKER}),
    ),
    "youth.support_approve": (
        "تأیید یا رد حمایت مالی تحصیلی که همکار دیگری پیشنهاد داده و فایل پرداخت",
        frozenset({ADMINISTRATOR, MANAGER}),
    ),
    "youth.teens": (
        "برنامه‌های تابستانی «به وقت نوجوانی»: رضایت مادر، ثبت‌نام، گروه‌ها و پیگیری",
        frozenset({ADMINISTRATOR, CENTRE_MANAGER, REGISTRAR}),
    ),
    "youth.talent": (
        "استعدادیابی کودکان: دورها، نتیجه‌ها و ارجاع به مرکز همکار",
        frozenset({ADMINISTRATOR, SOCIAL_WORKER, CENTRE_MANAGER}),
    ),
    # Production (tavana/production): orders, plans, work logs, quality, payroll;
    # a month's payroll is approved by a second person (the service refuses the first).
    "production.manage": (
        "سفارش‌های تولید، برنامه‌ریزی، کارکرد، کنترل کیفیت و حقوق تولیدکنندگان",
        frozenset({ADMINISTRATOR, CENTRE_MANAGER}),
    ),
    "accounts.manage": ("مدیریت کاربران، نقش‌ها و محدوده‌ها", frozenset({ADMINISTRATOR})),
    # Clearances for sensitive data a role alone does not open (children's data, each
    # protected programme): one administrator asks, a second approves; each expires
    # (accounts/clearances.py).
    "accounts.clear": (
        "درخواست و تأیید صلاحیت کارکنان برای داده‌های حساس (داده‌های کودکان، برنامه‌های ویژه)",
        frozenset({ADMINISTRATOR}),
    ),
    "config.manage": (
        "پیکربندی: سطح‌های حمایت، پرسش‌نامه، خدمات، دسته‌ها، واژه‌های برچسب‌زننده، پیامک‌ها و یادآوری‌ها",
        frozenset({ADMINISTRATOR}),
    ),
    # Protected programmes (tavana/protected): the role only lets a user in the door;
    # each page also needs clearance for the programme (accounts.Clearance) or a live
    # emergency grant for the woman, and answers 404 otherwise.
    "protected.work": (
        "کار در برنامه‌های ویژه (فقط کارکنانی که صلاحیتشان تأیید شده است)",
        frozenset({ADMINISTRATOR, SOCIAL_WORKER, CENTRE_MANAGER}),
    ),
    "protected.emergency": (
        "دسترسی اضطراری و موقت به پروندهٔ ویژهٔ یک نفر با ذکر دلیل (ثبت در دفتر رویدادها)",
        frozenset({ADMINISTRATOR, SOCIAL_WORKER}),
    ),
    "release.figures": (
        "آمار پویش آزادسازی مادران (شریکان: فقط شمارش‌ها، خانه‌های کوچک پنهان)",
        frozenset({ADMINISTRATOR, MANAGER, PARTNER_ANALYST, SOCIAL_WORKER, CENTRE_MANAGER}),
    ),
    "protected.oversee": (
        "دیدن درخواست‌های دسترسی اضطراری به پرونده‌های ویژه و دلیل آن‌ها",
        frozenset({AUDITOR}),
    ),
}

# URL name → action. PUBLIC routes need no sign-in.
ROUTES: dict[str, str] = {
    "insights:dashboard": "insights.view",
    "insights:export": "insights.view",
    # `/`: the public front door (tavana.portal); a signed-in member of staff gets
    # her role's home there
    "core:home": PUBLIC,
    "core:health": PUBLIC,
    "core:health_live": PUBLIC,
    "core:health_ready": PUBLIC,
    "core:health_workers": PUBLIC,
    "core:job_progress": "jobs.view",
    "core:label_words": "config.manage",
    "accounts:login": PUBLIC,
    # The front door and a woman's own pages: no staff sign-in; her own pages need
    # her own SMS-code session (tavana.portal.access), others are sent to sign in.
    "portal:front": PUBLIC,
    "portal:sign_in": PUBLIC,
    "portal:code": PUBLIC,
    "portal:choose": PUBLIC,
    "portal:sign_out": PUBLIC,  # POST only
    "portal:me": PUBLIC,
    "portal:courses": PUBLIC,
    "portal:course_enrol": PUBLIC,  # POST only
    "portal:certificate": PUBLIC,
    "portal:corrections": PUBLIC,
    "portal:correction_new": PUBLIC,
    "portal:bazaars": PUBLIC,
    "portal:bazaar_apply": PUBLIC,  # POST only
    "portal:booth_accept": PUBLIC,  # POST only
    "portal:booth_decline": PUBLIC,
    "portal:work": PUBLIC,
    "portal:inbox": PUBLIC,
    "portal:consents": PUBLIC,
    "portal:consent_withdraw": PUBLIC,
    "portal:consent_give": PUBLIC,  # POST only
    "portal:service_worker": PUBLIC,
    "portal:next": PUBLIC,
    "portal:my_data": PUBLIC,
    "portal:my_data_download": PUBLIC,
    "accounts:logout": SIGNED_IN,
    "accounts:password_set": PUBLIC,  # the one-time link from the SMS; a bad link says so
    "accounts:two_factor_verify": PUBLIC,  # the second step; without the first: to login
    "accounts:account": SIGNED_IN,
    "accounts:password_change": SIGNED_IN,
    "accounts:two_factor": SIGNED_IN,
    "accounts:recovery_codes": SIGNED_IN,  # POST only
    "accounts:my_sessions_end": SIGNED_IN,  # POST only
    # Administration (tavana/accounts/views_admin.py).
    "accounts:admin": "accounts.manage",
    "accounts:staff": "accounts.manage",
    "accounts:staff_new": "accounts.manage",
    "accounts:staff_detail": "accounts.manage",
    "accounts:staff_deactivate": "accounts.manage",  # POST only
    "accounts:staff_activate": "accounts.manage",  # POST only
    "accounts:staff_password_reset": "accounts.manage",  # POST only
    "accounts:staff_sessions_end": "accounts.manage",  # POST only
    "accounts:staff_two_factor_reset": "accounts.manage",  # POST only
    "accounts:units": "accounts.manage",
    "accounts:unit_new": "accounts.manage",
    "accounts:unit_edit": "accounts.manage",
    "accounts:clearances": "accounts.clear",
    "training:centre_move": "accounts.manage",
    "audit:log": "audit.view",
    # Notifications (tavana/notifications): everyone reads only her own inbox.
    "notifications:inbox": SIGNED_IN,
    "notifications:open": SIGNED_IN,  # someone else's: 404
    "notifications:read_all": SIGNED_IN,  # POST only
    "notifications:digest": SIGNED_IN,
    "notifications:badge": SIGNED_IN,
    "notifications:policy": "config.manage",
    "notifications:templates": "config.manage",
    "notifications:template": "config.manage",
    "people_import:upload": "person.import",
    "people_import:job": "person.import",
    "people_import:summary": "person.import",
    "people_import:report": "person.import",
    "people:register": "person.register",
    "people:register_check": "person.register",
    "people:detail": "person.view",
    "search:persons": "person.view",
    "people:edit": "person.edit",
    "people:sensitive": "person.sensitive",
    "people:consents": "person.view",  # recording a change needs person.edit (in the view)
    "people:child_add": "person.register",
    "people:change_request_new": "person.edit",
    "people:change_requests": "person.edit",
    "people:change_request": "person.edit",
    "people:duplicates": "duplicate.review",
    "people:duplicate": "duplicate.review",
    "casework:dashboard": "casework.manage",
    "casework:assess": "casework.manage",
    "casework:level_change": "casework.manage",
    "casework:case_take": "casework.manage",  # POST only
    "casework:delivery_new": "service.record",
    "casework:enrol": "casework.manage",
    "casework:note_new": "casework.manage",
    "casework:note_reveal": "person.sensitive",  # POST only; also needs casework.notes
    "casework:goal_new": "casework.manage",
    "casework:action_new": "casework.manage",
    "casework:action_done": "casework.manage",
    "casework:referral_new": "casework.manage",
    "casework:referral": "casework.manage",
    "casework:referral_in_new": "casework.manage",
    "casework:other_support_new": "casework.manage",
    "casework:other_support_withdraw": "casework.manage",
    "casework:config_ladder": "config.manage",
    "casework:config_level": "config.manage",
    "casework:config_assessment": "config.manage",
    "casework:config_services": "config.manage",
    "casework:config_service": "config.manage",
    "casework:config_programme_unit": "config.manage",  # POST only
    "casework:config_question_new": "config.manage",
    "casework:config_question": "config.manage",
    "people_export:persons": "person.export",  # ?include=sensitive: person.sensitive
    "protected:home": "protected.work",
    "protected:programme": "protected.work",
    "protected:enrol": "protected.work",
    "protected:participant": "protected.work",
    "protected:record_add": "protected.work",  # POST only
    "protected:status": "protected.work",  # POST only
    "protected:goal_status": "protected.work",  # POST only
    "protected:statement": "protected.work",
    "protected:emergency": "protected.emergency",
    "protected:emergency_grant": "protected.emergency",
    "protected:emergency_log": "protected.oversee",
    # The release campaign for imprisoned mothers (tavana/protected/release): clearance
    # for the programme, else 404; figures also for managers and partners (counts).
    "release:home": "protected.work",
    "release:case_new": "protected.work",
    "release:case": "protected.work",
    "release:case_move": "protected.work",  # POST only
    "release:case_add": "protected.work",  # POST only
    "release:case_release": "protected.work",
    "release:case_offer": "protected.work",  # POST only
    "release:followup": "protected.work",  # POST only
    "release:donors": "protected.work",
    "release:donor": "protected.work",
    "release:ledger": "protected.work",
    "release:entry_reverse": "protected.work",  # POST only
    "release:pool": "protected.work",
    "release:pool_propose": "protected.work",  # POST only
    "release:pool_decide": "protected.work",  # POST only
    "release:figures": "release.figures",
    "release:export": "release.figures",
    "release_public:campaign": PUBLIC,  # totals and a pledge form; nothing about anyone
    "release_public:pledge_done": PUBLIC,
    "release_public:donor": PUBLIC,  # by the donor's secret link: codes, amounts, outcomes
    "release_public:receipt": PUBLIC,
    # Producers, bazaars and booth allocation (tavana/businesses, tavana/bazaars).
    "businesses:list": "bazaar.manage",
    "businesses:producer_new": "bazaar.manage",
    "businesses:producer": "bazaar.manage",
    "businesses:business_new": "bazaar.manage",
    "businesses:business": "bazaar.manage",
    "businesses:categories": "bazaar.manage",
    "bazaars:home": "bazaar.manage",
    "bazaars:upcoming": PUBLIC,  # names, places, dates, categories; nothing about any person
    "bazaars:figures": "bazaar.manage",
    "bazaars:round": "bazaar.manage",
    "bazaars:event_new": "bazaar.manage",
    "bazaars:applications": "bazaar.manage",
    "bazaars:demand": "bazaar.manage",
    "bazaars:allocate": "bazaar.manage",  # POST only
    "bazaars:result": "bazaar.manage",
    "bazaars:adjust": "bazaar.manage",  # POST only
    "bazaars:publish": "bazaar.manage",  # POST only
    "bazaars:event": "bazaar.manage",
    "bazaars:venues": "bazaar.manage",
    "bazaars:venue": "bazaar.manage",
    "bazaars:booth_status": "bazaar.manage",  # POST only
    "bazaars:booth_record": "bazaar.manage",  # POST only
    # Kowsar centres, courses, enrolment, attendance, certificates (tavana/training).
    "training:courses": "training.courses",
    "training:course_new": "training.manage",
    "training:course": "training.courses",
    "training:course_capacity": "training.manage",  # POST only
    "training:course_unit": "training.manage",  # POST only
    "training:course_finish": "training.manage",  # POST only
    "training:enrol": "training.enrol",
    "training:withdraw": "training.enrol",  # POST only
    "training:certificate": "training.courses",
    "training:attendance": "training.attendance_view",
    "training:attendance_mark": "training.attendance",  # POST only
    "training:centres": "training.manage",
    "training:centre": "training.manage",
    "training:centre_edit": "training.manage",
    "training:project_new": "training.manage",
    "training:milestone_done": "training.manage",  # POST only
    "training:capacity": "training.manage",
    "training:verify": PUBLIC,  # a certificate's course and the holder's initials only
    # The «کار تو خونمونه» campaign (tavana/campaign).
    "campaign:join": PUBLIC,  # the public sign-up: shows nothing about anyone
    "campaign:join_done": PUBLIC,
    "campaign:signups": "campaign.coordinate",
    "campaign:signup": "campaign.coordinate",
    "campaign:signup_stage": "campaign.coordinate",  # POST only
    "campaign:signup_link": "campaign.coordinate",  # registering new: also person.register
    "campaign:mentors": "campaign.coordinate",
    "campaign:mentor_new": "campaign.coordinate",
    "campaign:mentor_edit": "campaign.coordinate",
    "campaign:matching": "campaign.coordinate",
    "campaign:match_decide": "campaign.coordinate",  # POST only
    "campaign:figures": "campaign.coordinate",
    "campaign:mentees": "campaign.mentor",
    "campaign:session_new": "campaign.mentor",
    # Partners (tavana/partners).
    "partners:home": "partners.manage",
    "partners:organisation_new": "partners.manage",
    "partners:organisation": "partners.manage",
    "partners:agreement_new": "partners.manage",
    "partners:agreement": "partners.manage",
    "partners:agreement_sign": "partners.manage",  # POST only
    "partners:obligation_add": "partners.manage",  # POST only
    "partners:obligation_done": "partners.manage",  # POST only
    "partners:document_add": "partners.manage",  # POST only
    "partners:document": "partners.manage",
    "partners:project_new": "partners.manage",
    "partners:portfolio_new": "partners.manage",
    "partners:project": "partners.manage",
    "partners:project_status": "partners.manage",  # POST only
    "partners:milestone_add": "partners.manage",  # POST only
    "partners:milestone_done": "partners.manage",  # POST only
    "partners:indicator_add": "partners.manage",  # POST only
    "partners:measurement_add": "partners.manage",  # POST only
    "partners:portfolio": "partners.manage",
    "partners:portfolio_propose": "partners.manage",  # POST only
    "partners:portfolio_decide": "partners.manage",  # POST only
    "partners:sharing_list": "partners.sharing",
    "partners:sharing_new": "partners.manage",
    "partners:sharing": "partners.sharing",
    "partners:sharing_token": "partners.sharing",  # POST only
    "partners:sharing_token_revoke": "partners.sharing",  # POST only
    "partners:extract_new": "partners.sharing",  # POST only
    "partners:overlap_new": "partners.sharing",  # POST only
    "partners:extract": "partners.sharing",
    # Children and teens (tavana/youth): every child page also checks the child is
    # in the user's scope (404 otherwise).
    "youth:home": "youth.view",
    "youth:child": "youth.view",
    "youth:school_year_new": "youth.record",
    "youth:transfer_new": "youth.record",
    "youth:result_new": "youth.record",
    "youth:intervention_new": "youth.record",
    "youth:schools": "youth.record",
    "youth:import": "youth.import",
    "youth:import_result": "youth.import",  # only the uploader's own (404 otherwise)
    "youth:import_report": "youth.import",
    "youth:gifted": "youth.gifted",
    "youth:application_new": "youth.gifted",
    "youth:application": "youth.gifted",
    "youth:grants": "youth.support_approve",
    "youth:grant_decide": "youth.support_approve",  # POST only; never the proposer
    "youth:payment_file": "youth.support_approve",  # POST only
    "youth:budget_line": "youth.support_approve",
    "youth:teens": "youth.teens",
    "youth:teen_programme": "youth.teens",
    "youth:talent": "youth.talent",
    "youth:talent_round": "youth.talent",
    "youth:indicators": "config.manage",
    "youth:indicator": "config.manage",
    # Production (tavana/production).
    "production:home": "production.manage",
    "production:order_new": "production.manage",
    "production:order": "production.manage",
    "production:order_move": "production.manage",  # POST only
    "production:plan_make": "production.manage",  # POST only
    "production:assignment_adjust": "production.manage",  # POST only
    "production:worklog": "production.manage",
    "production:quality_check": "production.manage",  # POST only
    "production:delivery_new": "production.manage",  # POST only
    "production:material_move": "production.manage",  # POST only
    "production:clients": "production.manage",
    "production:producers": "production.manage",
    "production:unit_edit": "production.manage",
    "production:worker_edit": "production.manage",
    "production:rates": "production.manage",
    "production:payrolls": "production.manage",
    "production:payroll": "production.manage",
    "production:payroll_approve": "production.manage",  # POST only
    "production:bank_file": "production.manage",
    "production:statement": "production.manage",
    # The REST API (tavana/config/api.py): one URL name per path; the action is the
    # GET's, unsafe methods on the same path pass their own gate in the endpoint.
    "api:api-root": PUBLIC,  # /api/ itself: a 404 naming nothing
    "api:openapi-json": SIGNED_IN,
    "api:openapi-view": SIGNED_IN,  # /api/docs: Swagger UI, self-hosted assets
    "api:persons": "person.view",  # POST: person.register
    "api:person": "person.view",  # PATCH: person.edit; ?include=sensitive: person.sensitive
    "api:household": "person.view",
    "api:household_members": "person.view",  # POST: person.register
    "api:change_requests": "person.edit",
    "api:change_request": "person.edit",  # PATCH: person.change_approve
    # The release campaign's API: cases (cleared staff, else 404), figures (counts,
    # small cells hidden for partners).
    "api:release_cases": "protected.work",
    "api:release_figures": "release.figures",
    "api:production_orders": "production.manage",
    "api:production_order": "production.manage",
    "api:production_item_work": "production.manage",  # POST: a week of work
    # The partners' indicator API answers only a data-sharing token (tvp_…, bound to
    # one agreement and expiring with it): no role or session opens it; 401 otherwise.
    "api:partner_sharing": PUBLIC,
    "api:partner_indicator": PUBLIC,
    # Children and teens (tavana/youth/api.py): the same gates as the pages, then a
    # live clearance for children's data and the child in scope (404 otherwise).
    "api:youth_risk_list": "youth.view",
    "api:youth_child": "youth.view",
    "api:youth_results": "youth.view",  # POST: youth.record
    "api:youth_interventions": "youth.view",  # POST: youth.record
}


def can(role: str | None, action: str) -> bool:
    if action == PUBLIC:
        return True
    if not role:
        return False
    return role in ACTIONS[action][1]


def actions_of(role: str) -> list[tuple[str, str]]:
    """The actions a role may take, with their Persian descriptions."""
    return [(a, label) for a, (label, roles) in ACTIONS.items() if a != SIGNED_IN and role in roles]
