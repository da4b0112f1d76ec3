"""Demo data for the release campaign for imprisoned mothers: cases in every
status (identified, verified, raising money, settled, released and followed up,
one closed), their debts and reconciliations, children and carers, partners on
each case, donors with directed gifts and gifts to the pooled fund, one pooled
allocation accepted, releases registered in the registry with a support level and
follow-ups. Two demo users are cleared: `release_worker` opens cases,
`release_checker` verifies them.

Everything is written through the campaign's services (audit and ledger rules
included). Deterministic (seeded, dates relative to today) and idempotent
(nothing is added when a case exists).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tavana.accounts.models import User
from tavana.core.models import District
from tavana.protected.models import Programme
from tavana.protected.release import services
from tavana.protected.release.access import release_programme
from tavana.protected.release.models import ReleaseCase
from tavana_demo import demo_rng

FIRST = ["زهره", "سمیرا", "مریم", "فرشته", "اعظم", "لیلا", "نسرین", "راضیه", "طاهره",
         "شهلا", "معصومه", "پریسا", "آزاده", "منیژه"]  # fmt: skip
LAST = ["قاسمی", "نوروزی", "طاهری", "بهرامی", "سلیمانی", "رستمی", "کریمی", "مرادی",
        "اکبری", "یوسفی", "حیدری", "جلالی", "شریفی", "توکلی"]  # fmt: skip
PRISONS = ("ندامتگاه زنان قرچک", "بند نسوان زندان تهران بزرگ")
CREDITORS = ("اولیای دم حادثهٔ رانندگی", "شرکت لیزینگ", "فروشندهٔ لوازم خانگی", "صاحب‌خانه")
DONORS = [("شرکت فولاد نیک", "organisation", "09121110001"), ("خانم ثریا ملکی", "individual",
          "09121110002"), ("هیئت خیرین محله", "organisation", ""), ("آقای بهمن راد",
          "individual", "09121110004")]  # fmt: skip
# the status each demo case is brought to, in order
PLAN = ["followed_up", "released", "released", "settled", "fundraising", "fundraising",
        "fundraising", "fundraising", "verified", "verified", "identified", "identified",
        "closed", "fundraising"]  # fmt: skip


def _users() -> tuple[User, User] | None:
    worker = User.objects.filter(username="release_worker").first()
    checker = User.objects.filter(username="release_checker").first()
    if worker is None or checker is None:
        return None
    from tavana_demo.accounts import demo_clearance

    release_programme()
    for u in (worker, checker):
        demo_clearance(u, Programme.RELEASE, days=300)
    return worker, checker


def _partners(case, worker) -> None:
    from tavana.partners.selectors import organisation_list

    prisons = organisation_list(kind="prisons").first()
    charity = organisation_list(kind="charity").first()
    if prisons:
        services.partner_add(actor=worker, case=case, organisation=prisons, role="prisons")
    if charity:
        services.partner_add(actor=worker, case=case, organisation=charity, role="settler")


def _case(rng, i: int, worker, checker, district, today):
    case = services.case_open(actor=worker, data={
        "first_name": FIRST[i % len(FIRST)], "last_name": LAST[i % len(LAST)],
        "father_name": "", "national_code": "", "birth_date": dt.date(1985 + i % 12, 3, 1),
        "district": district, "prison": rng.choice(PRISONS),
        "offence_kind": "unintentional" if i % 3 == 0 else "financial",
        "offence_note": "", "identified_on": today - dt.timedelta(days=400 - i * 25),
    })  # fmt: skip
    amount = rng.choice([60, 90, 120, 180, 250]) * 1_000_000
    services.debt_add(actor=worker, case=case, kind="diyeh" if i % 3 == 0 else "private",
                      creditor=rng.choice(CREDITORS), amount=amount)  # fmt: skip
    for k in range(rng.choice([1, 1, 2, 3])):
        services.child_add(actor=worker, case=case, first_name=rng.choice(["علی", "سارا", "حسین",
                           "زینب", "محمد"]), birth_date=dt.date(2012 + k * 3, 6, 1),
                           carer_name="مادربزرگ", carer_relation="grandmother")  # fmt: skip
    _partners(case, worker)
    return case, amount


def _open_course(today: dt.date):
    """An open course without prerequisites (training's demo runs before this one)."""
    from tavana.training.models import Course

    return (
        Course.objects.filter(status=Course.OPEN, prerequisites__isnull=True)
        .exclude(last_date__lt=today)
        .order_by("pk")
        .first()
    )


def load_release(out, *, today: dt.date | None = None) -> None:
    if ReleaseCase.objects.exists():
        return
    users = _users()
    if users is None:
        out("پویش آزادسازی: کاربران نمایشی پیدا نشدند؛ چیزی افزوده نشد.")
        return
    worker, checker = users
    rng = demo_rng("release")
    today = today or timezone.localdate()
    district = worker.districts.first() or District.objects.order_by("number").first()
    donors = [
        services.donor_save(actor=worker, name=n, kind=k, mobile=m)
        if k == "individual"  # an organisation is the partners context's, created there
        else services.donor_save(actor=worker, kind=k, mobile=m, organisation_name=n,
                                 organisation_kind="other" if n.startswith("شرکت") else "charity")
        for n, k, m in DONORS
    ]  # fmt: skip
    services.payment_record(actor=worker, donor=donors[2], amount=300_000_000, on=today)
    from tavana.casework.models import SupportLevel

    level = SupportLevel.objects.filter(active=True).order_by("order").first()
    for i, goal in enumerate(PLAN):
        case, amount = _case(rng, i, worker, checker, district, today)
        if goal == "identified":
            continue
        if goal == "closed":
            services.case_move(actor=checker, case=case, to="closed",
                               reason="شاکی پیش از جذب کمک رضایت داد و پرونده در دادگاه مختومه شد.")  # fmt: skip
            continue
        services.case_move(actor=checker, case=case, to="verified")
        if goal == "verified":
            continue
        debt = case.debts.first()
        start = case.identified_on
        services.relief_add(actor=worker, debt=debt, kind="reconciliation", amount=amount // 3,
                            on=start + dt.timedelta(days=3))  # fmt: skip
        case.refresh_from_db()
        gift = amount // 3 if goal == "fundraising" else amount - amount // 3
        services.payment_record(actor=worker, donor=donors[i % 2], amount=gift,
                                on=start + dt.timedelta(days=5), case=case)  # fmt: skip
        if goal == "fundraising":
            continue
        case.refresh_from_db()
        services.settle_all(actor=worker, case=case, on=start + dt.timedelta(days=10))
        if goal == "settled":
            continue
        case.refresh_from_db()
        released_on = start + dt.timedelta(days=15)
        course = _open_course(today)  # she takes up training; work is offered
        services.case_release(actor=worker, case=case, released_on=released_on,
                              register_new=True, level_code=level.code if level else "",
                              social_worker=worker, employment_offer="offered",
                              training_offer="accepted" if course else "offered",
                              training_course=course)  # fmt: skip
        case.refresh_from_db()
        for fu in case.followups.filter(due_on__lte=today):
            services.followup_record(actor=worker, followup=fu, outcome="well", done_on=fu.due_on)
    services.payment_record(actor=worker, donor=donors[3], amount=120_000_000, on=today)
    allocation = services.allocation_propose(actor=checker)
    services.allocation_decide(actor=checker, allocation=allocation,
                               case_ids=allocation.proposal["chosen"])  # fmt: skip
    out(f"پویش آزادسازی: {len(PLAN)} پرونده، {len(DONORS)} نیکوکار.")


__all__ = ["Programme", "load_release"]
