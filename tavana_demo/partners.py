"""Demo: partner organisations, the ACECR agreement in four axes with its long list
of ~20 candidate projects (the year's four quick wins chosen with the solver),
agreements with the Relief Committee, the Welfare Organisation, the Prisons
Organisation and two charities (one ending within 60 days, so the reminder shows).
Written through the services (audited); idempotent."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from tavana.accounts import roles
from tavana.accounts.models import User
from tavana.core.domain.jalali import jalali_year_of
from tavana.partners import services
from tavana.partners.domain import projects as project_rules
from tavana.partners.models import Agreement, Axis, Organisation
from tavana.partners.services.common import today

from . import demo_rng

ORGANISATIONS = [
    # code, name, kind, phone
    ("acecr", "جهاد دانشگاهی", Organisation.ACADEMIC, "02166400000"),
    ("relief_committee", "کمیته امداد امام خمینی", Organisation.RELIEF, "02155000000"),
    ("welfare_org", "سازمان بهزیستی", Organisation.WELFARE, "02164000000"),
    ("prisons_org", "سازمان زندان‌ها و اقدامات تأمینی و تربیتی", Organisation.PRISONS, ""),
    ("mehr_charity", "مؤسسهٔ خیریهٔ مهر فاطمی", Organisation.CHARITY, "02177000000"),
    ("noor_charity", "خیریهٔ نور امید", Organisation.CHARITY, "02133000000"),
]

# (axis code, title, horizon, value, feasibility, speed, budget in million toman, person-months)
ACECR_PROJECTS = [
    (
        "economic",
        "دورهٔ مهارت دیجیتال و فروش برخط برای صاحبان مشاغل خانگی",
        "quick",
        5,
        4,
        5,
        450,
        4,
    ),
    ("economic", "آزمایشگاه طراحی بسته‌بندی محصولات خشکبار", "quick", 4, 4, 4, 380, 3),
    ("economic", "صندوق خرد اعتباری با ضمانت گروهی", "mid", 5, 2, 2, 2500, 12),
    ("economic", "فناوری کم‌هزینه برای کارگاه‌های خیاطی کوثر", "mid", 4, 3, 3, 1200, 6),
    ("economic", "پلتفرم ملی بازار محصولات زنان", "long", 5, 2, 1, 6000, 30),
    ("employment", "شبکهٔ منتورهای کسب‌وکار خانگی در پنج منطقه", "quick", 5, 5, 4, 300, 5),
    ("employment", "کارآموزی در واحدهای تولیدی همکار", "quick", 4, 3, 4, 520, 4),
    ("employment", "خوشهٔ کسب‌وکار صنایع‌دستی جنوب شهر", "mid", 4, 3, 2, 1800, 10),
    ("employment", "مرکز مشاورهٔ مجوز مشاغل خانگی", "quick", 3, 5, 5, 200, 2),
    ("employment", "آموزش حسابداری ساده برای کسب‌وکارهای خرد", "quick", 3, 4, 5, 150, 2),
    ("innovation", "رویداد ایده‌پردازی «به وقت نوجوانی»", "quick", 3, 4, 5, 250, 3),
    ("innovation", "مدرسهٔ تابستانی کارآفرینی نوجوانان", "quick", 4, 3, 4, 600, 5),
    ("innovation", "شتاب‌دهندهٔ کسب‌وکارهای نوپای زنان", "long", 5, 2, 1, 5000, 24),
    ("innovation", "جایزهٔ سالانهٔ نوآوری زنان شهر", "mid", 3, 4, 3, 900, 4),
    ("innovation", "روایت‌های موفقیت: مستند کوتاه", "quick", 2, 5, 5, 180, 2),
    ("policy_data", "داشبورد مشترک شاخص‌های توانمندسازی", "quick", 4, 4, 4, 350, 3),
    ("policy_data", "پیمایش سالانهٔ کیفیت زندگی خانوارها", "mid", 5, 3, 2, 1500, 8),
    ("policy_data", "استاندارد تبادل دادهٔ بی‌نام با سازمان‌های همکار", "mid", 4, 3, 3, 700, 5),
    ("policy_data", "ارزیابی اثر برنامهٔ کار تو خونمونه", "long", 5, 3, 1, 2200, 12),
    ("policy_data", "شمارش هم‌پوشانی خدمات بدون تبادل هویت", "quick", 4, 4, 4, 280, 2),
]

OTHER_AGREEMENTS = [
    # organisation code, title, kind, started days ago, axes
    ("relief_committee", "تفاهم‌نامهٔ ارجاع و پشتیبانی معیشتی", Agreement.MEMORANDUM, 320, ("employment",)),
    ("welfare_org", "تفاهم‌نامهٔ همکاری در توانمندسازی روانی و اجتماعی", Agreement.MEMORANDUM, 150, ("economic",)),
    ("prisons_org", "توافق‌نامهٔ اشتغال زنان در دوران محکومیت رأی‌باز", Agreement.CONTRACT, 200, ("employment",)),
    ("mehr_charity", "تفاهم‌نامهٔ تأمین جهیزیه و کمک‌هزینهٔ آموزش", Agreement.MEMORANDUM, 90, ("economic",)),
    ("noor_charity", "تفاهم‌نامهٔ حمایت از تحصیل فرزندان", Agreement.MEMORANDUM, 400, ("innovation",)),
]  # fmt: skip


def _owner() -> User:
    return (
        User.objects.filter(username="manager").first()
        or User.objects.filter(role=roles.MANAGER).first()
        or User.objects.filter(role=roles.ADMINISTRATOR).first()
    )


@transaction.atomic
def load_partners(out) -> None:
    rng = demo_rng("partners")
    manager = _owner()
    if manager is None:
        return
    orgs = {}
    for code, name, kind, phone in ORGANISATIONS:
        o = Organisation.objects.filter(code=code).first()
        if o is None:
            o = services.organisation_save(
                actor=manager, data={"code": code, "name": name, "kind": kind, "phone": phone}
            )
        orgs[code] = o
    axes = {a.code: a for a in Axis.objects.all()}
    if not Agreement.objects.filter(organisation=orgs["acecr"]).exists():
        _acecr(manager, orgs["acecr"], axes)
    for code, title, kind, ago, axis_codes in OTHER_AGREEMENTS:
        if Agreement.objects.filter(organisation=orgs[code]).exists():
            continue
        start = today() - dt.timedelta(days=ago)
        services.agreement_create(
            actor=manager,
            data={
                "organisation": orgs[code],
                "kind": kind,
                "title": title,
                "starts_on": start,
                "signed_on": start - dt.timedelta(days=rng.randint(3, 20)),
                "owner": manager,
                "center_signatory": "مدیرکل امور بانوان و خانواده",
                "partner_signatory": f"نمایندهٔ {orgs[code].name}",
            },
            axes=[axes[c] for c in axis_codes],
        )
    services.agreements_follow_calendar()
    out(f"همکاران: {Organisation.objects.count()} سازمان، {Agreement.objects.count()} تفاهم‌نامه")


def _acecr(manager, acecr, axes) -> None:
    start = today() - dt.timedelta(days=100)
    a = services.agreement_create(
        actor=manager,
        data={
            "organisation": acecr,
            "kind": Agreement.MEMORANDUM,
            "title": "تفاهم‌نامهٔ همکاری مرکز زنان و خانواده و جهاد دانشگاهی",
            "summary": "همکاری یک‌ساله در چهار محور؛ اجرای نخست ۳ تا ۴ پروژهٔ اولویت‌دار و زودبازده "
            "و برنامه‌ریزی پروژه‌های میان‌مدت و بلندمدت.",
            "starts_on": start,
            "signed_on": start - dt.timedelta(days=10),
            "owner": manager,
            "center_signatory": "مدیرکل امور بانوان و خانواده",
            "partner_signatory": "رئیس جهاد دانشگاهی استان",
        },
        axes=list(axes.values()),
    )
    services.obligation_add(
        actor=manager, agreement=a, party="center",
        text_="معرفی زنان واجد شرایط و در اختیار گذاشتن فضای مراکز کوثر",
    )  # fmt: skip
    services.obligation_add(
        actor=manager, agreement=a, party="partner",
        text_="طراحی و اجرای دوره‌ها با استادان و مربیان دانشگاهی",
    )  # fmt: skip
    for axis, title, horizon, value, feas, speed, budget, staff in ACECR_PROJECTS:
        services.project_create(
            actor=manager,
            agreement=a,
            data={
                "title": title,
                "axis": axes[axis],
                "horizon": horizon,
                "value": value,
                "feasibility": feas,
                "speed": speed,
                "budget": budget * 1_000_000,
                "staff_months": staff,
                "owner": manager,
                "partner_owner": "دفتر کارآفرینی جهاد دانشگاهی",
            },
        )
    p = services.portfolio_save(
        actor=manager,
        agreement=a,
        year=jalali_year_of(today()),
        limits={"budget": 1_500_000_000, "staff": 14, "min_count": 3, "max_count": 4,
                "quick_only": True, "cover_axes": 3},
        weights={"value": 4, "feasibility": 3, "speed": 3, "cost": 2},
    )  # fmt: skip
    p = services.portfolio_propose(actor=manager, portfolio=p)
    p = services.portfolio_decide(actor=manager, portfolio=p, chosen_ids=p.proposal["chosen"])
    for project in p.chosen.order_by("id"):
        services.project_move(actor=manager, project=project, target=project_rules.ACTIVE)
        for k, (title, days) in enumerate((("نیازسنجی و طراحی", -40), ("اجرای دورهٔ نخست", 20),
                                           ("ارزیابی و گزارش", 90))):  # fmt: skip
            m = services.milestone_add(
                actor=manager,
                project=project,
                title=title,
                due_on=today() + dt.timedelta(days=days),
            )
            if k == 0:
                services.milestone_done(
                    actor=manager, milestone=m, on=today() - dt.timedelta(days=35)
                )
        ind = services.indicator_add(
            actor=manager,
            project=project,
            data={"kind": "output", "name": "زنان آموزش‌دیده", "unit": "نفر", "target": 120},
        )
        services.measurement_add(
            actor=manager, indicator=ind, value=35, measured_on=today() - dt.timedelta(days=7)
        )
