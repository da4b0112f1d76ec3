"""Fair booth allocation: the exact engine behind ``tavana allocate``.

Implements ``shared/contracts/allocation.md`` to the letter. Pure Python (no
Django): the web application and the command both call :func:`parse_instance`
then :func:`solve`.

The optimum is lexicographic:

1. coverage, tier by tier (tiers ordered by ``past`` ascending, then
   ``priority`` descending): the number of applicants served (at least one
   booth) in the first tier is maximal; subject to that, in the second; ...
2. then the total number of booths assigned is maximal;
3. then the sum of ``rank`` over all assignments is minimal.

It is solved exactly with the HiGHS MIP solver, one solve per level, each
level's optimum being fixed as a constraint for the next one and the previous
level's solution given as a starting point.

Level 1 is one solve, not one per tier, and this is exact: serving someone
needs only one booth, and one booth each never meets the overlap or quota
rules, so the sets of applicants that can be served *together* are exactly the
sets that can be routed through the network applicant -> (event, category)
[capacity = category cap] -> event [capacity = booths]. Such sets form a
matroid (a gammoid), and on a matroid every maximum-weight independent set
under weights that strictly decrease from tier to tier contains, for every k,
the largest possible number of members of the first k tiers (it is a greedy
basis) -- which is the tier-by-tier lexicographic optimum. Every tier's
optimal count is then fixed by its own constraint in levels 2 and 3.
"""

from __future__ import annotations

import json
import math
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal, InvalidOperation
from functools import cached_property
from typing import Any

import jdatetime

from tavana.core.domain.persian_text import to_ascii_digits
from tavana.core.domain.solver import new_highs

__all__ = [
    "Applicant",
    "Application",
    "Event",
    "Instance",
    "InvalidInstance",
    "Result",
    "check_feasible",
    "first_come_first_served",
    "load_instance",
    "lottery",
    "parse_instance",
    "solve",
]


class InvalidInstance(ValueError):
    """The instance breaks the contract; the message names the field and why."""


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    id: str | int
    start: jdatetime.date
    end: jdatetime.date
    booths: int
    category_cap: Decimal | None = None
    district: Any = None

    @cached_property
    def first_day(self) -> int:
        return self.start.togregorian().toordinal()

    @cached_property
    def last_day(self) -> int:
        return self.end.togregorian().toordinal()

    @property
    def cap(self) -> int:
        """Most booths one category may take here: max(1, floor(c x booths))."""
        if self.category_cap is None:
            return self.booths
        value = (self.category_cap * self.booths).to_integral_value(rounding=ROUND_FLOOR)
        return max(1, int(value))

    def overlaps(self, other: Event) -> bool:
        """True when the two (inclusive) date ranges share at least one day."""
        return self.first_day <= other.last_day and other.first_day <= self.last_day


@dataclass(frozen=True)
class Applicant:
    id: str | int
    category: str
    priority: int
    past: int
    quota: int = 1
    district: Any = None

    @property
    def tier(self) -> tuple[int, int]:
        """Sort key of her tier: past ascending, then priority descending."""
        return (self.past, -self.priority)


@dataclass(frozen=True)
class Application:
    applicant: str | int
    event: str | int
    rank: int


@dataclass
class Instance:
    round: str
    events: list[Event]
    applicants: list[Applicant]
    applications: list[Application]
    event_by_id: dict[Any, Event] = field(init=False, repr=False)
    applicant_by_id: dict[Any, Applicant] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.event_by_id = {e.id: e for e in self.events}
        self.applicant_by_id = {a.id: a for a in self.applicants}

    def tiers(self) -> list[tuple[int, int]]:
        """(past, priority) of every tier with at least one applicant, in order."""
        keys = sorted({a.tier for a in self.applicants})
        return [(past, -neg_priority) for past, neg_priority in keys]


