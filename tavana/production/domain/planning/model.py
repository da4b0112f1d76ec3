"""The MIP the planner solves with HiGHS (through ``new_highs``).

Columns, in this order:

- ``x[k]``: pieces of pair k = (producer, item), integer in [0, ub_k], for every
  pair where the producer makes the item's product and at least one piece fits
  before its due day (ub_k = the most pieces that could fit, capped by the
  quantity);
- ``s[h]``: 1 when home producer h is *served* (Σ_k x[h,k] ≥ min_batch), for
  every home producer whose pairs could reach min_batch;
- ``y[k]``: 1 when pair k has at least one piece (x_k ≤ ub_k · y_k).

Rows: an item never gets more than its quantity; for each producer and each due
day t of her items, the minutes of her pieces due on or before t fit in her
minutes up to t; the serve and hand-off links above. Levels only change costs
and add the rows that fix the previous levels' optima.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from tavana.core.domain.solver import new_highs

from .instance import Instance, Item, Producer


@dataclass(frozen=True)
class Pair:
    producer: Producer
    item: Item
    minutes: int
    ub: int


def usable_pairs(instance: Instance) -> list[Pair]:
    pairs = []
    for producer in instance.producers:
        for item in instance.items:
            minutes = producer.minutes.get(item.product)
            if minutes is None:
                continue
            ub = min(item.quantity, producer.capacity(item.due) // minutes)
            if ub >= 1:
                pairs.append(Pair(producer, item, minutes, ub))
    return pairs


class PlanModel:
    def __init__(self, instance: Instance, pairs: list[Pair]):
        import highspy
        import numpy as np

        self.np, self.highspy = np, highspy
        self.instance, self.pairs = instance, pairs
        n_x = len(pairs)
        by_producer: dict[str, list[int]] = {}
        by_item: dict[str, list[int]] = {}
        for k, pair in enumerate(pairs):
            by_producer.setdefault(pair.producer.id, []).append(k)
            by_item.setdefault(pair.item.id, []).append(k)
        self.by_producer = by_producer
        mb = instance.min_batch
        self.servable = [
            p
            for p in instance.producers
            if p.is_home and sum(pairs[k].ub for k in by_producer.get(p.id, [])) >= mb
        ]
        self.s_of = {p.id: n_x + j for j, p in enumerate(self.servable)}
        self.y0 = n_x + len(self.servable)
        self.n_x, self.n = n_x, self.y0 + n_x

        inf = highspy.kHighsInf
        rows: list[tuple[list[int], list[float], float, float]] = []
        for ks in by_item.values():
            quantity = pairs[ks[0]].item.quantity
            if sum(pairs[k].ub for k in ks) > quantity:
                rows.append((ks, [1.0] * len(ks), -inf, float(quantity)))
        for ks in by_producer.values():
            producer = pairs[ks[0]].producer
            for t in sorted({pairs[k].item.due for k in ks}):
                due = [k for k in ks if pairs[k].item.due <= t]
                cap = producer.capacity(t)
                if sum(pairs[k].ub * pairs[k].minutes for k in due) > cap:
                    rows.append((due, [float(pairs[k].minutes) for k in due], -inf, float(cap)))
        for producer in self.servable:
            ks = by_producer[producer.id]
            s = self.s_of[producer.id]
            rows.append(([*ks, s], [1.0] * len(ks) + [-float(mb)], 0.0, inf))
            # Served needs at least one pair of her own (not implied by the
            # relaxation, where y can be a fraction of each pair): a cut.
            rows.append(([self.y0 + k for k in ks] + [s], [1.0] * len(ks) + [-1.0], 0.0, inf))
        for k, pair in enumerate(pairs):
            rows.append(([k, self.y0 + k], [1.0, -float(pair.ub)], -inf, 0.0))
        upper = [float(p.ub) for p in pairs] + [1.0] * (self.n - n_x)
        self.h = _highs(rows, self.n, upper)

    # ------------------------------------------------------------ vectors

    def vector(self, pieces: dict[tuple[str, str], int]) -> Any:
        values = self.np.zeros(self.n)
        mb = self.instance.min_batch
        totals: dict[str, int] = {}
        for k, pair in enumerate(self.pairs):
            n = pieces.get((pair.producer.id, pair.item.id), 0)
            values[k] = n
            values[self.y0 + k] = 1.0 if n > 0 else 0.0
            totals[pair.producer.id] = totals.get(pair.producer.id, 0) + n
        for pid, col in self.s_of.items():
            values[col] = 1.0 if totals.get(pid, 0) >= mb else 0.0
        return values

    def pieces_of(self, values: Any) -> dict[tuple[str, str], int]:
        out = {}
        for k, pair in enumerate(self.pairs):
            n = int(round(values[k]))
            if n > 0:
                out[(pair.producer.id, pair.item.id)] = n
        return out

    # ------------------------------------------------------------ solving

    def add_row(self, indices: list[int], coefs: list[float], lower: float, upper: float) -> None:
        np = self.np
        self.h.addRow(
            lower,
            upper,
            len(indices),
            np.array(indices, dtype=np.int32),
            np.array(coefs, dtype=float),
        )

    def run(
        self,
        cost: dict[int, float],
        maximize: bool,
        start: dict[tuple[str, str], int],
        deadline: float | None,
    ) -> tuple[dict[tuple[str, str], int] | None, bool]:
        """Solve for ``cost`` from ``start``; (pieces or None, proven optimal)."""
        h, highspy, np = self.h, self.highspy, self.np
        full = np.zeros(self.n)
        for col, c in cost.items():
            full[col] = c
        h.changeColsCost(self.n, np.arange(self.n, dtype=np.int32), full)
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
        if h.getInfo().primal_solution_status != 2:  # no feasible solution known
            return None, False
        pieces = self.pieces_of(h.getSolution().col_value)
        info = h.getInfo()
        self.last = (info.objective_function_value, info.mip_dual_bound)
        return pieces, status == highspy.HighsModelStatus.kOptimal


def _highs(rows: list[tuple[list[int], list[float], float, float]], n: int, upper: list[float]):
    import highspy
    import numpy as np

    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = len(rows)
    lp.col_cost_ = np.zeros(n)
    lp.col_lower_ = np.zeros(n)
    lp.col_upper_ = np.array(upper, dtype=float)
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
    # Every objective has integer coefficients on integer columns, so a gap
    # below 1 proves the incumbent optimal; no relative gap is allowed.
    h = new_highs(mip_rel_gap=0.0, mip_abs_gap=0.5, random_seed=0)
    h.passModel(lp)
    return h
