"""Demo: the children and teens context. For every child of the registry of school
age: a school and grade per academic year (two completed years and the current
one, a few repeats and transfers), term results (descriptive grades in primary
years, averages and core marks after), absences; the early warning replayed
term by term with the real rule (a year of flags, interventions, outcomes —
tutored children recover a little more often); three talent screening rounds;
about 300 model and gifted school applications with their support (proposed by
a social worker, approved by a manager, some still waiting, some paid); and a
summer of «به وقت نوجوانی» courses with consents, certificates, teams and
follow-ups. Bulk rows (one audit entry per table), deterministic, idempotent."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from . import demo_rng
from .youth_teens import teens

SCHOOLS_PER_DISTRICT = 14
SCHOOL_WORDS = [
    "فردوسی", "سعدی", "حافظ", "پروین اعتصامی", "خواجه نصیر", "ابن سینا", "رازی",
    "فارابی", "بیرونی", "خیام", "مولوی", "عطار", "نظامی", "سهراب", "امید", "فرهنگ",
    "دانش", "اندیشه", "مهر", "نور", "بهار", "آزادی",
]  # fmt: skip
KIND_WEIGHTS = [("tutoring", 40), ("counselling", 25), ("package", 15), ("supplies", 12),
                ("referral", 8)]  # fmt: skip


def _d(x: float) -> Decimal:
    return Decimal(f"{max(0.0, min(20.0, x)):.2f}")


def _schools(rng, districts) -> dict[int, dict[str, list[int]]]:
    from tavana.core.bulk import insert_rows
    from tavana.core.domain.persian_text import search_key, to_persian_digits
    from tavana.youth.models import School, SchoolType

    types = {t.code: t.pk for t in SchoolType.objects.all()}
    rows, kinds = [], []
    for d in districts:
        for i in range(SCHOOLS_PER_DISTRICT):
            word = SCHOOL_WORDS[(d.number * 3 + i) % len(SCHOOL_WORDS)]
            if i < 6:
                name, kind, t = f"دبستان {word}", "primary", "public"
            elif i < 10:
                name, kind, t = f"دبیرستان {word}", "secondary", "public" if i < 9 else "non_profit"
            elif i < 12:
                name, kind, t = f"دبیرستان نمونه دولتی {word}", "selective", "model"
            else:
                name, kind, t = f"دبیرستان استعدادهای درخشان {word}", "selective", "gifted"
            name = f"{name} منطقهٔ {to_persian_digits(d.number)}"
            rows.append(
                {
                    "name": name,
                    "name_key": search_key(name),
                    "school_type_id": types[t],
                    "district_id": d.pk,
                    "code": f"{d.number:02d}{i:03d}",
                    "active": True,
                }
            )
            kinds.append((d.pk, kind))
    ids = insert_rows(School, rows)
    out: dict[int, dict[str, list[int]]] = {}
    for pk, (district, kind) in zip(ids, kinds, strict=True):
        out.setdefault(district, {}).setdefault(kind, []).append(pk)
    return out


def _grade(born: dt.date, year: int) -> int | None:
    from tavana.youth.domain import academic

    mehr = academic.academic_year_range(year)[0]
    age = mehr.year - born.year - ((mehr.month, mehr.day) < (born.month, born.day))
    grade = age - 5
    return grade if 1 <= grade <= 12 else None


def _term_values(rng, grade: int, level: float, absences_mean: float) -> dict:
    from tavana.youth.domain import academic

    absences = int(rng.expovariate(1 / absences_mean)) if absences_mean else 0
    if academic.is_descriptive(grade):
        code = ("very_good" if level >= 16.5 else "good" if level >= 14 else
                "acceptable" if level >= 11.5 else "needs_effort")  # fmt: skip
        return {"average": None, "descriptive": code, "marks": {}, "absences": absences}
    marks = {c: str(_d(level + rng.gauss(0, 1.8))) for c in academic.CORE_SUBJECTS}
    return {"average": _d(level), "descriptive": "", "marks": marks, "absences": absences}


class _Replay:
    """One child's terms in order, with the real early-warning rule."""

    def __init__(self, rng, indicators, today, partners):
        self.rng, self.indicators, self.today, self.partners = rng, indicators, today, partners
        self.flags: list[dict] = []
        self.interventions: list[dict] = []
        self.pending: dict[int, list[dict]] = {}

    def term(self, child, history, open_flags, year, term, district_id, warn: bool) -> float:
        """Judge the latest term; returns the recovery bonus for the next term."""
        from tavana.youth.domain import academic
        from tavana.youth.domain import early_warning as ew

        on = min(academic.term_results_on(year, term) + dt.timedelta(days=3), self.today)
        fired = {f.code: f for f in ew.evaluate(history, self.indicators)} if warn else {}
        latest = history[-1]
        bonus = 0.0
        for code, flag in list(open_flags.items()):
            if code in fired:
                continue
            flag.update(status="resolved", resolved_year=year, resolved_term=term, resolved_on=on)
            del open_flags[code]
        for i in self.pending.get(child, []):
            if not i["outcome"] and i["_order"] < latest.order:
                after = latest.average
                before = i["average_before"]
                resolved = i["_flag"]["status"] == "resolved"
                if before is not None and after is not None and after - before >= Decimal("0.25"):
                    outcome = "improved"
                elif before is not None and after is not None and before - after >= Decimal("0.25"):
                    outcome = "worse"
                else:
                    outcome = "improved" if resolved else "same"
                i.update(outcome=outcome, outcome_year=year, outcome_term=term, average_after=after)
        for code, f in fired.items():
            if code in open_flags:
                continue
            row = {"child_id": child, "indicator": code, "severity": f.severity,
                   "reason": f.reason[:400], "threshold": f.threshold, "year": year,
                   "term": term, "raised_on": on, "district_id": district_id, "status": "open",
                   "resolved_year": None, "resolved_term": None, "resolved_on": None}  # fmt: skip
            open_flags[code] = row
            self.flags.append(row)
            if self.rng.random() < 0.65 and on < self.today:
                kind = self.rng.choices([k for k, _ in KIND_WEIGHTS], [w for _, w in KIND_WEIGHTS])[
                    0
                ]
                started = min(on + dt.timedelta(days=self.rng.randint(3, 25)), self.today)
                self.interventions.append(
                    {"child_id": child, "kind": kind, "started_on": started, "_flag": row,
                     "_order": latest.order, "average_before": latest.average, "outcome": "",
                     "outcome_year": None, "outcome_term": None, "average_after": None,
                     "note": "", "partner_id": self.rng.choice(self.partners)
                     if kind == "referral" and self.partners else None}
                )  # fmt: skip
                if kind == "referral" and not self.partners:
                    self.interventions[-1]["kind"] = "counselling"
                self.pending.setdefault(child, []).append(self.interventions[-1])
                bonus = max(bonus, 1.4 if kind == "tutoring" else 0.6)
        return bonus


