"""``tavana plan-production INSTANCE.json --output PLAN.json [--time-limit SECONDS]``.

Implements ``shared/contracts/production-plan.md`` with the shape every solver
command shares (``tavana.core.solver_command``): exit 0 when PLAN.json was
written; exit 2 for an invalid instance (or a file that cannot be read) with a
one-line reason on stderr. Nothing is written to stdout; progress (with -v 2)
goes to stderr. The database is not touched.
"""

from __future__ import annotations

from tavana.core.solver_command import SolverCommand
from tavana.production.domain.planning import InvalidInstance, load_instance, solve


class Command(SolverCommand):
    help = "Plan an order across workshops and home producers (exact lexicographic optimum)."
    result_name = "plan"
    invalid = InvalidInstance

    def load(self, text):
        return load_instance(text)

    def solve(self, instance, time_limit, progress):
        plan = solve(instance, time_limit=time_limit, progress=progress)
        for line in plan.levels:
            progress(line, 1.0)
        return plan.to_json()
