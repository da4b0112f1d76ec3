"""Fair booth allocation: the exact engine behind ``tavana allocate``.

Implements ``shared/contracts/allocation.md`` to the letter. Pure Python (no
Django): the command reads its file with :func:`load_instance`, the web
application builds an :class:`Instance` from the database; both then call
:func:`solve`.

    instance.py   the data and the reading of an instance file
    model.py      the MIP (one column per usable application)
    solver.py     the three levels
    evaluate.py   a result's figures and its feasibility check
    baselines.py  lottery and first-come-first-served

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

from .baselines import first_come_first_served, lottery
from .evaluate import check_feasible
from .instance import (
    Applicant,
    Application,
    Event,
    Instance,
    InvalidInstance,
    Result,
    load_instance,
    parse_instance,
)
from .model import _Model
from .solver import solve

__all__ = [
    "Applicant",
    "Application",
    "Event",
    "Instance",
    "InvalidInstance",
    "Result",
    "_Model",
    "check_feasible",
    "first_come_first_served",
    "load_instance",
    "lottery",
    "parse_instance",
    "solve",
]
