"""Production planning: the exact engine behind ``tavana plan-production``.

Implements ``shared/contracts/production-plan.md`` to the letter. Pure Python
(no Django): the command reads its file with :func:`load_instance`, the web
application builds an :class:`Instance` from the database; both call
:func:`solve`.

    instance.py   the data, the plan, and the reading of an instance file
    model.py      the MIP (pieces per producer and item, served, hand-offs)
    solver.py     the three levels
    evaluate.py   the independent feasibility check and the plan by hand

The optimum is lexicographic, one HiGHS solve per level, each level's optimum
fixed as a row for the next, the previous level's plan given as the start:

1. the number of pieces planned (all on time) is maximal;
2. the number of home producers *served* (≥ ``min_batch`` pieces) is maximal in
   tier 1, then in tier 2, …: consecutive tiers are solved together with
   weights Π(n_j + 1) over the later tiers of the group (so one more woman in an
   earlier tier outweighs everyone the later tiers could add), a new solve
   whenever a weight would pass a million;
3. the number of (producer, item) pairs with a piece is minimal.

Every objective has integer coefficients on integer columns and HiGHS runs with
no relative gap and an absolute gap under 1, so "optimal" is a proof. Every plan
the solver returns is checked against the contract's rules by
:func:`check_feasible` before it is accepted.
"""

from .evaluate import by_hand, check_feasible, most_pieces
from .instance import (
    HOME,
    UNIT,
    Instance,
    InvalidInstance,
    Item,
    Plan,
    Producer,
    load_instance,
    parse_instance,
)
from .solver import solve

__all__ = [
    "most_pieces",
    "HOME",
    "UNIT",
    "Instance",
    "InvalidInstance",
    "Item",
    "Plan",
    "Producer",
    "by_hand",
    "check_feasible",
    "load_instance",
    "parse_instance",
    "solve",
]