def _children(today):
    from tavana.people.models import Person
    from tavana.people.selectors import child_ids

    return list(
        Person.objects.filter(
            pk__in=child_ids(), merged_into__isnull=True, birth_date__isnull=False
        )
        .order_by("pk")
        .values_list("pk", "birth_date", "district_id")
    )


def _records(out, rng, today, schools, children, actor) -> dict:
    """School years, results, flags and interventions for every school-age child."""
    from tavana.core.bulk import insert_rows
    from tavana.youth.domain import academic
    from tavana.youth.domain import early_warning as ew
    from tavana.youth.models import Intervention, RiskFlag, SchoolYear, TermResult
    from tavana.youth.selectors import indicator_specs

    this = academic.academic_year_of(today)
    years = [this - 2, this - 1, this]
    warn_from = academic.term_order(this - 1, 1)  # a year of flags
    indicators = indicator_specs()
    partners = list(_partner_ids())
    replay = _Replay(rng, indicators, today, partners)
    sy_rows, results = [], []
    any_district = next(iter(schools))
    for pk, born, district in children:
        pools = schools.get(district) or schools[any_district]
        level = min(19.5, max(7.0, rng.gauss(15.6, 2.4)))
        trend = rng.choice([0.0, 0.0, 0.0, -1.5, 0.8]) if rng.random() < 0.3 else 0.0
        absences_mean = rng.choice([2, 2, 3, 4, 9]) if rng.random() < 0.9 else 14
        grade_prev, history, open_flags, bonus = None, [], {}, 0.0
        school_primary, school_secondary = (
            rng.choice(pools["primary"]),
            rng.choice(pools["secondary"]),
        )
        for year in years:
            grade = _grade(born, year)
            if grade is None:
                continue
            if grade_prev is not None and rng.random() < 0.03:
                grade = grade_prev  # a repeated grade
            grade_prev = grade
            school = school_primary if grade <= 6 else school_secondary
            start, end = academic.academic_year_range(year)
            transfer = year == this - 1 and rng.random() < 0.02
            sy_rows.append({"child_id": pk, "year": year, "grade": grade, "school_id": school,
                            "started_on": start, "left_on": None if year == this and not transfer
                            else end, "transfer_reason": "", "recorded_by_id": actor.pk})  # fmt: skip
            if transfer:
                mid = start + dt.timedelta(days=100)
                sy_rows[-1]["left_on"], sy_rows[-1]["transfer_reason"] = mid, "جابه‌جایی محل سکونت"
                school = rng.choice(pools["primary" if grade <= 6 else "secondary"])
                sy_rows.append({"child_id": pk, "year": year, "grade": grade, "school_id": school,
                                "started_on": mid, "left_on": None if year == this else end,
                                "transfer_reason": "", "recorded_by_id": actor.pk})  # fmt: skip
            for term in (1, 2):
                if academic.term_results_on(year, term) > today:
                    continue
                level = min(19.8, max(5.0, level + trend / 2 + bonus + rng.gauss(0, 0.7)))
                if rng.random() < 0.04:
                    level -= 3.5  # a sudden drop
                values = _term_values(rng, grade, level, absences_mean)
                results.append({"child_id": pk, "school_year_index": len(sy_rows) - 1,
                                "year": year, "term": term, "grade": grade, **values,
                                "source": "import", "recorded_by_id": actor.pk})  # fmt: skip
                history.append(ew.TermFacts(year, term, grade, values["average"],
                                            values["descriptive"] or None, values["absences"],
                                            {k: Decimal(v) for k, v in values["marks"].items()}))  # fmt: skip
                warn = academic.term_order(year, term) >= warn_from
                bonus = replay.term(pk, history, open_flags, year, term, district, warn)
    with transaction.atomic():
        sy_ids = insert_rows(SchoolYear, sy_rows)
        for r in results:
            r["school_year_id"] = sy_ids[r.pop("school_year_index")]
        insert_rows(TermResult, results)
        flag_ids = insert_rows(RiskFlag, replay.flags)
        for row, pk in zip(replay.flags, flag_ids, strict=True):
            row["id"] = pk
        rows = []
        for i in replay.interventions:
            flag = i.pop("_flag")
            i.pop("_order")
            rows.append({**i, "flag_id": flag["id"], "recorded_by_id": actor.pk})
        _as_mothers_services(rows, actor)
        insert_rows(Intervention, rows)
        _audit(actor, {"school_years": len(sy_rows), "term_results": len(results),
                       "flags": len(replay.flags), "interventions": len(rows)})  # fmt: skip
    return {"school_years": len(sy_rows), "results": len(results), "flags": len(replay.flags),
            "interventions": len(rows)}  # fmt: skip