@dataclass
class Result:
    round: str
    assignments: list[tuple[Any, Any]]
    unassigned: list[Any]
    optimal: bool
    served_by_tier: list[list[int]]
    booths_assigned: int
    rank_sum: int
    seconds: float
    method: str = "optimal"

    def served(self) -> dict[tuple[int, int], int]:
        return {(p, q): s for p, q, s, _ in self.served_by_tier}

    def to_json(self) -> dict[str, Any]:
        return {
            "round": self.round,
            "assignments": [{"applicant": a, "event": e} for a, e in self.assignments],
            "unassigned": list(self.unassigned),
            "optimal": self.optimal,
            "stats": {
                "served_by_tier": [list(row) for row in self.served_by_tier],
                "booths_assigned": self.booths_assigned,
                "rank_sum": self.rank_sum,
                "seconds": round(self.seconds, 3),
            },
        }


# --------------------------------------------------------------------------
# Parsing and validation
# --------------------------------------------------------------------------

_DATE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number allowed in JSON")


def load_instance(text: str | bytes) -> Instance:
    """Parse JSON text (decimals kept exact) and validate it."""
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInstance(f"not valid JSON: {exc}") from None
    except RecursionError:
        raise InvalidInstance("not valid JSON: nested too deeply") from None
    return parse_instance(data)


