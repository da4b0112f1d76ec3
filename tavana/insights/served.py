"""Women served, pre-aggregated for a whole Jalali year in one GROUP BY.

`selectors.women_served` counts, for one period, the women with a casework
delivery in it or an enrolment (enrolled or active) begun before its end — a
distinct count over a UNION, which PostgreSQL answered in over a minute per
view on the demo, and `insights_refresh` asks it for 39 views (the city's
seventeen periods, each district's year).

Whether a woman is served in a period of whole months depends on two things
only: the months of the year in which she had a delivery (a 12-bit mask) and
the month her earliest current enrolment began (0: before the year; 1–12; 13:
not before the year's end). So one query groups the year's women by district,
mask and that month, and every view's count — any run of whole months of the
year, the city or one district — is a sum over that small table: served in
months a..b (0-based, b exclusive) ⇔ mask has a bit in a..b-1 or the
enrolment began before month b's end. Same numbers as `women_served` (tests
compare them on SQLite and PostgreSQL); a filter it cannot answer (a unit of
the organisation, a period not made of whole months of the year) returns None
and the caller counts as before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection

from tavana.casework.domain import stages
from tavana.casework.models import Delivery, Enrolment
from tavana.core.domain import jalali
from tavana.people.models import Person

from .selectors import Filters


@dataclass(frozen=True)
class ServedYear:
    year: int
    bounds: tuple[dt.date, ...]  # the 13 month boundaries: first day, …, the year's end
    # (district id or None, month mask, enrolment month 0–13) → women
    counts: dict[tuple[int | None, int, int], int]

    def count(self, f: Filters) -> int | None:
        """`selectors.women_served(f)`, or None when `f` is not whole months of
        this year for the city or one district."""
        if f.unit_ids:
            return None
        try:
            a, b = self.bounds.index(f.start), self.bounds.index(f.end)
        except ValueError:
            return None
        if a >= b:
            return None
        months = sum(1 << m for m in range(a, b))
        district = f.district.pk if f.district else None
        return sum(
            n
            for (d, mask, began), n in self.counts.items()
            if (f.district is None or d == district) and (mask & months or began <= b)
        )


def _case(column: str, bounds: list[dt.date], values: list[int]) -> tuple[str, list]:
    """CASE WHEN column < bounds[0] THEN values[0] … END."""
    parts = " ".join(f"WHEN {column} < %s THEN {v}" for v in values)
    return f"CASE {parts} END", list(bounds)


def served_year(year: int) -> ServedYear:
    """The year's women served, grouped by district, delivery months and the
    month their enrolment began (one query)."""
    starts = [jalali.month_range(year, m)[0] for m in range(1, 13)]
    bounds = starts + [jalali.year_range(year)[1]]
    mask, mask_args = _case("delivered_on", bounds[1:], [1 << m for m in range(12)])
    began, began_args = _case("stage_since", bounds, list(range(13)))
    delivery = Delivery._meta.db_table
    enrolment = Enrolment._meta.db_table
    person = Person._meta.db_table
    sql = f"""
        SELECT p.district_id, s.mask, s.began, COUNT(*)
        FROM (
            SELECT u.person_id, SUM(u.mask) AS mask, MIN(u.began) AS began
            FROM (
                SELECT person_id, SUM(DISTINCT {mask}) AS mask, 13 AS began
                FROM {delivery}
                WHERE delivered_on >= %s AND delivered_on < %s
                GROUP BY person_id
                UNION ALL
                SELECT person_id, 0 AS mask, MIN({began}) AS began
                FROM {enrolment}
                WHERE stage IN (%s, %s) AND stage_since < %s
                GROUP BY person_id
            ) u
            GROUP BY u.person_id
        ) s
        JOIN {person} p ON p.id = s.person_id
        WHERE p.sex = %s AND p.merged_into_id IS NULL
        GROUP BY p.district_id, s.mask, s.began
    """  # table names from the models, every value a parameter
    args = [
        *mask_args,
        bounds[0],
        bounds[12],
        *began_args,
        stages.ENROLLED,
        stages.ACTIVE,
        bounds[12],
        Person.FEMALE,
    ]
    with connection.cursor() as cur:
        cur.execute(sql, args)
        counts = {(d, int(m), int(b)): int(n) for d, m, b, n in cur.fetchall()}
    return ServedYear(year, tuple(bounds), counts)
