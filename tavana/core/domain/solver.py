"""One way to get a silent HiGHS solver.

HiGHS (from 1.12 on) prints a copyright banner on the process's standard
output the first time a solver object is built, before any option can turn
output off. `tavana allocate` and the other contract commands promise that
nothing reaches stdout, and a web worker's stdout is its access log, so the
engines never call ``highspy.Highs()`` themselves: they call ``new_highs()``.

The banner is written once per process, from C++, straight to file
descriptor 1 — Python's ``sys.stdout`` cannot catch it. The first
construction therefore happens with descriptor 1 pointed at the null device,
under a lock; later constructions need nothing.
"""

from __future__ import annotations

import math
import os
import sys
import threading
from typing import Any

_lock = threading.Lock()
_banner_swallowed = False


def _first_construction(highspy: Any) -> Any:
    sys.stdout.flush()
    saved = os.dup(1)
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 1)
        return highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(null)


def new_highs(**options: Any) -> Any:
    """A ``highspy.Highs`` with all output off and the given options set."""
    global _banner_swallowed
    import highspy

    if _banner_swallowed:
        h = highspy.Highs()
    else:
        with _lock:
            if _banner_swallowed:
                h = highspy.Highs()
            else:
                h = _first_construction(highspy)
                _banner_swallowed = True
    h.setOptionValue("output_flag", False)
    h.setOptionValue("log_to_console", False)
    for name, value in options.items():
        h.setOptionValue(name, value)
    return h


def optimum(h: Any) -> float:
    """Run a minimisation and return its optimal objective; minus infinity when
    the objective can fall without end (the audits minimise minus an entry to
    find its largest value). The value HiGHS reports after an unbounded run is
    whatever it last held: reading it there pinned entries that could take any
    larger value. A run from the last basis that ends without an answer
    (``kUnknown`` after an unbounded one) is run again from scratch. The audits'
    true values are a feasible point, so no run is infeasible; any other status
    is an error."""
    import highspy

    status_of = highspy.HighsModelStatus
    unbounded = (status_of.kUnbounded, status_of.kUnboundedOrInfeasible)
    h.run()
    status = h.getModelStatus()
    if status != status_of.kOptimal and status not in unbounded:
        h.clearSolver()
        h.run()
        status = h.getModelStatus()
    if status == status_of.kOptimal:
        return float(h.getInfo().objective_function_value)
    if status in unbounded:
        return -math.inf
    raise RuntimeError(f"audit programme not solved: {status}")
