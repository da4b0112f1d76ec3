"""A set of assignments as a Result, and every way it breaks the rules."""

from __future__ import annotations

from typing import Any

from .instance import Application, Instance, Result


def result_of(
    instance: Instance,
    chosen: list[Application],
    optimal: bool,
    seconds: float,
    method: str,
) -> Result:
    booths: dict[Any, int] = {}
    for app in chosen:
        booths[app.applicant] = booths.get(app.applicant, 0) + 1
    counts: dict[tuple[int, int], list[int]] = {}
    for a in instance.applicants:
        row = counts.setdefault(a.tier, [0, 0])
        row[1] += 1
        if booths.get(a.id):
            row[0] += 1
    served_by_tier = [[past, -negp, *counts[past, negp]] for past, negp in sorted(counts)]
    order = {(a.applicant, a.event): i for i, a in enumerate(instance.applications)}
    chosen = sorted(chosen, key=lambda app: order[app.applicant, app.event])
    return Result(
        round=instance.round,
        assignments=[(app.applicant, app.event) for app in chosen],
        unassigned=[a.id for a in instance.applicants if not booths.get(a.id)],
        optimal=optimal,
        served_by_tier=served_by_tier,
        booths_assigned=len(chosen),
        rank_sum=sum(app.rank for app in chosen),
        seconds=seconds,
        method=method,
    )


def check_feasible(instance: Instance, assignments: list[tuple[Any, Any]]) -> list[str]:
    """Every way ``assignments`` breaks the feasibility rules (empty when feasible)."""
    faults: list[str] = []
    applied = {(a.applicant, a.event) for a in instance.applications}
    per_event: dict[Any, list[Any]] = {}
    per_applicant: dict[Any, list[Any]] = {}
    for aid, eid in assignments:
        if (aid, eid) not in applied:
            faults.append(f"{aid} placed at {eid} without applying")
        per_event.setdefault(eid, []).append(aid)
        per_applicant.setdefault(aid, []).append(eid)
    for eid, aids in per_event.items():
        event = instance.event_by_id[eid]
        if len(aids) > event.booths:
            faults.append(f"{eid}: {len(aids)} placed for {event.booths} booths")
        cats: dict[str, int] = {}
        for aid in aids:
            cat = instance.applicant_by_id[aid].category
            cats[cat] = cats.get(cat, 0) + 1
        for cat, n in cats.items():
            if n > event.cap:
                faults.append(f"{eid}: {n} of category {cat} for a cap of {event.cap}")
    for aid, eids in per_applicant.items():
        applicant = instance.applicant_by_id[aid]
        if len(eids) > applicant.quota:
            faults.append(f"{aid}: {len(eids)} booths for a quota of {applicant.quota}")
        if len(set(eids)) < len(eids):
            faults.append(f"{aid}: two booths at one event")
        for i, e1 in enumerate(eids):
            for e2 in eids[i + 1 :]:
                if e1 != e2 and instance.event_by_id[e1].overlaps(instance.event_by_id[e2]):
                    faults.append(f"{aid}: overlapping events {e1} and {e2}")
    return faults