def _as_mothers_services(rows: list[dict], actor) -> None:
    """Each intervention is also a service in the mother's casework history (as
    `youth.services.intervention_record` writes it): one neutral service per
    intervention, its id kept on the intervention row."""
    from decimal import Decimal

    from tavana.casework.models import Delivery
    from tavana.core.bulk import insert_rows
    from tavana.people.models import Membership
    from tavana.youth.services.warning import child_service_type

    children = {r["child_id"] for r in rows}
    household_of = dict(
        Membership.objects.filter(
            person_id__in=children, relation=Membership.CHILD, end_date__isnull=True
        ).values_list("person_id", "household_id")
    )
    adult_of: dict[int, int] = {}
    for hh, pid in (
        Membership.objects.filter(
            household_id__in=set(household_of.values()), end_date__isnull=True
        )
        .exclude(relation=Membership.CHILD)
        .order_by("relation", "pk")
        .values_list("household_id", "person_id")
    ):
        adult_of.setdefault(hh, pid)
    service = child_service_type()
    with_mother = [r for r in rows if adult_of.get(household_of.get(r["child_id"], -1))]
    ids = insert_rows(
        Delivery,
        [
            {"person_id": adult_of[household_of[r["child_id"]]], "service_id": service.pk,
             "delivered_on": r["started_on"], "delivered_by_id": actor.pk, "centre_id": None,
             "quantity": Decimal(1), "unit": "case", "note": ""}
            for r in with_mother
        ],
    )  # fmt: skip
    for r in rows:
        r["delivery_id"] = None
    for r, pk in zip(with_mother, ids, strict=True):
        r["delivery_id"] = pk


