"""Casework demo data: the ladder over two years, assessments, services received,
programme enrolments, and a caseload for the demo social worker.

About half the registered women (the Center says 19,823 of ~40,000) receive some
model of service. Deterministic (`demo_rng`, dates relative to today), idempotent
(nothing is added once any woman has a support level) and fast: rows are built
in memory and written with `bulk_create` in one transaction; the audit log gets
one summary entry.
"""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from tavana.accounts.models import User
from tavana.audit.services import audit_write
from tavana.casework.domain import stages
from tavana.casework.domain.assessment import next_assessment_months, suggest_level
from tavana.casework.domain.stages import add_months
from tavana.casework.models import (
    Assessment,
    AssessmentAnswer,
    CaseAssignment,
    CaseNote,
    Delivery,
    Enrolment,
    EnrolmentStageChange,
    LevelChange,
    PlanAction,
    PlanGoal,
    Programme,
    Question,
    Referral,
    ServiceType,
    SupportLevel,
    SupportStatus,
)
from tavana.core.bulk import insert_rows
from tavana.partners.models import Organisation
from tavana.people.models import Person
from tavana.training.models import Centre
from tavana_demo import demo_rng

SERVED_SHARE = 19_823 / 40_000
ASSESSED_WITH_ANSWERS = 3_000  # the most recent assessments keep their answers
CASELOAD = 60
BATCH = 2_000

START_WEIGHTS = {
    "counselling": 30,
    "skills": 35,
    "facilitation": 20,
    "growth": 10,
    "independent": 5,
}
# level → programme and the services typical of it (service code, quantity choices)
LEVEL_PROGRAMME = {
    "counselling": "psychosocial",
    "skills": "skills",
    "facilitation": "business",
    "growth": "business",
    "independent": "business",
}
LEVEL_SERVICES = {
    "counselling": [("counselling_session", (1, 1, 2)), ("group_counselling", (1, 2))],
    "skills": [("skills_referral", (1,)), ("skills_course", (12, 24, 36)), ("childcare_support", (5, 10))],
    "facilitation": [("business_advice", (1, 2)), ("mentoring", (1, 2, 3)), ("legal_advice", (1,))],
    "growth": [("business_advice", (1, 2)), ("bazaar_booth", (1,)), ("mentoring", (2, 4))],
    "independent": [("bazaar_booth", (1,)), ("business_advice", (1,))],
}  # fmt: skip
UP_REASONS = {
    "skills": "آمادگی روانی برای آموزش پیدا کرد.",
    "facilitation": "دورهٔ مهارتی را با موفقیت گذراند.",
    "growth": "کسب‌وکار خانگی‌اش راه افتاد.",
    "independent": "درآمد پایدار دارد؛ پیگیری دوره‌ای.",
}
DOWN_REASONS = (
    "بحران خانوادگی؛ نیاز دوباره به مشاوره.",
    "بیماری و توقف کار.",
    "تعطیلی کارگاه و از دست دادن بازار.",
)
GOALS = (
    ("گذراندن دورهٔ مهارتی خیاطی", "معرفی به مرکز کوثر و پیگیری ثبت‌نام"),
    ("شروع کسب‌وکار خانگی", "جلسه با منتور برای طرح کسب‌وکار"),
    ("پیدا کردن مهدکودک برای فرزند", "پیگیری ثبت‌نام در مهد محله"),
    ("افزایش فروش محصولات", "معرفی به بازارچهٔ فصلی"),
    ("ادامهٔ تحصیل فرزند", "گفت‌وگو با مدرسه دربارهٔ افت تحصیلی"),
)
NOTES = (
    "تماس تلفنی؛ برای جلسهٔ بعد هماهنگ شد.",
    "بازدید منزل انجام شد؛ شرایط مسکن نامناسب است.",
    "در جلسهٔ گروهی شرکت کرد و علاقه‌مند به آموزش است.",
)
SENSITIVE_NOTES = ("گزارش خشونت خانگی؛ ارجاع به مشاور و پیگیری هفتگی.",)


