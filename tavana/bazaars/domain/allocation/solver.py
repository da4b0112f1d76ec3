"""The lexicographic optimum, level by level (see the package docstring)."""

from __future__ import annotations

import time

from .baselines import Ledger
from .evaluate import check_feasible, result_of
from .instance import Application, Instance, Result
from .model import Progress, _Model, usable_applications


class _Levels:
    """The three levels over one instance's usable applications (`apps`); a set
    of chosen applications is a set of indices into `apps`."""

    def __init__(self, instance: Instance, apps: list[Application], deadline, report):
        self.instance, self.apps, self.deadline, self.report = instance, apps, deadline, report
        self.tiers = instance.tiers()
        self.tier_of = {a.id: (a.past, a.priority) for a in instance.applicants}

    def counts(self, ks: set[int]) -> list[int]:
        served = {self.apps[k].applicant for k in ks}
        return [sum(1 for aid in served if self.tier_of[aid] == tier) for tier in self.tiers]

    def keeps(self, ks: set[int], floor: list[int]) -> bool:
        return all(c >= f for c, f in zip(self.counts(ks), floor, strict=True))

    def rules_hold(self, ks: set[int]) -> bool:
        pairs = [(self.apps[k].applicant, self.apps[k].event) for k in ks]
        return not check_feasible(self.instance, pairs)

    def coverage(self) -> tuple[set[int], bool]:
        """Level 1: coverage by tier -- exact in one solve, see the package docstring."""
        import numpy as np

        self.report("level 1 of 3: coverage by tier", 0.0)
        weight = {tier: float(len(self.tiers) - i) for i, tier in enumerate(self.tiers)}
        cover = _Model(self.instance, self.apps, coverage_only=True)
        cost = np.array([weight[self.tier_of[app.applicant]] for app in self.apps])
        found, proven = cover.run(cost, True, set(), self.deadline)
        chosen, intact = _fill(self.instance, self.apps, found or set())
        return chosen, proven and intact

    def full_model(self, chosen: set[int]) -> tuple[_Model, list[int]]:
        """The full model, each tier's level-1 count fixed as a floor."""
        self.report("level 2 of 3: booths used", 0.3)
        model = _Model(self.instance, self.apps, coverage_only=False)
        coverage = self.counts(chosen)
        for tier, count in zip(self.tiers, coverage, strict=True):
            if count:
                members = [model.y_of[aid] for aid in model.served_ids if self.tier_of[aid] == tier]
                model.add_row(members, float(count), model.highspy.kHighsInf)
        return model, coverage

    def booths(self, model: _Model, chosen: set[int], coverage: list[int]) -> tuple[set[int], bool]:
        """Level 2: use of space. Skipped when the start already fills every booth
        that could be filled (a bound that needs no solver). Otherwise the LP
        relaxation first: an integral optimum of it is proven optimal; the MIP
        (branch and bound) only when it is not integral."""
        import numpy as np

        if len(chosen) >= min(model.event_bound, model.applicant_bound):
            return chosen, True
        cost = np.zeros(model.n)
        cost[: model.n_x] = 1.0
        found, lp_bound = model.run_lp(cost, True, self.deadline, "ipm")
        if (
            found is not None
            and len(found) >= max(len(chosen), lp_bound - 0.5)
            and self.keeps(found, coverage)
            and self.rules_hold(found)
        ):
            return found, True
        model.restore_integrality()
        found, proven = model.run(cost, True, chosen, self.deadline)
        if (
            found is not None
            and len(found) >= len(chosen)
            and self.keeps(found, coverage)
            and self.rules_hold(found)
        ):
            return found, proven
        return chosen, False  # nothing better that checks out: do not claim optimality

    def preference(
        self, model: _Model, chosen: set[int], coverage: list[int]
    ) -> tuple[set[int], bool]:
        """Level 3: preference, with level 2's booth count fixed (LP first again,
        from level 2's basis when there is one)."""
        import numpy as np

        apps = self.apps
        booths = len(chosen)
        if booths == model.event_bound:
            # Every event is as full as it can be: say so per event (sparse rows).
            for ks, fill in model.event_rows.values():
                model.add_row(ks, float(fill), float(fill))
        else:
            model.add_row(list(range(model.n_x)), float(booths), float(booths))
        self.report("level 3 of 3: preference", 0.6)
        cost = np.zeros(model.n)
        cost[: model.n_x] = [float(app.rank) for app in apps]
        rank_sum = _rank(apps, chosen)

        def improves(ks: set[int]) -> bool:
            return (
                len(ks) == booths
                and self.keeps(ks, coverage)
                and _rank(apps, ks) <= rank_sum
                and self.rules_hold(ks)
            )

        solver = "simplex" if getattr(model, "relaxed", False) else "ipm"
        found, lp_bound = model.run_lp(cost, False, self.deadline, solver)
        if found is not None and improves(found) and _rank(apps, found) <= lp_bound + 0.5:
            return found, True
        model.restore_integrality()
        found, proven = model.run(cost, False, chosen, self.deadline)
        if found is not None and improves(found):
            return found, proven
        return chosen, False


def _rank(apps: list[Application], ks: set[int]) -> int:
    return sum(apps[k].rank for k in ks)


def solve(
    instance: Instance,
    time_limit: float | None = None,
    progress: Progress | None = None,
) -> Result:
    """The lexicographic optimum (see the package docstring)."""
    began = time.monotonic()
    deadline = began + time_limit if time_limit is not None else None

    def report(message: str, fraction: float) -> None:
        if progress is not None:
            progress(message, fraction)

    apps = usable_applications(instance)
    if not apps:
        report("nothing to allocate", 1.0)
        return result_of(instance, [], True, time.monotonic() - began, "optimal")
    levels = _Levels(instance, apps, deadline, report)
    chosen, proven = levels.coverage()
    if not proven:
        return _finish(instance, apps, chosen, False, began)
    model, coverage = levels.full_model(chosen)
    chosen, proven = levels.booths(model, chosen, coverage)
    if not proven:
        return _finish(instance, apps, chosen, False, began)
    chosen, proven = levels.preference(model, chosen, coverage)
    report("done", 1.0)
    return _finish(instance, apps, chosen, proven, began)


def _fill(instance: Instance, apps: list[Application], chosen: set[int]) -> tuple[set[int], bool]:
    """Add every further booth the rules allow, best ranks first (keeps coverage).

    Also re-checks ``chosen``; the flag is False if any of it broke the rules
    (then dropped), which a correct solver never causes.
    """
    ledger = Ledger(instance)
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
    result = result_of(instance, picked, proven, time.monotonic() - began, "optimal")
    faults = check_feasible(instance, result.assignments)
    if faults:  # never expected: the solver's answer is checked independently
        raise RuntimeError("solver returned an infeasible allocation: " + "; ".join(faults[:3]))
    return result
