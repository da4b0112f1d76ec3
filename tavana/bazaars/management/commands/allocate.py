"""``tavana allocate INSTANCE.json --output RESULT.json [--time-limit SECONDS]``.

Implements ``shared/contracts/allocation.md`` with the shape every solver
command shares (``tavana.core.solver_command``): exit 0 when RESULT.json was
written; exit 2 for an invalid instance (or a file that cannot be read) with a
one-line reason on stderr. Nothing is written to stdout. The database is not
touched.
"""

from __future__ import annotations

from tavana.bazaars.domain.allocation import InvalidInstance, load_instance, solve
from tavana.core.solver_command import SolverCommand


class Command(SolverCommand):
    help = "Allocate booths fairly (exact lexicographic optimum) from an instance JSON file."
    result_name = "result"
    invalid = InvalidInstance

    def load(self, text):
        return load_instance(text)

    def solve(self, instance, time_limit, progress):
        return solve(instance, time_limit=time_limit, progress=progress).to_json()
