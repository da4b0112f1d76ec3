"""k-anonymity for record-level research extracts (pure Python, no Django).

Each record has quasi-identifiers (here: age and district) and other values.
A *hierarchy* per quasi-identifier says how a value is generalised, level by
level, up to «*» (age 37 → «35–39» → «30–39» → «20–39» → «*»; district 7 → its
group of districts → «*»). `anonymise` looks through every combination of
levels (the lattice; a few dozen nodes), keeps those where, after suppressing
the records of classes smaller than k — at most `max_suppressed` of them —
every class of equal quasi-identifiers has at least k records, and returns the
one that loses least information (Samarati's method with the precision
metric; ties: fewer suppressed records, then lower levels).

Information loss is reported as the published data's *precision loss* (the
mean over quasi-identifiers of level / top level, 0 = as collected, 1 = all
«*»), the share of records suppressed, and the *discernibility* (Σ class size²
/ n², from 1/n when every record stands alone to 1 when all are one class).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

__all__ = [
    "AGE",
    "DISTRICT",
    "STAR",
    "Anonymised",
    "Hierarchy",
    "age_hierarchy",
    "anonymise",
    "district_hierarchy",
    "is_k_anonymous",
]

STAR = "*"


@dataclass(frozen=True)
class Hierarchy:
    """`levels[i](value)` is the value generalised to level i (0: as is); the
    last level gives «*» for everything."""

    name: str
    levels: tuple[Callable[[object], str], ...]

    @property
    def top(self) -> int:
        return len(self.levels) - 1

    def generalise(self, value: object, level: int) -> str:
        if value is None or value == "":
            return STAR
        return self.levels[level](value)


def _band(width: int) -> Callable[[object], str]:
    def f(v: object) -> str:
        lo = int(v) // width * width  # type: ignore[call-overload]
        return f"{lo}–{lo + width - 1}"

    return f


def age_hierarchy() -> Hierarchy:
    """Age in years: exact · 5-year band · 10 · 20 · «*»."""
    return Hierarchy("age", (lambda v: str(int(v)), _band(5), _band(10), _band(20), lambda v: STAR))  # type: ignore[call-overload]


#: Tehran's 22 districts in five groups (north, centre, east, west, south)
DISTRICT_GROUPS = {
    "شمال": (1, 2, 3, 4, 5),
    "مرکز": (6, 7, 11, 12),
    "شرق": (8, 13, 14, 15),
    "غرب": (9, 10, 21, 22),
    "جنوب": (16, 17, 18, 19, 20),
}
_GROUP_OF = {d: g for g, ds in DISTRICT_GROUPS.items() for d in ds}


def district_hierarchy() -> Hierarchy:
    """District number: exact · its group of districts · «*»."""
    return Hierarchy(
        "district",
        (lambda v: str(int(v)), lambda v: _GROUP_OF.get(int(v), STAR), lambda v: STAR),  # type: ignore[call-overload]
    )


AGE = age_hierarchy()
DISTRICT = district_hierarchy()


@dataclass
class Anonymised:
    """The published records (quasi-identifiers generalised, the rest unchanged),
    which input rows they are, the levels chosen and the information lost."""

    rows: list[dict]
    kept: list[int]
    levels: dict[str, int]
    k: int
    suppressed: int
    precision_loss: float
    discernibility: float
    classes: int
    notes: list[str] = field(default_factory=list)


def is_k_anonymous(rows: Sequence[dict], qis: Sequence[str], k: int) -> bool:
    counts = Counter(tuple(r[q] for q in qis) for r in rows)
    return all(c >= k for c in counts.values())


def _classes(records, hierarchies, levels) -> Counter:
    return Counter(
        tuple(h.generalise(r[h.name], lv) for h, lv in zip(hierarchies, levels, strict=True))
        for r in records
    )


def anonymise(
    records: Sequence[dict],
    hierarchies: Sequence[Hierarchy],
    k: int = 5,
    max_suppressed: float = 0.02,
) -> Anonymised:
    """The least generalisation that makes `records` k-anonymous (see module doc)."""
    if k < 1:
        raise ValueError("k must be at least 1")
    n = len(records)
    budget = int(max_suppressed * n)
    best = None
    for levels in itertools.product(*(range(h.top + 1) for h in hierarchies)):
        counts = _classes(records, hierarchies, levels)
        small = sum(c for c in counts.values() if c < k)
        if small > budget and small < n:
            continue
        if small == n and n:
            continue  # everything suppressed is never the answer while «*» exists
        precision = (
            sum(lv / h.top for h, lv in zip(hierarchies, levels, strict=True)) / len(hierarchies)
            if hierarchies
            else 0.0
        )
        key = (precision, small, sum(levels))
        if best is None or key < best[0]:
            best = (key, levels, counts)
    if best is None:  # fewer than k records in all: nothing can be published
        return Anonymised([], [], {h.name: h.top for h in hierarchies}, k, n, 1.0, 1.0, 0)
    (precision, small, _), levels, counts = best
    rows, kept = [], []
    for i, r in enumerate(records):
        qi = tuple(h.generalise(r[h.name], lv) for h, lv in zip(hierarchies, levels, strict=True))
        if counts[qi] < k:
            continue
        out = dict(r)
        for h, value in zip(hierarchies, qi, strict=True):
            out[h.name] = value
        rows.append(out)
        kept.append(i)
    published = [c for c in counts.values() if c >= k]
    disc = sum(c * c for c in published) / (len(rows) ** 2) if rows else 1.0
    return Anonymised(
        rows,
        kept,
        {h.name: lv for h, lv in zip(hierarchies, levels, strict=True)},
        k,
        small,
        round(precision, 4),
        round(disc, 6),
        len(published),
    )
