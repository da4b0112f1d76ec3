"""The change in the term average for children who received tutoring, next to
similar children who did not — pure Python, the method written out so the
figures page can say it.

Method: for every tutored child, the change is her average at the term after
the flag minus her average at the flag's term. Her comparison is the child or
children who did not receive tutoring at that term, in the same grade and the
same district, whose average at that term is the closest to hers (at most
`band` marks away): the mean change of up to `k` nearest. Tutored children
with no such comparison are left out (and counted). The figure is the mean
change of the matched tutored children next to the mean change of their
comparisons; the difference is an estimate, not proof: the groups were not
assigned at random.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

METHOD = (
    "برای هر کودکی که کلاس تقویتی گرفت، تغییر معدل از نوبت هشدار تا نوبت بعد با "
    "کودکانی سنجیده شد که کلاس نگرفتند و هم‌پایه، هم‌منطقه و با معدل آغاز نزدیک "
    "(حداکثر یک نمره فاصله) بودند؛ میانگین تا سه نزدیک‌ترین. کودکی که همتایی نداشت "
    "کنار گذاشته شد. تفاوت برآورد است، نه اثبات: گروه‌ها تصادفی تعیین نشده‌اند."
)


@dataclass(frozen=True)
class Pupil:
    child_id: int
    year: int
    term: int
    grade: int
    district_id: int | None
    start: float
    change: float
    tutored: bool


@dataclass(frozen=True)
class Effect:
    tutored: int  # tutored children with a comparison
    unmatched: int  # tutored children with none
    comparisons: int  # distinct comparison children used
    tutored_change: float | None
    comparison_change: float | None

    @property
    def difference(self) -> float | None:
        if self.tutored_change is None or self.comparison_change is None:
            return None
        return self.tutored_change - self.comparison_change


def matched_effect(pupils: Iterable[Pupil], *, band: float = 1.0, k: int = 3) -> Effect:
    pool: dict[tuple, list[Pupil]] = defaultdict(list)
    treated = []
    for p in pupils:
        if p.tutored:
            treated.append(p)
        else:
            pool[(p.year, p.term, p.grade, p.district_id)].append(p)
    t_changes: list[float] = []
    c_changes: list[float] = []
    used: set[int] = set()
    unmatched = 0
    for t in sorted(treated, key=lambda p: p.child_id):
        candidates = [
            c
            for c in pool.get((t.year, t.term, t.grade, t.district_id), [])
            if abs(c.start - t.start) <= band and c.child_id != t.child_id
        ]
        if not candidates:
            unmatched += 1
            continue
        nearest = sorted(candidates, key=lambda c: (abs(c.start - t.start), c.child_id))[:k]
        t_changes.append(t.change)
        c_changes.append(sum(c.change for c in nearest) / len(nearest))
        used.update(c.child_id for c in nearest)

    def mean(xs: list[float]) -> float | None:
        return sum(xs) / len(xs) if xs else None

    return Effect(len(t_changes), unmatched, len(used), mean(t_changes), mean(c_changes))