def _is_int(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    if isinstance(value, Decimal):
        return value.is_finite() and value == value.to_integral_value()
    if isinstance(value, float):
        return math.isfinite(value) and value.is_integer()
    return False


def _int(record: Any, key: str, where: str, minimum: int, default: Any = ...) -> int:
    if key not in record or (default is not ... and record[key] is None):
        if default is ...:
            raise InvalidInstance(f"{where}.{key}: missing (must be an integer >= {minimum})")
        return default
    value = record[key]
    if not _is_int(value) or int(value) < minimum:
        raise InvalidInstance(f"{where}.{key}: must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _id(record: dict, key: str, where: str) -> str | int:
    if key not in record:
        raise InvalidInstance(f"{where}.{key}: missing")
    value = record[key]
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise InvalidInstance(f"{where}.{key}: must be a non-empty string, got {value!r}")


def _date(record: dict, key: str, where: str) -> jdatetime.date:
    if key not in record:
        raise InvalidInstance(f"{where}.{key}: missing (a Jalali date YYYY-MM-DD)")
    value = record[key]
    if not isinstance(value, str):
        raise InvalidInstance(f"{where}.{key}: must be a Jalali date YYYY-MM-DD, got {value!r}")
    match = _DATE.match(to_ascii_digits(value.strip()))
    if not match:
        raise InvalidInstance(f"{where}.{key}: must be a Jalali date YYYY-MM-DD, got {value!r}")
    year, month, day = (int(g) for g in match.groups())
    try:
        return jdatetime.date(year, month, day)
    except ValueError:
        raise InvalidInstance(f"{where}.{key}: {value!r} is not a Jalali calendar date") from None


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, Decimal):
            number = value
        elif isinstance(value, int):
            number = Decimal(value)
        elif isinstance(value, float):
            number = Decimal(repr(value))  # the shortest text of the float: 0.29 -> "0.29"
        else:
            return None
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _records(data: dict, key: str) -> list:
    if key not in data:
        raise InvalidInstance(f"{key}: missing (must be a list)")
    value = data[key]
    if not isinstance(value, list):
        raise InvalidInstance(f"{key}: must be a list")
    for i, record in enumerate(value):
        if not isinstance(record, dict):
            raise InvalidInstance(f"{key}[{i}]: must be an object")
    return value


def parse_instance(data: Any) -> Instance:
    """Validate a decoded instance; raise :class:`InvalidInstance` on the first fault."""
    if not isinstance(data, dict):
        raise InvalidInstance("instance: must be a JSON object")
    if "round" not in data:
        raise InvalidInstance("round: missing (must be a string)")
    if not isinstance(data["round"], str):
        raise InvalidInstance(f"round: must be a string, got {data['round']!r}")

    events: list[Event] = []
    seen: dict[Any, int] = {}
    for i, rec in enumerate(_records(data, "events")):
        where = f"events[{i}]"
        eid = _id(rec, "id", where)
        if eid in seen:
            raise InvalidInstance(f"{where}.id: duplicate id {eid!r} (also events[{seen[eid]}])")
        seen[eid] = i
        start = _date(rec, "start", where)
        end = _date(rec, "end", where)
        if end < start:
            raise InvalidInstance(f"{where}.end: {rec['end']!r} is before start {rec['start']!r}")
        booths = _int(rec, "booths", where, 0)
        cap = None
        if rec.get("category_cap") is not None:
            cap = _decimal(rec["category_cap"])
            if cap is None or not (0 < cap <= 1):
                raise InvalidInstance(
                    f"{where}.category_cap: must be a number with 0 < c <= 1, "
                    f"got {rec['category_cap']!r}"
                )
        events.append(Event(eid, start, end, booths, cap, rec.get("district")))

    applicants: list[Applicant] = []
    seen = {}
    for i, rec in enumerate(_records(data, "applicants")):
        where = f"applicants[{i}]"
        aid = _id(rec, "id", where)
        if aid in seen:
            raise InvalidInstance(
                f"{where}.id: duplicate id {aid!r} (also applicants[{seen[aid]}])"
            )
        seen[aid] = i
        if "category" not in rec:
            raise InvalidInstance(f"{where}.category: missing")
        category = rec["category"]
        if not isinstance(category, str) or not category.strip():
            raise InvalidInstance(f"{where}.category: must be a non-empty string, got {category!r}")
        priority = rec.get("priority")
        if "priority" not in rec:
            raise InvalidInstance(f"{where}.priority: missing (must be 0 or 1)")
        if not _is_int(priority) or int(priority) not in (0, 1):
            raise InvalidInstance(f"{where}.priority: must be 0 or 1, got {priority!r}")
        past = _int(rec, "past", where, 0)
        quota = _int(rec, "quota", where, 0, default=1)
        applicants.append(Applicant(aid, category, int(priority), past, quota, rec.get("district")))

    applications: list[Application] = []
    pairs: dict[tuple[Any, Any], int] = {}
    applicant_ids = {a.id for a in applicants}
    event_ids = {e.id for e in events}
    for i, rec in enumerate(_records(data, "applications")):
        where = f"applications[{i}]"
        aid = _id(rec, "applicant", where)
        if aid not in applicant_ids:
            raise InvalidInstance(f"{where}.applicant: unknown applicant {aid!r}")
        eid = _id(rec, "event", where)
        if eid not in event_ids:
            raise InvalidInstance(f"{where}.event: unknown event {eid!r}")
        rank = _int(rec, "rank", where, 1)
        if (aid, eid) in pairs:
            raise InvalidInstance(
                f"{where}: duplicate application of {aid!r} to {eid!r} "
                f"(also applications[{pairs[aid, eid]}])"
            )
        pairs[aid, eid] = i
        applications.append(Application(aid, eid, rank))

    return Instance(data["round"], events, applicants, applications)


# --------------------------------------------------------------------------
# Evaluation and checking
# --------------------------------------------------------------------------


def _result(
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


# --------------------------------------------------------------------------
# The exact solver
# --------------------------------------------------------------------------


def _usable(instance: Instance) -> list[Application]:
    """Applications that could ever be granted (booths > 0, quota > 0)."""
    return [
        app
        for app in instance.applications
        if instance.event_by_id[app.event].booths > 0
        and instance.applicant_by_id[app.applicant].quota > 0
    ]


def _cliques(events: list[Event]) -> list[list[int]]:
    """Maximal sets of mutually overlapping events (indices), size >= 2.

    Intervals: every maximal clique is the set of intervals containing some
    interval's first day.
    """
    found: list[frozenset[int]] = []
    for ev in events:
        day = ev.first_day
        clique = frozenset(j for j, o in enumerate(events) if o.first_day <= day <= o.last_day)
        if len(clique) >= 2:
            found.append(clique)
    found = list(set(found))
    maximal = [c for c in found if not any(c < other for other in found)]
    return [sorted(c) for c in maximal]


Progress = Callable[[str, float], None]


class _Model:
    """A MIP over x (one column per usable application).

    ``coverage_only``: the level-1 model, where each applicant takes at most one
    booth (serving needs no more, so quota and overlaps cannot bind); its
    constraint matrix is two laminar families (applicants; events with their
    categories), totally unimodular, so its LP is integral.

    Otherwise the full model, with y (one column per applicant who can be
    served, y <= her booths) after the x columns.
    """

    def __init__(self, instance: Instance, apps: list[Application], coverage_only: bool):
        import highspy
        import numpy as np

        self.np = np
        self.highspy = highspy
        self.apps = apps
        n_x = len(apps)
        by_applicant: dict[Any, list[int]] = {}
        by_event: dict[Any, list[int]] = {}
        for k, app in enumerate(apps):
            by_applicant.setdefault(app.applicant, []).append(k)
            by_event.setdefault(app.event, []).append(k)
        self.served_ids = list(by_applicant)
        self.y_of = {} if coverage_only else {aid: n_x + i for i, aid in enumerate(by_applicant)}
        n = n_x + len(self.y_of)
        self.n_x, self.n = n_x, n

        rows: list[tuple[list[int], list[float], float, float]] = []
        inf = highspy.kHighsInf
        for aid, ks in by_applicant.items():
            applicant = instance.applicant_by_id[aid]
            if coverage_only:
                if len(ks) >= 2:
                    rows.append((ks, [1.0] * len(ks), -inf, 1.0))
                continue
            rows.append(([self.y_of[aid], *ks], [1.0] + [-1.0] * len(ks), -inf, 0.0))
            if applicant.quota < len(ks):
                rows.append((ks, [1.0] * len(ks), -inf, float(applicant.quota)))
            if applicant.quota >= 2 and len(ks) >= 2:
                evs = [instance.event_by_id[apps[k].event] for k in ks]
                for clique in _cliques(evs):
                    members = [ks[i] for i in clique]
                    rows.append((members, [1.0] * len(members), -inf, 1.0))
        self.event_bound = 0  # sum over events of the most booths they could fill
        self.event_rows: dict[Any, tuple[list[int], int]] = {}
        for eid, ks in by_event.items():
            event = instance.event_by_id[eid]
            cap = event.cap
            per_cat: dict[str, list[int]] = {}
            for k in ks:
                cat = instance.applicant_by_id[apps[k].applicant].category
                per_cat.setdefault(cat, []).append(k)
            fill = min(event.booths, sum(min(cap, len(m)) for m in per_cat.values()))
            self.event_bound += fill
            self.event_rows[eid] = (ks, fill)
            if len(ks) > event.booths:
                rows.append((ks, [1.0] * len(ks), -inf, float(event.booths)))
            if cap < event.booths:
                for members in per_cat.values():
                    if len(members) > cap:
                        rows.append((members, [1.0] * len(members), -inf, float(cap)))
        self.applicant_bound = sum(
            min(instance.applicant_by_id[aid].quota, len(ks)) for aid, ks in by_applicant.items()
        )

        lp = highspy.HighsLp()
        lp.num_col_ = n
        lp.num_row_ = len(rows)
        lp.col_cost_ = np.zeros(n)
        lp.col_lower_ = np.zeros(n)
        lp.col_upper_ = np.ones(n)
        lp.row_lower_ = np.array([r[2] for r in rows], dtype=float)
        lp.row_upper_ = np.array([r[3] for r in rows], dtype=float)
        starts = [0]
        index: list[int] = []
        value: list[float] = []
        for idx, val, _, _ in rows:
            index.extend(idx)
            value.extend(val)
            starts.append(len(index))
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.num_col_ = n
        lp.a_matrix_.num_row_ = len(rows)
        lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
        lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
        lp.a_matrix_.value_ = np.array(value, dtype=float)
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n

        h = new_highs(mip_rel_gap=0.0)
        # Every objective below has integer coefficients on integer variables, so
        # a gap below 1 proves the incumbent optimal.
        h.setOptionValue("mip_abs_gap", 0.5)
        # The root LPs are (nearly always) integral here; HiGHS's presolve costs
        # far more than it saves on these models (minutes on the dense rows).
        h.setOptionValue("presolve", "off")
        h.passModel(lp)
        self.h = h

    def vector(self, chosen_x: set[int]) -> Any:
        values = self.np.zeros(self.n)
        for k in chosen_x:
            values[k] = 1.0
            if self.y_of:
                values[self.y_of[self.apps[k].applicant]] = 1.0
        return values

    def run(
        self,
        cost: Any,
        maximize: bool,
        start: set[int],
        deadline: float | None,
    ) -> tuple[set[int] | None, bool]:
        """Solve for ``cost``; return (chosen x indices or None, proven optimal)."""
        h, highspy = self.h, self.highspy
        h.changeColsCost(self.n, self.np.arange(self.n, dtype=self.np.int32), cost)
        h.changeObjectiveSense(
            highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize
        )
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None, False
            h.setOptionValue("time_limit", remaining)
        solution = highspy.HighsSolution()
        solution.col_value = self.vector(start)
        solution.value_valid = True
        h.setSolution(solution)
        h.run()
        status = h.getModelStatus()
        info = h.getInfo()
        if info.primal_solution_status != 2:  # no feasible solution known
            return None, False
        values = h.getSolution().col_value
        chosen = {k for k in range(self.n_x) if values[k] > 0.5}
        return chosen, status == highspy.HighsModelStatus.kOptimal

    def run_lp(
        self, cost: Any, maximize: bool, deadline: float | None, solver: str
    ) -> tuple[set[int] | None, float]:
        """Solve the LP relaxation; return (x, bound) when its optimum is integral.

        An integral optimum of the relaxation is an optimum of the MIP (its
        value equals the relaxation's bound), and the relaxations here are
        nearly always integral. The basis is kept, so the next level's LP
        starts from this one's optimum. Returns (None, bound) otherwise.
        """
        h, highspy, np = self.h, self.highspy, self.np
        idx = np.arange(self.n, dtype=np.int32)
        if not getattr(self, "relaxed", False):
            h.changeColsIntegrality(
                self.n, idx, np.full(self.n, highspy.HighsVarType.kContinuous, dtype=np.uint8)
            )
            self.relaxed = True
        h.changeColsCost(self.n, idx, cost)
        h.changeObjectiveSense(
            highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize
        )
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None, math.nan
            h.setOptionValue("time_limit", remaining)
        h.setOptionValue("solver", solver)
        h.setOptionValue("presolve", "on" if solver == "ipm" else "off")
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None, math.nan
        bound = h.getInfo().objective_function_value
        values = np.asarray(h.getSolution().col_value[: self.n_x])
        if np.any(np.abs(values - np.round(values)) > 1e-6):
            return None, bound
        return {int(k) for k in np.flatnonzero(values > 0.5)}, bound

    def restore_integrality(self) -> None:
        if getattr(self, "relaxed", False):
            np = self.np
            self.h.changeColsIntegrality(
                self.n,
                np.arange(self.n, dtype=np.int32),
                np.full(self.n, self.highspy.HighsVarType.kInteger, dtype=np.uint8),
            )
            self.h.setOptionValue("solver", "choose")
            self.h.setOptionValue("presolve", "off")
            self.relaxed = False

    def add_row(self, indices: list[int], lower: float, upper: float) -> None:
        np = self.np
        self.h.addRow(
            lower,
            upper,
            len(indices),
            np.array(indices, dtype=np.int32),
            np.ones(len(indices)),
        )


def solve(
    instance: Instance,
    time_limit: float | None = None,
    progress: Progress | None = None,
) -> Result:
    """The lexicographic optimum (see the module docstring)."""
    import numpy as np

    began = time.monotonic()
    deadline = began + time_limit if time_limit is not None else None

    def report(message: str, fraction: float) -> None:
        if progress is not None:
            progress(message, fraction)

    apps = _usable(instance)
    if not apps:
        report("nothing to allocate", 1.0)
        return _result(instance, [], True, time.monotonic() - began, "optimal")

    tiers = instance.tiers()
    weight = {tier: float(len(tiers) - i) for i, tier in enumerate(tiers)}
    tier_of = {a.id: (a.past, a.priority) for a in instance.applicants}

    # Level 1: coverage by tier -- exact in one solve, see the module docstring.
    report("level 1 of 3: coverage by tier", 0.0)
    cover = _Model(instance, apps, coverage_only=True)
    cost = np.array([weight[tier_of[app.applicant]] for app in apps])
    found, proven = cover.run(cost, True, set(), deadline)
    chosen, intact = _fill(instance, apps, found or set())
    if not (proven and intact):
        return _finish(instance, apps, chosen, False, began)
    del cover

    def counts(ks: set[int]) -> list[int]:
        served = {apps[k].applicant for k in ks}
        return [sum(1 for aid in served if tier_of[aid] == tier) for tier in tiers]

    def keeps(ks: set[int], floor: list[int]) -> bool:
        return all(c >= f for c, f in zip(counts(ks), floor, strict=True))

    def rules_hold(ks: set[int]) -> bool:
        return not check_feasible(instance, [(apps[k].applicant, apps[k].event) for k in ks])

    report("level 2 of 3: booths used", 0.3)
    model = _Model(instance, apps, coverage_only=False)
    coverage = counts(chosen)
    for tier, count in zip(tiers, coverage, strict=True):
        if count:
            members = [model.y_of[aid] for aid in model.served_ids if tier_of[aid] == tier]
            model.add_row(members, float(count), model.highspy.kHighsInf)

    # Level 2: use of space. Skipped when the start already fills every booth
    # that could be filled (a bound that needs no solver). Otherwise the LP
    # relaxation first: an integral optimum of it is proven optimal; the MIP
    # (branch and bound) only when it is not integral.
    bound = min(model.event_bound, model.applicant_bound)
    if len(chosen) < bound:
        cost = np.zeros(model.n)
        cost[: model.n_x] = 1.0
        found, lp_bound = model.run_lp(cost, True, deadline, "ipm")
        if (
            found is not None
            and len(found) >= max(len(chosen), lp_bound - 0.5)
            and keeps(found, coverage)
            and rules_hold(found)
        ):
            chosen, proven = found, True
        else:
            model.restore_integrality()
            found, proven = model.run(cost, True, chosen, deadline)
            if (
                found is not None
                and len(found) >= len(chosen)
                and keeps(found, coverage)
                and rules_hold(found)
            ):
                chosen = found
            else:  # nothing better that checks out: do not claim optimality
                proven = False
        if not proven:
            return _finish(instance, apps, chosen, False, began)
    booths = len(chosen)
    if booths == model.event_bound:
        # Every event is as full as it can be: say so per event (sparse rows).
        for ks, fill in model.event_rows.values():
            model.add_row(ks, float(fill), float(fill))
    else:
        model.add_row(list(range(model.n_x)), float(booths), float(booths))

    # Level 3: preference (LP first again, from level 2's basis when there is one).
    report("level 3 of 3: preference", 0.6)
    cost = np.zeros(model.n)
    cost[: model.n_x] = [float(app.rank) for app in apps]
    rank_sum = sum(apps[k].rank for k in chosen)

    def improves(ks: set[int] | None) -> bool:
        return (
            ks is not None
            and len(ks) == booths
            and keeps(ks, coverage)
            and sum(apps[k].rank for k in ks) <= rank_sum
            and rules_hold(ks)
        )

    solver = "simplex" if getattr(model, "relaxed", False) else "ipm"
    found, lp_bound = model.run_lp(cost, False, deadline, solver)
    if improves(found) and sum(apps[k].rank for k in found) <= lp_bound + 0.5:
        chosen, proven = found, True
    else:
        model.restore_integrality()
        found, proven = model.run(cost, False, chosen, deadline)
        if improves(found):
            chosen = found
        else:
            proven = False
    report("done", 1.0)
    return _finish(instance, apps, chosen, proven, began)


def _fill(instance: Instance, apps: list[Application], chosen: set[int]) -> tuple[set[int], bool]:
    """Add every further booth the rules allow, best ranks first (keeps coverage).

    Also re-checks ``chosen``; the flag is False if any of it broke the rules
    (then dropped), which a correct solver never causes.
    """
    ledger = _Ledger(instance)
    result: set[int] = set()
    intact = True
    for k in sorted(chosen):
        if ledger.try_place(apps[k]):
            result.add(k)
        else:
            intact = False
    for k in sorted(range(len(apps)), key=lambda k: apps[k].rank):
        if k not in result and ledger.try_place(apps[k]):
            result.add(k)
    return result, intact


def _finish(
    instance: Instance, apps: list[Application], chosen: set[int], proven: bool, began: float
) -> Result:
    picked = [apps[k] for k in sorted(chosen)]
    result = _result(instance, picked, proven, time.monotonic() - began, "optimal")
    faults = check_feasible(instance, result.assignments)
    if faults:  # never expected: the solver's answer is checked independently
        raise RuntimeError("solver returned an infeasible allocation: " + "; ".join(faults[:3]))
    return result


# --------------------------------------------------------------------------
# Baselines
# --------------------------------------------------------------------------


class _Ledger:
    """Greedy placement under the same feasibility rules."""

    def __init__(self, instance: Instance):
        self.instance = instance
        self.left = {e.id: e.booths for e in instance.events}
        self.cat_left: dict[tuple[Any, str], int] = {}
        self.held: dict[Any, list[Event]] = {}
        self.chosen: list[Application] = []

    def try_place(self, app: Application) -> bool:
        inst = self.instance
        event = inst.event_by_id[app.event]
        applicant = inst.applicant_by_id[app.applicant]
        held = self.held.setdefault(applicant.id, [])
        if self.left[event.id] <= 0 or len(held) >= applicant.quota:
            return False
        key = (event.id, applicant.category)
        if self.cat_left.get(key, event.cap) <= 0:
            return False
        if any(h.id == event.id or h.overlaps(event) for h in held):
            return False
        self.left[event.id] -= 1
        self.cat_left[key] = self.cat_left.get(key, event.cap) - 1
        held.append(event)
        self.chosen.append(app)
        return True


def first_come_first_served(instance: Instance) -> Result:
    """Each application in file order gets a booth if one is still allowed."""
    began = time.monotonic()
    ledger = _Ledger(instance)
    for app in instance.applications:
        ledger.try_place(app)
    return _result(instance, ledger.chosen, False, time.monotonic() - began, "fcfs")


def lottery(instance: Instance, seed: int) -> Result:
    """Applicants drawn in a random order; in each pass, in that order, each one
    takes her best-ranked event still allowed (first pass: first booths; later
    passes: further booths up to her quota)."""
    began = time.monotonic()
    rng = random.Random(seed)
    order = [a.id for a in instance.applicants]
    rng.shuffle(order)
    wishes: dict[Any, list[Application]] = {}
    for app in instance.applications:
        wishes.setdefault(app.applicant, []).append(app)
    for apps in wishes.values():
        apps.sort(key=lambda app: app.rank)
    ledger = _Ledger(instance)
    active = [aid for aid in order if wishes.get(aid)]
    while active:
        still = []
        for aid in active:
            for app in wishes[aid]:
                if ledger.try_place(app):
                    wishes[aid] = [w for w in wishes[aid] if w is not app]
                    still.append(aid)
                    break
        active = still
    return _result(instance, ledger.chosen, False, time.monotonic() - began, "lottery")
