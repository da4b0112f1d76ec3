"""Figures of the children and teens context: counts only, never a child. The
page's disclosure control (small-cell suppression) applies to them as to
every table, so a partner analyst sees them only in aggregate."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q, Sum

from tavana.core.domain.persian_text import to_persian_digits
from tavana.youth.domain import academic
from tavana.youth.domain.effect import METHOD, Pupil, matched_effect
from tavana.youth.models import (
    GiftedApplication,
    Intervention,
    RiskFlag,
    SupportGrant,
    TalentResult,
    TeenProgramme,
    TermResult,
)

from .selectors import Filters, Table, _grid

AGE_GROUPS = [("۶ تا ۱۱ سال", 6, 11), ("۱۲ تا ۱۴ سال", 12, 14), ("۱۵ تا ۱۹ سال", 15, 19)]


def _age_group(born, on) -> int | None:
    if born is None:
        return None
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    for i, (_, lo, hi) in enumerate(AGE_GROUPS):
        if lo <= age <= hi:
            return i
    return None


def _district(qs, f: Filters, field: str = "child__district"):
    return qs.filter(**{field: f.district}) if f.district else qs


def children_served(f: Filters) -> Table:
    """Distinct children who received each service in the period, by age group."""
    from tavana.training.models import CourseEnrolment

    services: list[tuple[str, object]] = [
        (label, _district(Intervention.objects.filter(kind=kind), f).filter(
            started_on__gte=f.start, started_on__lt=f.end
        ).values_list("child_id", "child__birth_date"))
        for kind, label in Intervention.KIND_CHOICES
    ]  # fmt: skip
    services.append(
        (
            "استعدادیابی",
            _district(TalentResult.objects, f)
            .filter(round__held_on__gte=f.start, round__held_on__lt=f.end)
            .values_list("child_id", "child__birth_date"),
        )
    )
    services.append(
        (
            "آزمون مدارس نمونه و تیزهوشان",
            _district(GiftedApplication.objects, f)
            .filter(registered_on__gte=f.start, registered_on__lt=f.end)
            .values_list("child_id", "child__birth_date"),
        )
    )
    teens = CourseEnrolment.objects.filter(
        course__teen_programme__isnull=False,
        course__first_date__gte=f.start,
        course__first_date__lt=f.end,
    )
    services.append(
        (
            "به وقت نوجوانی",
            _district(teens, f, "person__district").values_list("person_id", "person__birth_date"),
        )
    )
    pairs = []
    for i, (_, rows) in enumerate(services):
        seen: dict[int, int | None] = {}
        for child_id, born in rows:
            seen[child_id] = _age_group(born, f.end)
        for g in seen.values():
            if g is not None:
                pairs.append((i, g, 1))
    return Table(
        "youth_served",
        "کودکان و نوجوانانی که در این دوره خدمت گرفتند، به تفکیک خدمت و سن",
        "خدمت",
        [label for label, _ in services],
        [label for label, _, _ in AGE_GROUPS],
        _grid(pairs, list(range(len(services))), list(range(len(AGE_GROUPS)))),
        note="هر کودک در هر خدمت یک بار شمرده می‌شود؛ سن در پایان دوره.",
    )


def flags_by_term(f: Filters) -> Table:
    raised = _district(RiskFlag.objects, f).filter(raised_on__gte=f.start, raised_on__lt=f.end)
    resolved = _district(RiskFlag.objects, f).filter(
        status=RiskFlag.RESOLVED, resolved_on__gte=f.start, resolved_on__lt=f.end
    )
    counts: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for r in raised.values("year", "term").annotate(n=Count("id")).order_by():
        counts[(r["year"], r["term"])][0] += r["n"]
    for r in resolved.values("resolved_year", "resolved_term").annotate(n=Count("id")).order_by():
        counts[(r["resolved_year"], r["resolved_term"])][1] += r["n"]
    terms = sorted(counts)
    return Table(
        "youth_flags",
        "هشدارهای افت تحصیلی: ثبت‌شده و برطرف‌شده به تفکیک نوبت",
        "نوبت",
        [academic.term_label(y, t) for y, t in terms],
        ["هشدار تازه", "برطرف‌شده"],
        [counts[k] for k in terms],
    )


def _pupils(f: Filters) -> list[Pupil]:
    """Children with results at a term whose results fall in the period and at the
    term after it; tutored: a tutoring intervention answered a flag of that term."""
    results = _district(TermResult.objects, f).filter(average__isnull=False)
    by_child: dict[int, dict[tuple[int, int], tuple]] = defaultdict(dict)
    for r in results.values_list(
        "child_id", "year", "term", "grade", "average", "child__district_id"
    ):
        by_child[r[0]][(r[1], r[2])] = r
    tutored = set(
        Intervention.objects.filter(kind=Intervention.TUTORING).values_list(
            "child_id", "flag__year", "flag__term"
        )
    )
    out = []
    for child_id, terms in by_child.items():
        for (year, term), r in terms.items():
            if not f.start <= academic.term_results_on(year, term) < f.end:
                continue
            nxt = (year, 2) if term == 1 else (year + 1, 1)
            if nxt not in terms:
                continue
            start = float(r[4])
            out.append(
                Pupil(child_id, year, term, r[3], r[5], start, float(terms[nxt][4]) - start,
                      (child_id, year, term) in tutored)
            )  # fmt: skip
    return out


def _mark(x: float | None) -> str:
    if x is None:
        return "—"
    sign = "+" if x > 0 else ""
    return to_persian_digits(f"{sign}{x:.2f}").replace(".", "٫")


def tutoring_effect(f: Filters) -> Table:
    e = matched_effect(_pupils(f))
    note = METHOD
    if e.tutored >= 5 and e.comparisons >= 5:
        note = (
            f"میانگین تغییر معدل: با کلاس تقویتی {_mark(e.tutored_change)}، گروه مقایسه "
            f"{_mark(e.comparison_change)} (تفاوت {_mark(e.difference)}). " + METHOD
        )
    elif e.tutored:
        note = "کودکان کمتر از آن‌اند که میانگین نشان داده شود. " + METHOD
    return Table(
        "youth_tutoring",
        "کلاس تقویتی و تغییر معدل در نوبت بعد، در کنار کودکان هم‌پایه و هم‌منطقهٔ بی‌کلاس",
        "گروه",
        ["با کلاس تقویتی (دارای همتا)", "بی‌همتا (کنار گذاشته)", "گروه مقایسه"],
        ["تعداد کودکان"],
        [[e.tutored], [e.unmatched], [e.comparisons]],
        note=note,
    )


def gifted_admissions(f: Filters) -> Table:
    apps = _district(GiftedApplication.objects, f, "district").filter(
        registered_on__gte=f.start, registered_on__lt=f.end
    )
    counts = {
        r["exam"]: r
        for r in apps.values("exam")
        .annotate(n=Count("id"), admitted=Count("id", filter=Q(status=GiftedApplication.ADMITTED)))
        .order_by()
    }
    money = dict(
        SupportGrant.objects.filter(
            application__in=apps, status__in=(SupportGrant.APPROVED, SupportGrant.PAID)
        )
        .values_list("application__exam")
        .annotate(s=Sum("amount_toman"))
        .order_by()
    )
    exams = GiftedApplication.EXAM_CHOICES
    return Table(
        "youth_gifted",
        "مدارس نمونه و تیزهوشان: درخواست‌ها، قبولی‌ها و حمایت مالی",
        "آزمون",
        [label for _, label in exams],
        ["ثبت‌نام در آزمون", "پذیرفته شد"],
        [[counts.get(c, {}).get("n", 0), counts.get(c, {}).get("admitted", 0)] for c, _ in exams],
        amounts=[money.get(c, 0) or 0 for c, _ in exams],
        amount_title="حمایت تأییدشده (تومان)",
    )


def teen_completions(f: Filters) -> Table:
    from tavana.training.models import CourseEnrolment

    qs = CourseEnrolment.objects.filter(
        course__teen_programme__isnull=False,
        course__first_date__gte=f.start,
        course__first_date__lt=f.end,
    )
    qs = _district(qs, f, "course__centre__district")
    themes = TeenProgramme._meta.get_field("theme").choices or []
    statuses = [
        (CourseEnrolment.ENROLLED, "در جریان"),
        (CourseEnrolment.COMPLETED, "پایان موفق"),
        (CourseEnrolment.NOT_COMPLETED, "پایان ناموفق"),
    ]
    pairs = [
        (r["course__teen_programme__theme"], r["status"], r["n"])
        for r in qs.values("course__teen_programme__theme", "status")
        .annotate(n=Count("id"))
        .order_by()
    ]
    return Table(
        "youth_teens",
        "«به وقت نوجوانی»: ثبت‌نام و پایان دوره به تفکیک محور",
        "محور",
        [label for _, label in themes],
        [label for _, label in statuses],
        _grid(pairs, [c for c, _ in themes], [s for s, _ in statuses]),
    )


def youth_tables(f: Filters) -> list[Table]:
    return [
        children_served(f),
        flags_by_term(f),
        tutoring_effect(f),
        gifted_admissions(f),
        teen_completions(f),
    ]