def _partner_ids():
    from tavana.partners.models import Organisation

    return Organisation.objects.filter(active=True).order_by("code").values_list("pk", flat=True)


def _audit(actor, after: dict) -> None:
    from tavana.audit.services import audit_write

    audit_write(actor=actor, action="youth.demo_load", object_type="youth.demo", after=after)


def _talent(rng, today, children, actor) -> int:
    from tavana.core.bulk import insert_rows
    from tavana.youth.models import TalentResult, TalentRound

    partners = list(_partner_ids())
    rounds = [
        ("آزمون استعداد ریاضی و علوم", "academic", "test", "آزمون استاندارد استعداد تحصیلی", 40),
        ("مشاهدهٔ استعداد هنری در کارگاه نقاشی", "art", "observation", "فرم مشاهدهٔ مربی", 120),
        ("آزمون رباتیک و برنامه‌نویسی", "technology", "test", "آزمون عملی ساخت ربات", 200),
    ]
    eligible = [c for c in children if 8 <= today.year - c[1].year <= 15]
    n = 0
    for title, domain, method, instrument, days_ago in rounds:
        r = TalentRound.objects.create(title=title, domain=domain, method=method,
                                       instrument=instrument, cutoff=80, created_by=actor,
                                       held_on=today - dt.timedelta(days=days_ago))  # fmt: skip
        rows = []
        for pk, _, _ in rng.sample(eligible, min(220, len(eligible))):
            score = max(0, min(100, int(rng.gauss(66, 14))))
            talented = score >= 80
            refer = talented and partners and rng.random() < 0.5
            rows.append({"round_id": r.pk, "child_id": pk, "score": score, "talented": talented,
                         "note": "", "referred_to_id": rng.choice(partners) if refer else None,
                         "referred_on": r.held_on + dt.timedelta(days=14) if refer else None,
                         "recorded_by_id": actor.pk})  # fmt: skip
        insert_rows(TalentResult, rows)
        n += len(rows)
    return n


def mothers_of(child_ids) -> dict[int, int]:
    """child id → the id of the head (or first adult) of her current household, in one query."""
    from tavana.people.models import Membership

    homes = dict(
        Membership.objects.filter(
            person_id__in=child_ids, relation="child", end_date__isnull=True
        ).values_list("person_id", "household_id")
    )
    adults: dict[int, int] = {}
    for hh, person, _relation in (
        Membership.objects.filter(household_id__in=set(homes.values()), end_date__isnull=True)
        .exclude(relation="child")
        .order_by("relation", "pk")
        .values_list("household_id", "person_id", "relation")
    ):
        adults.setdefault(hh, person)
    return {c: adults[h] for c, h in homes.items() if h in adults}


