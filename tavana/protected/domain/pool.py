"""Allocating the pooled fund across cases: which mothers to free with the money
in the pool. Pure Python (no Django); solved exactly by HiGHS (`new_highs`).

A case is freed only when everything it still needs is paid, so the choice is a
0–1 programme: x_i = 1 funds case i in full. Within the pool, the proposal
frees the most mothers; among those sets, reunites the most children; among
those, frees the mothers who have waited longest (total days since
identification); among those, the earliest identified (lowest id) — solved as
three integer programmes in turn, each keeping the optimum of the one before, so
the order is exact and not a weighting that could trade one mother for many
children.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tavana.core.domain.numbers import format_number
from tavana.core.domain.solver import new_highs


@dataclass(frozen=True)
class Candidate:
    id: int
    code: str
    need: int  # rials still needed to settle in full
    children: int
    waiting_days: int


@dataclass(frozen=True)
class Proposal:
    pool: int
    chosen: tuple[int, ...]
    amounts: dict[int, int]
    mothers: int
    children: int
    waiting_days: int
    left: int
    reasons: dict[int, str]  # case id → why it is or is not in the proposal


def _fa(n: int) -> str:
    return format_number(n)


def _solve(cands: Sequence[Candidate], pool: int, floors: list[tuple[list[float], float]],
           weights: list[float]) -> list[int] | None:  # fmt: skip
    import highspy
    import numpy as np

    n = len(cands)
    h = new_highs(mip_rel_gap=0.0, mip_abs_gap=0.0)
    h.addVars(n, np.zeros(n), np.ones(n))
    idx = np.arange(n, dtype=np.int32)
    h.changeColsIntegrality(n, idx, np.full(n, 1, dtype=np.uint8))
    h.changeColsCost(n, idx, np.array(weights, dtype=np.float64))
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    h.addRow(-highspy.kHighsInf, float(pool), n, idx, np.array([float(c.need) for c in cands]))
    for coefs, floor in floors:
        h.addRow(floor, highspy.kHighsInf, n, idx, np.array(coefs, dtype=np.float64))
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    values = h.getSolution().col_value
    return [i for i in range(n) if values[i] > 0.5]


def propose(candidates: Sequence[Candidate], pool: int) -> Proposal:
    """The allocation that frees the most mothers within `pool` rials, then the
    most children, then the longest waiting, with a reason for every case."""
    cands = sorted((c for c in candidates if c.need > 0), key=lambda c: c.id)
    chosen: list[int] = []
    if cands and pool > 0:
        stages = [
            [1.0] * len(cands),
            [float(c.children) for c in cands],
            [float(c.waiting_days) for c in cands],
            # the earliest identified among equals: a strictly decreasing tilt
            [float(len(cands) - i) for i in range(len(cands))],
        ]
        floors: list[tuple[list[float], float]] = []
        for weights in stages:
            picked = _solve(cands, pool, floors, weights)
            if picked is None:  # pragma: no cover - the empty set is always feasible
                break
            chosen = picked
            floors.append((weights, sum(weights[i] for i in picked) - 1e-6))
    ids = tuple(cands[i].id for i in chosen)
    amounts = {cands[i].id: cands[i].need for i in chosen}
    spent = sum(amounts.values())
    left = pool - spent
    reasons: dict[int, str] = {}
    for c in candidates:
        if c.need <= 0:
            reasons[c.id] = "نیازی به کمک ندارد."
        elif c.id in amounts:
            reasons[c.id] = f"همهٔ {_fa(c.need)} ریال باقی‌مانده پرداخت می‌شود و آزاد می‌شود."
        elif c.need > pool:
            reasons[c.id] = f"نیاز ({_fa(c.need)} ریال) از کل صندوق بیشتر است."
        elif c.need > left:
            reasons[c.id] = (
                f"با مانده ({_fa(left)} ریال) نمی‌شود؛ این پول در پرونده‌های دیگر "
                "مادران بیشتری (یا فرزندان بیشتری) را آزاد می‌کند."
            )
        else:  # pragma: no cover - the solver would have taken it
            reasons[c.id] = "در پیشنهاد نیامد."
    by_id = {c.id: c for c in cands}
    return Proposal(
        pool=pool,
        chosen=ids,
        amounts=amounts,
        mothers=len(ids),
        children=sum(by_id[i].children for i in ids),
        waiting_days=sum(by_id[i].waiting_days for i in ids),
        left=left,
        reasons=reasons,
    )
