"""Figures for managers and partners: aggregates only, a few GROUP BY queries each.

Every selector takes a `Filters` (a Jalali period as a Gregorian ``[start, end)``
and an optional district) and returns counts — never a person. Nothing here
reads the protected programmes' tables, and nothing is broken down by why a
woman is served (no breadwinner basis, no primary-earner flag).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, Sum

from tavana.bazaars.models import Assignment, Venue
from tavana.businesses.models import Business, Category
from tavana.campaign.domain import pipeline
from tavana.campaign.models import SignUp
from tavana.casework.domain import stages
from tavana.casework.models import Delivery, Enrolment, LevelChange, ServiceType, SupportLevel
from tavana.core.domain.jalali import TEHRAN
from tavana.core.models import District
from tavana.people.models import Membership, Person, Registration
from tavana.training.models import Certificate, Course, CourseEnrolment


@dataclass(frozen=True)
class Filters:
    start: dt.date
    end: dt.date  # exclusive
    district: District | None = None
    period_label: str = ""
    # a unit of the organisation and every unit under it (ids); empty: the whole Center
    unit_ids: tuple[int, ...] = ()
    unit_label: str = ""

    @property
    def start_at(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time.min, tzinfo=TEHRAN)

    @property
    def end_at(self) -> dt.datetime:
        return dt.datetime.combine(self.end, dt.time.min, tzinfo=TEHRAN)


@dataclass
class Table:
    """Counts by rows × columns; rows and columns partition what is counted."""

    key: str
    title: str
    row_title: str
    rows: list[str]
    cols: list[str]
    matrix: list[list[int]]
    note: str = ""
    # optional sums of money per row (shown only where the row's count is shown)
    amounts: list[int] | None = None
    amount_title: str = ""
    chart: bool = False
    extra: dict = field(default_factory=dict)


def _grid(pairs, row_keys: list, col_keys: list) -> list[list[int]]:
    """(row key, column key, n) triples → a matrix in the given key order."""
    ri = {k: i for i, k in enumerate(row_keys)}
    ci = {k: j for j, k in enumerate(col_keys)}
    m = [[0] * len(col_keys) for _ in row_keys]
    for r, c, n in pairs:
        if r in ri and c in ci:
            m[ri[r]][ci[c]] += n
    return m


def _course_in_unit(f: Filters, prefix: str = "course__") -> Q:
    """A course belongs to its own unit, else to its centre's."""
    return Q(**{f"{prefix}org_unit_id__in": f.unit_ids}) | Q(
        **{f"{prefix}org_unit__isnull": True, f"{prefix}centre__org_unit_id__in": f.unit_ids}
    )


def _in_unit(qs, f: Filters, field: str = "person_id"):
    """Only the persons the unit works with: its services delivered, its programmes'
    enrolments, its courses' seats (three subqueries, nothing loaded in Python)."""
    if not f.unit_ids:
        return qs
    key = f"{field}__in"
    return qs.filter(
        Q(**{key: Delivery.objects.filter(service__org_unit_id__in=f.unit_ids).values("person_id")})
        | Q(
            **{
                key: Enrolment.objects.filter(programme__org_unit_id__in=f.unit_ids).values(
                    "person_id"
                )
            }
        )
        | Q(**{key: CourseEnrolment.objects.filter(_course_in_unit(f)).values("person_id")})
    )


# Tables a unit filter cannot narrow (the Center's bazaars and campaign): they say so.
UNIT_FREE = {
    "businesses",
    "booths",
    "sales",
    "signups",
    "youth_served",
    "youth_flags",
    "youth_tutoring",
    "youth_gifted",
    "youth_teens",
    "production_orders",
    "production_on_time",
    "production_quality",
    "production_paid",
    "production_places",
}


def women(f: Filters):
    """Registered women (not merged away); with a unit, the women it works with."""
    qs = Registration.objects.filter(
        person__sex=Person.FEMALE, person__merged_into__isnull=True, registered_at__lt=f.end_at
    )
    if f.district:
        qs = qs.filter(person__district=f.district)
    return _in_unit(qs, f)