def _weighted(rng, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _next_id(model) -> int:
    return (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1


@transaction.atomic
def load_casework(out, *, today: dt.date | None = None) -> dict | None:
    if SupportStatus.objects.exists():
        out(f"مددکاری: {SupportStatus.objects.count()} زن با سطح حمایت (از پیش)")
        return None
    women = list(
        Person.objects.filter(
            registration__isnull=False, merged_into__isnull=True, sex=Person.FEMALE
        )
        .order_by("id")
        .values_list("id", "district_id", "registration__registered_at")
    )
    if not women:
        out("مددکاری: زنی در سامانه ثبت نشده است؛ داده‌ای ساخته نشد.")
        return None
    started = time.monotonic()
    today = today or timezone.localdate()
    rng = demo_rng("casework")
    levels = {lv.code: lv for lv in SupportLevel.objects.all()}
    order = {code: lv.order for code, lv in levels.items()}
    by_order = {lv.order: code for code, lv in levels.items()}
    services = {s.code: s for s in ServiceType.objects.all()}
    programmes = {p.code: p for p in Programme.objects.all()}
    centres: dict[int, list[int]] = {}
    for cid, did in Centre.objects.values_list("id", "district_id"):
        centres.setdefault(did, []).append(cid)
    sw = User.objects.filter(username="socialworker").first()
    sw_districts = set(sw.districts.values_list("id", flat=True)) if sw else set()

    served = sorted(rng.sample(women, max(1, round(len(women) * SERVED_SHARE))))
    statuses, changes, deliveries, enrolments, histories = [], [], [], [], []
    latest_placement: dict[int, tuple[str, dt.date]] = {}
    enrolment_id = _next_id(Enrolment)
    for pid, did, registered_at in served:
        reg = registered_at.date() if registered_at else today - dt.timedelta(days=700)
        earliest = max(reg, today - dt.timedelta(days=730))
        span = max(1, (today - earliest).days - 20)
        day = min(today, earliest + dt.timedelta(days=rng.randint(0, min(span, 240))))
        code = _weighted(rng, START_WEIGHTS)
        decided_by = sw.pk if (sw and did in sw_districts) else None
        path = [(None, code, day, "ارزیابی اولیه")]
        while True:
            day = day + dt.timedelta(days=rng.randint(90, 270))
            if day > today:
                break
            if rng.random() < 0.06 and order[code] > 1:
                nxt = by_order[order[code] - 1]
                reason = rng.choice(DOWN_REASONS)
            elif order[code] < len(order) and rng.random() < 0.55:
                nxt = by_order[order[code] + 1]
                reason = UP_REASONS.get(nxt, "")
            else:
                continue
            path.append((code, nxt, day, reason))
            code = nxt
        for frm, to, d, reason in path:
            changes.append(
                {
                    "person_id": pid,
                    "from_level_id": levels[frm].pk if frm else None,
                    "to_level_id": levels[to].pk,
                    "date": d,
                    "reason": reason,
                    "decided_by_id": decided_by,
                }
            )
        since = path[-1][2]
        # Reassessment dates follow the level; older ones have fallen due.
        statuses.append(
            {
                "person_id": pid,
                "level_id": levels[code].pk,
                "since": since,
                "reassess_on": add_months(since, next_assessment_months(code)),
            }
        )
        latest_placement[pid] = (code, since)
        # Services received along the way.
        for _frm, to, d, _why in path:
            for _n in range(rng.choice((0, 1, 1, 2))):
                s_code, quantities = rng.choice(LEVEL_SERVICES[to])
                when = d + dt.timedelta(days=rng.randint(1, 80))
                if when > today:
                    continue
                s = services[s_code]
                deliveries.append(
                    {
                        "person_id": pid,
                        "service_id": s.pk,
                        "delivered_on": when,
                        "delivered_by_id": decided_by,
                        "centre_id": rng.choice(centres[did]) if centres.get(did) else None,
                        "quantity": Decimal(rng.choice(quantities)),
                        "unit": s.default_unit,
                    }
                )
        # Her current programme and its stages.
        stage_path = [stages.REFERRED, stages.ENROLLED, stages.ACTIVE]
        if code == "independent":
            stage_path.append(stages.COMPLETED)
        elif rng.random() < 0.05:
            stage_path.append(stages.WITHDRAWN)
        d, prev = since, ""
        for st in stage_path:
            if d > today:
                break
            histories.append(
                {
                    "enrolment_id": enrolment_id,
                    "from_stage": prev,
                    "to_stage": st,
                    "date": d,
                    "reason": "انصراف به دلیل نقل مکان" if st == stages.WITHDRAWN else "",
                }
            )
            prev, last_day = st, d
            d = d + dt.timedelta(days=rng.randint(7, 45))
        enrolments.append(
            {
                "id": enrolment_id,
                "person_id": pid,
                "programme_id": programmes[LEVEL_PROGRAMME[code]].pk,
                "stage": prev,
                "stage_since": last_day,
            }
        )
        enrolment_id += 1

    insert_rows(LevelChange, changes)
    insert_rows(SupportStatus, statuses)
    insert_rows(Delivery, deliveries)
    insert_rows(Enrolment, enrolments)
    insert_rows(EnrolmentStageChange, histories)
    n_assessed = _assessments(rng, latest_placement, levels, sw, today)
    n_cases = _caseload(rng, sw, served, today) if sw else 0
    audit_write(
        actor=None,
        action="casework.demo_load",
        object_type="casework.supportstatus",
        after={
            "women": len(statuses),
            "level_changes": len(changes),
            "deliveries": len(deliveries),
            "assessments": n_assessed,
            "caseload": n_cases,
        },
    )
    seconds = time.monotonic() - started
    out(
        f"مددکاری: {len(statuses)} زن با سطح حمایت، {len(changes)} تغییر سطح، "
        f"{n_assessed} ارزیابی، {len(deliveries)} خدمت، {n_cases} پرونده برای مددکار "
        f"({seconds:.1f} ثانیه)"
    )
    return {"women": len(statuses), "changes": len(changes), "deliveries": len(deliveries)}


def _assessments(rng, latest_placement, levels, sw, today) -> int:
    """The most recent placements come with a full questionnaire whose answers fit the level."""
    questions = list(Question.objects.filter(active=True).prefetch_related("options"))
    if not questions:
        return 0
    options = {q.pk: {o.score: o.pk for o in q.options.all()} for q in questions}
    target_need = {
        "counselling": {"psychosocial": 3, "skills": 2, "business": 3},
        "skills": {"psychosocial": 1, "skills": 3, "business": 3},
        "facilitation": {"psychosocial": 0, "skills": 1, "business": 3},
        "growth": {"psychosocial": 0, "skills": 0, "business": 1},
        "independent": {"psychosocial": 0, "skills": 0, "business": 0, "livelihood": 0},
    }
    recent = sorted(latest_placement.items(), key=lambda kv: (kv[1][1], kv[0]), reverse=True)
    rows, answers = [], []
    next_id = _next_id(Assessment)
    for pid, (code, since) in recent[:ASSESSED_WITH_ANSWERS]:
        want = target_need[code]
        chosen = []
        for q in questions:
            score = want.get(q.domain, rng.choice((0, 0, 1, 1, 2, 3)))
            opts = options[q.pk]
            score = score if score in opts else min(opts)
            chosen.append((q, score))
            answers.append(
                {"assessment_id": next_id, "question_id": q.pk, "option_id": opts[score]}
            )
        s = suggest_level([(q.domain, score) for q, score in chosen])
        suggested = levels.get(s.level, levels[code])
        rows.append(
            {
                "id": next_id,
                "person_id": pid,
                "assessed_on": since,
                "assessed_by_id": sw.pk if sw else None,
                "suggested_level_id": suggested.pk,
                "reasons": s.reasons,
                "needs": s.needs,
                "decided_level_id": levels[code].pk,
                "override_reason": "" if suggested.code == code else "تصمیم مددکار پس از گفت‌وگو",
                "reassess_on": add_months(since, next_assessment_months(code)),
            }
        )
        next_id += 1
    insert_rows(Assessment, rows)
    insert_rows(AssessmentAnswer, answers)
    return len(rows)


def _caseload(rng, sw, served, today) -> int:
    """The demo social worker's caseload in her districts, with plans, notes and referrals."""
    districts = set(sw.districts.values_list("id", flat=True))
    mine = [pid for pid, did, _ in served if did in districts]
    if not mine:
        mine = [pid for pid, _, _ in served]
    mine = sorted(rng.sample(mine, min(CASELOAD, len(mine))))
    CaseAssignment.objects.bulk_create(
        [
            CaseAssignment(
                worker=sw,
                person_id=pid,
                start_date=today - dt.timedelta(days=rng.randint(30, 600)),
                reason="پذیرش پرونده",
            )
            for pid in mine
        ]
    )
    partners = list(Organisation.objects.all())
    counselling = ServiceType.objects.filter(code="partner_referral").first()
    goals, notes, referrals = [], [], []
    for i, pid in enumerate(mine):
        title, _ = GOALS[i % len(GOALS)]
        goals.append(
            PlanGoal(
                person_id=pid,
                title=title,
                target_date=today + dt.timedelta(days=rng.randint(30, 180)),
                created_by=sw,
            )
        )
        for _j in range(rng.randint(0, 2)):
            sensitive = rng.random() < 0.15
            notes.append(
                CaseNote(
                    person_id=pid,
                    author=sw,
                    sensitivity=CaseNote.SENSITIVE if sensitive else CaseNote.NORMAL,
                    text=rng.choice(SENSITIVE_NOTES if sensitive else NOTES),
                )
            )
        if partners and i % 4 == 0:
            answered = i % 8 == 0
            referrals.append(
                Referral(
                    person_id=pid,
                    kind=stages.REFER,
                    from_worker=sw,
                    to_partner=rng.choice(partners),
                    service=counselling,
                    request="درخواست بستهٔ معیشتی و بررسی پوشش حمایتی",
                    sent_on=today - dt.timedelta(days=rng.randint(5, 40)),
                    follow_up_on=today + dt.timedelta(days=rng.randint(-10, 14)),
                    status=stages.ANSWERED if answered else stages.SENT,
                    answered_on=today - dt.timedelta(days=2) if answered else None,
                    answer="پرونده تشکیل شد و مستمری برقرار شد." if answered else "",
                    answered_by=sw if answered else None,
                )
            )
    PlanGoal.objects.bulk_create(goals)
    actions = []
    for i, g in enumerate(PlanGoal.objects.filter(person_id__in=mine).order_by("id")):
        _, action = GOALS[i % len(GOALS)]
        due = today + dt.timedelta(days=rng.randint(-20, 30))
        done = due < today and rng.random() < 0.5
        actions.append(
            PlanAction(
                goal=g,
                description=action,
                follow_up_on=due,
                done_on=due if done else None,
                outcome="انجام شد" if done else "",
                created_by=sw,
            )
        )
    PlanAction.objects.bulk_create(actions)
    CaseNote.objects.bulk_create(notes)
    Referral.objects.bulk_create(referrals)
    return len(mine)