def _gifted(rng, today, actor, checker, schools) -> dict:
    """~300 applications for pupils finishing grades 3, 6 and 9 with good results."""
    from tavana.core.domain.identifiers import make_sheba
    from tavana.core.domain.persian_text import to_persian_digits
    from tavana.people.models import Person
    from tavana.youth.domain import academic
    from tavana.youth.models import (
        BudgetLine,
        GiftedApplication,
        School,
        SchoolYear,
        SupportGrant,
        TermResult,
    )  # fmt: skip

    this = academic.academic_year_of(today)
    lines = {}
    for y in (this, this + 1):
        lines[y] = BudgetLine.objects.create(
            code=f"edu-support-{y}", name=f"حمایت تحصیلی سال {to_persian_digits(y)}", year=y,
            amount_toman=3_000_000_000,
        )  # fmt: skip
    good = set(TermResult.objects.filter(average__gte=17).values_list("child_id", flat=True))
    good |= set(
        TermResult.objects.filter(descriptive="very_good").values_list("child_id", flat=True)
    )
    candidates = list(
        SchoolYear.objects.filter(year__in=(this - 1, this), grade__in=(3, 6, 9), child_id__in=good)
        .order_by("child_id", "year")
        .values_list("child_id", "year", "grade")
    )
    picked = rng.sample(candidates, min(300, len(candidates)))
    mothers = mothers_of([c for c, _, _ in picked])
    districts = dict(
        Person.objects.filter(pk__in=[c for c, _, _ in picked]).values_list("pk", "district_id")
    )
    selective = {s.pk: s.district_id for s in School.objects.filter(school_type__selective=True)}
    n_apps = n_grants = 0
    for child_id, year, grade in sorted(picked):
        mother_id = mothers.get(child_id)
        if mother_id is None:
            continue
        exam = "gifted" if rng.random() < 0.45 else "model"
        done = year < this
        registered = academic.academic_year_range(year)[0] + dt.timedelta(
            days=rng.randint(150, 200)
        )
        registered = min(registered, today)
        admitted = done and rng.random() < 0.35
        district_id = districts.get(child_id)
        near = [s for s, d in selective.items() if d == district_id] or list(selective)
        app, created = GiftedApplication.objects.get_or_create(
            child_id=child_id, exam=exam, year=year + 1,
            defaults={"grade": grade + 1, "registered_on": registered, "district_id": district_id,
                      "status": ("admitted" if admitted else "not_admitted") if done else "applied",
                      "admitted_school_id": rng.choice(near) if admitted else None,
                      "result_on": registered + dt.timedelta(days=90) if done else None,
                      "created_by": actor, "registration_code": f"{rng.randint(10**7, 10**8 - 1)}"},
        )  # fmt: skip
        if not created:
            continue
        n_apps += 1
        sheba = make_sheba(
            f"0{rng.choice([17, 12, 15, 19, 55, 56])}0{rng.randint(10**17, 10**18 - 1)}"[:22]
        )
        kinds = [("registration", 350_000), ("preparation", 2_800_000)]
        if admitted:
            kinds += [("tuition", 6_000_000), ("transport", 1_500_000)]
        for kind, amount in kinds:
            if rng.random() < 0.3:
                continue
            waiting = not done and rng.random() < 0.15
            status = (
                "proposed" if waiting else ("paid" if done and rng.random() < 0.7 else "approved")
            )
            SupportGrant.objects.create(
                application=app, kind=kind, amount_toman=amount, budget_line=lines[year + 1]
                if year + 1 in lines else lines[this], payee_id=mother_id, sheba=sheba, status=status,
                proposed_by=actor, decided_by=None if waiting else checker,
                decided_on=None if waiting else registered + dt.timedelta(days=10),
                paid_on=registered + dt.timedelta(days=30) if status == "paid" else None,
                payment_ref=f"P{app.pk}-{kind}" if status == "paid" else "",
            )  # fmt: skip
            n_grants += 1
    return {"applications": n_apps, "grants": n_grants}


CLEARED = ("admin", "registrar", "socialworker", "centremanager", "manager")


def _clear_demo_staff() -> None:
    from tavana.accounts.models import User
    from tavana_demo.accounts import demo_clearance

    for user in User.objects.filter(username__in=CLEARED):
        demo_clearance(user, "children", days=300)


def load_youth(out, *, today: dt.date | None = None) -> dict | None:
    from tavana.accounts import roles
    from tavana.accounts.models import User
    from tavana.core.models import District
    from tavana.youth.models import SchoolYear

    _clear_demo_staff()
    if SchoolYear.objects.exists():
        out(
            f"کودکان و نوجوانان: {SchoolYear.objects.values('child').distinct().count()} دانش‌آموز (موجود)"
        )
        return None
    started = time.monotonic()
    today = today or timezone.localdate()
    rng = demo_rng("youth")
    actor = User.objects.filter(role=roles.SOCIAL_WORKER, username="socialworker").first() or \
        User.objects.filter(role=roles.SOCIAL_WORKER).order_by("pk").first()  # fmt: skip
    checker = User.objects.filter(role=roles.MANAGER).order_by("pk").first()
    districts = list(District.objects.order_by("number"))
    children = _children(today)
    if actor is None or checker is None or not districts or not children:
        out("کودکان و نوجوانان: کاربر یا فرزندی نیست؛ داده‌ای ساخته نشد.")
        return None
    with transaction.atomic():
        schools = _schools(rng, districts)
        summary = _records(out, rng, today, schools, children, actor)
        summary["talent"] = _talent(rng, today, children, actor)
        summary.update(_gifted(rng, today, actor, checker, schools))
        summary.update(teens(rng, today, children, actor))
    out(
        f"کودکان و نوجوانان: {summary['school_years']} سال تحصیلی، {summary['results']} کارنامه، "
        f"{summary['flags']} هشدار، {summary['interventions']} اقدام، "
        f"{summary['applications']} درخواست مدارس نمونه و تیزهوشان، "
        f"{summary.get('certificates', 0)} گواهی به وقت نوجوانی "
        f"({time.monotonic() - started:.0f} ثانیه)"
    )
    return summary