def districts(f: Filters) -> list[District]:
    if f.district:
        return [f.district]
    return list(District.objects.order_by("number"))


def women_by_district(f: Filters) -> Table:
    ds = districts(f)
    rows = (
        women(f)
        .values("person__district")
        .annotate(
            before=Count("id", filter=Q(registered_at__lt=f.start_at)),
            during=Count("id", filter=Q(registered_at__gte=f.start_at)),
        )
        .order_by()
    )
    keys = [d.pk for d in ds] + [None]
    pairs = []
    for r in rows:
        pairs += [(r["person__district"], 0, r["before"]), (r["person__district"], 1, r["during"])]
    m = _grid(pairs, keys, [0, 1])
    labels = [d.name for d in ds] + ["بدون منطقه"]
    if not any(m[-1]):
        m, labels = m[:-1], labels[:-1]
    return Table(
        "women",
        "زنان ثبت‌نام‌شده به تفکیک منطقه",
        "منطقه",
        labels,
        ["پیش از این دوره", "در این دوره"],
        m,
        chart=True,
    )


def women_served(f: Filters) -> int:
    """Women with a casework delivery in the period or an enrolment active in it."""
    return women_served_queryset(f).count()


def women_served_queryset(f: Filters):
    delivered = Delivery.objects.filter(delivered_on__gte=f.start, delivered_on__lt=f.end)
    enrolled = Enrolment.objects.filter(
        stage__in=(stages.ENROLLED, stages.ACTIVE), stage_since__lt=f.end
    )
    # One IN over a UNION, not two INs joined by OR: PostgreSQL answers the OR with
    # hashed subplans, which must fit in work_mem; at 2,000,000 persons they did
    # not and it fell back to scanning the subquery once per woman (12 minutes for
    # this count). A single IN becomes a semi-join, which spills to disk instead.
    served = delivered.order_by().values("person_id").union(enrolled.order_by().values("person_id"))
    qs = Person.objects.filter(sex=Person.FEMALE, merged_into__isnull=True, pk__in=served)
    if f.district:
        qs = qs.filter(district=f.district)
    return _in_unit(qs, f, "pk")


def children_under_20(f: Filters) -> int:
    """Children under 20 (at the period's end) in households with a registered woman."""
    return children_under_20_queryset(f).count()


def children_under_20_queryset(f: Filters):
    """Persons born in the 20 years before the period's end who are a current child
    of a household holding one of the women. Counted as persons with an EXISTS,
    not as DISTINCT person ids over memberships: at 2,000,000 persons PostgreSQL
    estimated a fifth of the 431,327 children for that DISTINCT, and its hash
    aggregate, sized for 4 MB of work_mem, split into 394,159 batches on disk —
    683 s for this one count (6.8 s as semi-joins; bench/web/figures.py)."""
    cutoff = (
        f.end.replace(year=f.end.year - 20)
        if f.end.month != 2 or f.end.day != 29
        else (f.end.replace(year=f.end.year - 20, day=28))
    )
    households = Membership.objects.filter(
        end_date__isnull=True, person__in=women(f).values("person_id")
    ).values("household_id")
    child_there = Membership.objects.filter(
        person=OuterRef("pk"),
        end_date__isnull=True,
        relation=Membership.CHILD,
        household_id__in=households,
    )
    return Person.objects.filter(birth_date__gt=cutoff, birth_date__lt=f.end).filter(
        Exists(child_there)
    )


def support_levels(f: Filters) -> Table:
    levels = list(SupportLevel.objects.order_by("order"))
    qs = women(f).filter(person__support__isnull=False)
    pairs = [
        (r["person__support__level"], 0, r["n"])
        for r in qs.values("person__support__level").annotate(n=Count("id")).order_by()
    ]
    return Table(
        "levels",
        "زنان به تفکیک سطح حمایت (اکنون)",
        "سطح حمایت",
        [lv.name for lv in levels],
        ["تعداد زنان"],
        _grid(pairs, [lv.pk for lv in levels], [0]),
        chart=True,
    )


