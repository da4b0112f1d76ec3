"""Reads of bazaars: opportunities, waitlists, demand, figures, the public list."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, Sum

from tavana.businesses.models import Category, Producer
from tavana.core.domain.jalali import jalali_year_of, year_range

from .models import Application, Assignment, Event, Round


def round_year(round_: Round) -> int:
    """The Jalali year a round belongs to: that of its first event (or today's)."""
    first = round_.events.order_by("start_date").values_list("start_date", flat=True).first()
    return jalali_year_of(first or dt.date.today())


def opportunities(
    producer_ids, jy: int, *, exclude_round: Round | int | None = None
) -> dict[int, int]:
    """Selling opportunities each producer had in Jalali year `jy`: booths given to her
    (held, attended or not shown up) at events starting that year."""
    start, end = year_range(jy)
    qs = Assignment.objects.filter(
        producer_id__in=list(producer_ids),
        status__in=Assignment.OPPORTUNITY,
        event__start_date__gte=start,
        event__start_date__lt=end,
    )
    if exclude_round is not None:
        qs = qs.exclude(event__round=exclude_round)
    return dict(qs.values_list("producer_id").annotate(n=Count("id")).order_by())


def producer_history(producer: Producer) -> list[Assignment]:
    return list(
        Assignment.objects.filter(producer=producer)
        .select_related("event__venue", "event__round")
        .order_by("-event__start_date", "-id")
    )


def producer_priorities(producer_ids) -> dict[int, int]:
    """1 when she alone carries her family's living (Registration.primary_earner)."""
    return {
        pid: int(bool(flag))
        for pid, flag in Producer.objects.filter(pk__in=list(producer_ids)).values_list(
            "id", "person__registration__primary_earner"
        )
    }


def fair_key(past: int, priority: int) -> tuple[int, int]:
    return (past, -priority)


def waitlist(event: Event) -> list[dict]:
    """Applicants to `event` without a booth there who could still take one, in the
    same fair order as the allocation: fewest opportunities this year first, then
    those who alone carry their family's living, then her rank, then who applied first."""
    round_ = event.round
    apps = list(
        Application.objects.filter(event=event)
        .select_related("producer__person", "producer__category")
        .order_by("id")
    )
    ids = [a.producer_id for a in apps]
    held = list(
        Assignment.objects.filter(
            event__round=round_, producer_id__in=ids, status__in=Assignment.HELD
        ).values_list("producer_id", "event__start_date", "event__end_date", "event_id")
    )
    booths_of: dict[int, list[tuple]] = defaultdict(list)
    for pid, s, e, eid in held:
        booths_of[pid].append((s, e, eid))
    # whoever had a booth here (even one she declined or lost) is not offered it again
    had_here = set(event.assignments.values_list("producer_id", flat=True))
    past = opportunities(ids, round_year(round_), exclude_round=round_)
    priority = producer_priorities(ids)
    rows: list[dict[str, Any]] = []
    for a in apps:
        mine = booths_of.get(a.producer_id, [])
        if a.producer_id in had_here:
            continue
        if len(mine) >= round_.quota:
            continue
        if any(s <= event.end_date and event.start_date <= e for s, e, _ in mine):
            continue
        p, q = past.get(a.producer_id, 0), priority.get(a.producer_id, 0)
        rows.append(
            {"application": a, "producer": a.producer, "past": p, "priority": q, "rank": a.rank}
        )
    rows.sort(key=lambda r: (*fair_key(r["past"], r["priority"]), r["rank"], r["application"].pk))
    return rows


def held_count(event: Event) -> int:
    return event.assignments.filter(status__in=Assignment.HELD).count()


def demand_report(round_: Round) -> dict:
    """Applications per event (venue) and category, against booths and the category cap."""
    events = list(round_.events.select_related("venue").order_by("start_date", "venue__name"))
    counts: defaultdict[tuple, int] = defaultdict(int)
    firsts: defaultdict[int, int] = defaultdict(int)
    for eid, cid, rank in Application.objects.filter(event__round=round_).values_list(
        "event_id", "producer__category_id", "rank"
    ):
        counts[(eid, cid)] += 1
        if rank == 1:
            firsts[eid] += 1
    categories = list(Category.objects.filter(pk__in={c for _, c in counts}).order_by("order"))
    rows = []
    for e in events:
        total = sum(counts[(e.pk, c.pk)] for c in categories)
        cap = None
        if e.category_cap is not None:
            cap = max(1, int(e.category_cap * e.booths))
        rows.append(
            {
                "event": e,
                "cells": [counts[(e.pk, c.pk)] for c in categories],
                "total": total,
                "first_choice": firsts[e.pk],
                "booths": e.booths,
                "cap": cap,
                "ratio": (total / e.booths) if e.booths else None,
            }
        )
    applicants = (
        Application.objects.filter(event__round=round_).values("producer_id").distinct().count()
    )
    return {
        "categories": categories,
        "rows": rows,
        "applicants": applicants,
        "applications": sum(r["total"] for r in rows),
        "booths": sum(e.booths for e in events),
        "category_totals": [sum(counts[(e.pk, c.pk)] for e in events) for c in categories],
    }


def year_figures(jy: int) -> dict:
    """Booths given, attendance and sales in Jalali year `jy`, per event, venue and category."""
    start, end = year_range(jy)
    base = Assignment.objects.filter(event__start_date__gte=start, event__start_date__lt=end)
    agg = {
        "given": Count("id", filter=Q(status__in=Assignment.OPPORTUNITY)),
        "attended": Count("id", filter=Q(status=Assignment.ATTENDED)),
        "no_show": Count("id", filter=Q(status=Assignment.NO_SHOW)),
        "declined": Count("id", filter=Q(status__in=(Assignment.DECLINED, Assignment.CANCELLED))),
        "days": Sum("days_present"),
        "sales": Sum("sales"),
    }
    by_event = list(
        base.values("event_id", "event__name", "event__venue__name", "event__start_date")
        .annotate(**agg)
        .order_by("event__start_date", "event_id")
    )
    by_venue = list(
        base.values("event__venue__name").annotate(**agg).order_by("-sales", "event__venue__name")
    )
    by_category = list(
        base.values("producer__category__name", "producer__category__order")
        .annotate(**agg)
        .order_by("producer__category__order")
    )
    totals = base.aggregate(**agg)
    producers = base.filter(status__in=Assignment.OPPORTUNITY).values("producer_id").distinct()
    return {
        "year": jy,
        "by_event": by_event,
        "by_venue": by_venue,
        "by_category": by_category,
        "totals": totals,
        "producers": producers.count(),
        "events": Event.objects.filter(start_date__gte=start, start_date__lt=end).count(),
    }


def upcoming_events(today: dt.date | None = None) -> list[Event]:
    """What the public page shows: events not yet over. Nothing about any person."""
    today = today or dt.date.today()
    return list(
        Event.objects.filter(end_date__gte=today)
        .select_related("venue__district")
        .prefetch_related("categories")
        .order_by("start_date", "venue__name")
    )


# ------------------------------------------------------------ her own bazaars
# What a producer sees of her own bazaars on her pages (tavana.portal): the
# events she may apply to, her choices, and — only once a round is published —
# her booths and her places on the waitlists. Nothing about anyone else.


def events_open_to(*, producer: Producer, today: dt.date) -> list[Event]:
    """Events taking applications today that take her category (or every one):
    the round still taking applications and today inside the event's window."""
    return list(
        Event.objects.filter(
            round__status=Round.DRAFT, apply_from__lte=today, apply_until__gte=today
        )
        .filter(Q(categories__isnull=True) | Q(categories=producer.category_id))
        .distinct()
        .select_related("venue__district", "round")
        .order_by("round_id", "start_date", "venue__name", "id")
    )


def round_events(*, round_id: int) -> list[Event]:
    return list(
        Event.objects.filter(round_id=round_id)
        .select_related("venue", "round")
        .order_by("start_date", "venue__name", "id")
    )


def own_rounds(*, producer: Producer) -> list[dict]:
    """Per round she applied to or was given a booth in: her choices in rank
    order and, once the round is published, her booths and, for each choice
    without a booth, her place on that event's waitlist (the same fair order
    the organisers offer freed booths in)."""
    apps = list(
        Application.objects.filter(producer=producer)
        .select_related("event__venue", "event__round")
        .order_by("event__round_id", "rank")
    )
    booths = list(
        Assignment.objects.filter(producer=producer, event__round__status=Round.PUBLISHED)
        .select_related("event__venue", "event__round")
        .order_by("event__start_date", "id")
    )
    rounds: dict[int, dict[str, Any]] = {}
    for a in apps:
        r = a.event.round
        rounds.setdefault(r.pk, {"round": r, "choices": [], "booths": []})["choices"].append(a)
    for b in booths:
        r = b.event.round
        rounds.setdefault(r.pk, {"round": r, "choices": [], "booths": []})["booths"].append(b)
    for row in rounds.values():
        published = row["round"].status == Round.PUBLISHED
        row["published"] = published
        had = {b.event_id for b in row["booths"]}
        row["waiting"] = []
        if not published:
            continue
        for a in row["choices"]:
            if a.event_id in had:
                continue
            order = [w["producer"].pk for w in waitlist(a.event)]
            place = order.index(producer.pk) + 1 if producer.pk in order else None
            row["waiting"].append({"event": a.event, "place": place})
    return sorted(rounds.values(), key=lambda r: -r["round"].pk)


def own_booth_get(*, producer: Producer, assignment_id: int) -> Assignment | None:
    """One of her booths in a published round (None for anything else)."""
    return (
        Assignment.objects.filter(
            pk=assignment_id, producer=producer, event__round__status=Round.PUBLISHED
        )
        .select_related("event__venue", "event__round")
        .first()
    )


def own_next_booth(*, producer: Producer, today: dt.date) -> Assignment | None:
    """Her next booth: one given to her in a published round at an event not yet
    over (for her own pages and the card kept offline)."""
    return (
        Assignment.objects.filter(
            producer=producer,
            status=Assignment.ASSIGNED,
            event__round__status=Round.PUBLISHED,
            event__end_date__gte=today,
        )
        .select_related("event__venue", "event__venue__district")
        .order_by("event__start_date", "id")
        .first()
    )
