"""The lexicographic optimum, level by level (see the package docstring)."""

from __future__ import annotations

import time
from collections.abc import Callable

from .evaluate import by_hand, check_feasible
from .instance import Instance, Plan
from .model import PlanModel, usable_pairs

Progress = Callable[[str, float], None]
Pieces = dict[tuple[str, str], int]

# Tiers solved together in one weighted solve while the weights stay this small
# (exact: each tier's weight exceeds everything the later tiers of the group
# can add); past it the next tier starts a new solve.
MAX_WEIGHT = 1_000_000


def tier_groups(counts: list[tuple[int, int]]) -> list[list[tuple[int, int, int]]]:
    """Group (tier, servable) pairs for weighted solves: [(tier, servable, weight)]."""
    groups: list[list[tuple[int, int, int]]] = []
    current: list[tuple[int, int]] = []
    for tier, n in counts:
        product = 1
        for _, m in [*current, (tier, n)][1:]:
            product *= m + 1
        if current and product > MAX_WEIGHT:
            groups.append(_weights(current))
            current = []
        current.append((tier, n))
    if current:
        groups.append(_weights(current))
    return groups


def _weights(tiers: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    out = []
    for j, (tier, n) in enumerate(tiers):
        weight = 1
        for _, m in tiers[j + 1 :]:
            weight *= m + 1
        out.append((tier, n, weight))
    return out


class _Levels:
    def __init__(self, instance: Instance, deadline: float | None, report: Progress):
        self.instance, self.deadline, self.report = instance, deadline, report
        self.model = PlanModel(instance, usable_pairs(instance))
        self.proven = True
        self.levels: list[str] = []
        self.began = time.monotonic()

    def _accept(
        self, name: str, found: Pieces | None, proven: bool, best: Pieces, better
    ) -> Pieces:
        """The solver's plan if it checks out and is no worse than ``best``."""
        ok = found is not None and not check_feasible(self.instance, found) and better(found)
        proven = ok and proven
        self.proven = self.proven and proven
        seconds = time.monotonic() - self.began
        self.levels.append(
            f"{name}: {'proven optimal' if proven else 'best found'} at {seconds:.1f} s"
        )
        return found if ok and found is not None else best

    def pieces(self, start: Pieces) -> Pieces:
        self.report("level 1 of 3: pieces on time", 0.0)
        m = self.model
        total = _total(start)
        found, proven = m.run({k: 1.0 for k in range(m.n_x)}, True, start, self.deadline)
        best = self._accept("pieces", found, proven, start, lambda p: _total(p) >= total)
        m.add_row(list(range(m.n_x)), [1.0] * m.n_x, float(_total(best)), m.highspy.kHighsInf)
        return best

    def served(self, best: Pieces) -> Pieces:
        m = self.model
        if not m.servable:
            return best
        tiers = self.instance.tiers()
        counts = [(t, sum(1 for p in m.servable if p.tier == t)) for t in tiers]
        groups = tier_groups([c for c in counts if c[1] > 0])
        for g, group in enumerate(groups):
            self.report(f"level 2 of 3: women served, tiers {[t for t, _, _ in group]}", 0.3)
            already = _served_counts(self.instance, best)
            if all(already.get(t, 0) >= n for t, n, _ in group):
                found: Pieces | None = best  # every one who can be served is: no solve needed
                proven = True
            else:
                cost = {
                    m.s_of[p.id]: float(w) for t, _, w in group for p in m.servable if p.tier == t
                }
                found, proven = m.run(cost, True, best, self.deadline)

            floor = _total(best)

            def keeps(p: Pieces, group=group, before=already, total=floor) -> bool:
                now = _served_counts(self.instance, p)
                tiers = [t for t, _, _ in group]
                return _lex(now, before, tiers) >= 0 and _total(p) >= total

            best = self._accept(
                f"served, tiers {[t for t, _, _ in group]}", found, proven, best, keeps
            )
            final = _served_counts(self.instance, best)
            for t, _, _ in group:
                cols = [m.s_of[p.id] for p in m.servable if p.tier == t]
                m.add_row(cols, [1.0] * len(cols), float(final.get(t, 0)), m.highspy.kHighsInf)
            if (
                self.deadline is not None
                and time.monotonic() >= self.deadline
                and g < len(groups) - 1
            ):
                self.proven = False
                break
        return best

    def handoffs(self, best: Pieces) -> Pieces:
        self.report("level 3 of 3: fewer hand-offs", 0.6)
        m = self.model
        pairs = _pairs(best)
        served = _served_counts(self.instance, best)
        cost = {m.y0 + k: 1.0 for k in range(m.n_x)}
        found, proven = m.run(cost, False, best, self.deadline)

        def keeps(p: Pieces) -> bool:
            now = _served_counts(self.instance, p)
            return (
                _total(p) >= _total(best)
                and all(now.get(t, 0) >= c for t, c in served.items())
                and _pairs(p) <= pairs
            )

        return self._accept("hand-offs", found, proven, best, keeps)


def _total(p: Pieces) -> int:
    return sum(p.values())


def _pairs(p: Pieces) -> int:
    return sum(1 for n in p.values() if n > 0)


def _served_counts(instance: Instance, p: Pieces) -> dict[int, int]:
    totals: dict[str, int] = {}
    for (pid, _), n in p.items():
        totals[pid] = totals.get(pid, 0) + n
    counts: dict[int, int] = {}
    for producer in instance.producers:
        if producer.is_home and totals.get(producer.id, 0) >= instance.min_batch:
            counts[producer.tier or 0] = counts.get(producer.tier or 0, 0) + 1
    return counts


def _lex(a: dict[int, int], b: dict[int, int], tiers: list[int]) -> int:
    for t in tiers:
        if a.get(t, 0) != b.get(t, 0):
            return 1 if a.get(t, 0) > b.get(t, 0) else -1
    return 0


def solve(
    instance: Instance, time_limit: float | None = None, progress: Progress | None = None
) -> Plan:
    """The lexicographic optimum of the contract, or the best found in time."""
    began = time.monotonic()
    deadline = began + time_limit if time_limit is not None else None

    def report(message: str, fraction: float) -> None:
        if progress is not None:
            progress(message, fraction)

    start = by_hand(instance).pieces
    levels = _Levels(instance, deadline, report)
    if levels.model.n_x == 0:
        return Plan(instance, {}, optimal=True, seconds=time.monotonic() - began, levels=[])
    # A level not proven optimal in time keeps the best plan found, and the
    # next levels still improve it in what time is left (optimal is then false).
    best = levels.pieces(start)
    best = levels.served(best)
    best = levels.handoffs(best)
    report("done", 1.0)
    faults = check_feasible(instance, best)
    if faults:  # never expected: every accepted plan was checked
        raise RuntimeError("planner produced an infeasible plan: " + "; ".join(faults[:3]))
    return Plan(
        instance,
        best,
        optimal=levels.proven,
        seconds=time.monotonic() - began,
        levels=levels.levels,
    )