def level_moves(f: Filters) -> Table:
    qs = LevelChange.objects.filter(from_level__isnull=False, date__gte=f.start, date__lt=f.end)
    if f.district:
        qs = qs.filter(person__district=f.district)
    qs = _in_unit(qs, f)
    r = qs.aggregate(
        up=Count("id", filter=Q(to_level__order__gt=F("from_level__order"))),
        down=Count("id", filter=Q(to_level__order__lt=F("from_level__order"))),
    )
    return Table(
        "moves",
        "جابه‌جایی سطح حمایت در این دوره",
        "جهت",
        ["به سطح بعدی نردبان", "به سطح پیشین نردبان"],
        ["تعداد جابه‌جایی"],
        [[r["up"]], [r["down"]]],
    )


def services(f: Filters) -> Table:
    qs = Delivery.objects.filter(delivered_on__gte=f.start, delivered_on__lt=f.end)
    if f.district:
        qs = qs.filter(person__district=f.district)
    if f.unit_ids:
        qs = qs.filter(service__org_unit_id__in=f.unit_ids)
    counts = {r["service"]: r["n"] for r in qs.values("service").annotate(n=Count("id")).order_by()}
    types = list(ServiceType.objects.filter(pk__in=counts).order_by("programme__name", "name"))
    return Table(
        "services",
        "خدمات ارائه‌شده به تفکیک نوع",
        "نوع خدمت",
        [t.name for t in types],
        ["تعداد خدمت"],
        [[counts[t.pk]] for t in types],
    )


def courses(f: Filters) -> Table:
    qs = CourseEnrolment.objects.filter(
        course__first_date__gte=f.start, course__first_date__lt=f.end
    )
    if f.district:
        qs = qs.filter(course__centre__district=f.district)
    if f.unit_ids:
        qs = qs.filter(_course_in_unit(f))
    pairs = [
        (r["course__kind"], r["status"], r["n"])
        for r in qs.values("course__kind", "status").annotate(n=Count("id")).order_by()
    ]
    statuses = [s for s, _ in CourseEnrolment.STATUS_CHOICES]
    kinds = [k for k, _ in Course.KIND_CHOICES]
    return Table(
        "courses",
        "حضور در دوره‌های آموزشی آغازشده در این دوره",
        "نوع دوره",
        [label for _, label in Course.KIND_CHOICES],
        [label for _, label in CourseEnrolment.STATUS_CHOICES],
        _grid(pairs, kinds, statuses),
    )


def certificates(f: Filters) -> int:
    qs = Certificate.objects.filter(issued_on__gte=f.start, issued_on__lt=f.end)
    if f.district:
        qs = qs.filter(enrolment__course__centre__district=f.district)
    if f.unit_ids:
        qs = qs.filter(_course_in_unit(f, "enrolment__course__"))
    return qs.count()


def businesses(f: Filters) -> Table:
    """Businesses (registered by the period's end) by category and stage."""
    qs = Business.objects.filter(created_at__lt=f.end_at)
    if f.district:
        qs = qs.filter(district=f.district)
    pairs = [
        (r["categories"], r["stage"], r["n"])
        for r in qs.values("categories", "stage").annotate(n=Count("id", distinct=True)).order_by()
    ]
    cats = list(Category.objects.order_by("order", "name"))
    keys = [c.pk for c in cats]
    m = _grid(pairs, keys, [s for s, _ in Business.STAGE_CHOICES])
    keep = [i for i, r in enumerate(m) if any(r)]
    return Table(
        "businesses",
        "کسب‌وکارها به تفکیک رسته و مرحله",
        "رسته",
        [cats[i].name for i in keep],
        [label for _, label in Business.STAGE_CHOICES],
        [m[i] for i in keep],
        note="کسب‌وکاری که در چند رسته کار می‌کند در هر رسته شمرده شده است.",
    )


BOOTH_STATUSES = [
    (Assignment.ASSIGNED, "واگذارشده"),
    (Assignment.ATTENDED, "حاضر شد"),
    (Assignment.NO_SHOW, "حاضر نشد"),
    (Assignment.DECLINED, "انصراف"),
    (Assignment.CANCELLED, "لغو"),
]


