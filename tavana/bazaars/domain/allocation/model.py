"""The MIP the exact solver runs (HiGHS through `new_highs`)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

from tavana.core.domain.solver import new_highs

from .instance import Application, Event, Instance


def usable_applications(instance: Instance) -> list[Application]:
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

        self.h = _highs(rows, n)

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


Row = tuple[list[int], list[float], float, float]


def _highs(rows: list[Row], n: int):
    """A HiGHS instance holding the MIP: `n` binary columns, one constraint per row
    (indices, coefficients, lower, upper)."""
    import highspy
    import numpy as np

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
    return h