def _booths(f: Filters):
    qs = Assignment.objects.filter(event__start_date__gte=f.start, event__start_date__lt=f.end)
    if f.district:
        qs = qs.filter(event__venue__district=f.district)
    return qs


def booths_by_venue(f: Filters) -> Table:
    qs = _booths(f)
    pairs: list[tuple] = []
    sales: dict = {}
    for r in qs.values("event__venue", "status").annotate(n=Count("id"), s=Sum("sales")).order_by():
        pairs.append((r["event__venue"], r["status"], r["n"]))
        sales[r["event__venue"]] = sales.get(r["event__venue"], 0) + (r["s"] or 0)
    venues = list(Venue.objects.filter(pk__in=sales).order_by("name"))
    return Table(
        "booths",
        "غرفه‌های بازارچه‌ها به تفکیک محل برگزاری",
        "محل برگزاری",
        [v.name for v in venues],
        [label for _, label in BOOTH_STATUSES],
        _grid(pairs, [v.pk for v in venues], [s for s, _ in BOOTH_STATUSES]),
        amounts=[sales[v.pk] for v in venues],
        amount_title="فروش ثبت‌شده (تومان)",
    )


def sales_by_category(f: Filters) -> Table:
    qs = _booths(f).filter(status=Assignment.ATTENDED)
    rows = list(qs.values("producer__category").annotate(n=Count("id"), s=Sum("sales")).order_by())
    cats = {
        c.pk: c for c in Category.objects.filter(pk__in=[r["producer__category"] for r in rows])
    }
    ordered = sorted(
        rows,
        key=lambda r: (cats[r["producer__category"]].order, cats[r["producer__category"]].name),
    )
    return Table(
        "sales",
        "فروش غرفه‌های حاضر به تفکیک رسته",
        "رسته",
        [cats[r["producer__category"]].name for r in ordered],
        ["غرفه‌های حاضر"],
        [[r["n"]] for r in ordered],
        amounts=[r["s"] or 0 for r in ordered],
        amount_title="فروش ثبت‌شده (تومان)",
    )


def signups(f: Filters) -> Table:
    qs = SignUp.objects.filter(created_at__gte=f.start_at, created_at__lt=f.end_at)
    if f.district:
        qs = qs.filter(district=f.district)
    counts = {r["stage"]: r["n"] for r in qs.values("stage").annotate(n=Count("id")).order_by()}
    return Table(
        "signups",
        "ثبت‌نام‌های پویش «کار تو خونمونه» در این دوره، به تفکیک مرحله",
        "مرحله",
        [label for _, label in pipeline.STAGES],
        ["تعداد"],
        [[counts.get(s, 0)] for s, _ in pipeline.STAGES],
        chart=False,
    )


def headline(f: Filters, served: int | None = None) -> list[tuple[str, int]]:
    """The headline counts; `served`, when given, is `women_served(f)` already
    counted (`insights.served`: the refresh's one query for the whole year)."""
    w = women(f).aggregate(
        total=Count("id"), new=Count("id", filter=Q(registered_at__gte=f.start_at))
    )
    return [
        ("زنان ثبت‌نام‌شده تا پایان دوره", w["total"]),
        ("ثبت‌نام تازه در این دوره", w["new"]),
        ("زنانی که در این دوره خدمت گرفتند", women_served(f) if served is None else served),
        ("فرزندان زیر ۲۰ سال در خانوارهای آنان", children_under_20(f)),
        ("گواهی‌های صادرشده در این دوره", certificates(f)),
    ]


def tables(f: Filters) -> list[Table]:
    out = [
        women_by_district(f),
        support_levels(f),
        level_moves(f),
        services(f),
        courses(f),
        businesses(f),
        booths_by_venue(f),
        sales_by_category(f),
        signups(f),
    ]
    from .youth import youth_tables  # the children and teens context's figures

    out += youth_tables(f)
    from .production import production_tables  # orders, quality, wages

    out += production_tables(f)
    if f.unit_ids:
        for t in out:
            if t.key in UNIT_FREE:
                t.note = ((t.note + " ") if t.note else "") + "این جدول برای همهٔ واحدهای مرکز است."
    return out
