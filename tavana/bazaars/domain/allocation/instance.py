"""The allocation's data (events, applicants, applications, the result) and the
reading of an instance file, validated against shared/contracts/allocation.md."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal, InvalidOperation
from functools import cached_property
from typing import Any

import jdatetime

from tavana.core.domain.persian_text import to_ascii_digits


class InvalidInstance(ValueError):
    """The instance breaks the contract; the message names the field and why."""


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    id: str | int
    start: jdatetime.date
    end: jdatetime.date
    booths: int
    category_cap: Decimal | None = None
    district: Any = None

    @cached_property
    def first_day(self) -> int:
        return self.start.togregorian().toordinal()

    @cached_property
    def last_day(self) -> int:
        return self.end.togregorian().toordinal()

    @property
    def cap(self) -> int:
        """Most booths one category may take here: max(1, floor(c x booths))."""
        if self.category_cap is None:
            return self.booths
        value = (self.category_cap * self.booths).to_integral_value(rounding=ROUND_FLOOR)
        return max(1, int(value))

    def overlaps(self, other: Event) -> bool:
        """True when the two (inclusive) date ranges share at least one day."""
        return self.first_day <= other.last_day and other.first_day <= self.last_day


@dataclass(frozen=True)
class Applicant:
    id: str | int
    category: str
    priority: int
    past: int
    quota: int = 1
    district: Any = None

    @property
    def tier(self) -> tuple[int, int]:
        """Sort key of her tier: past ascending, then priority descending."""
        return (self.past, -self.priority)


@dataclass(frozen=True)
class Application:
    applicant: str | int
    event: str | int
    rank: int


@dataclass
class Instance:
    round: str
    events: list[Event]
    applicants: list[Applicant]
    applications: list[Application]
    event_by_id: dict[Any, Event] = field(init=False, repr=False)
    applicant_by_id: dict[Any, Applicant] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.event_by_id = {e.id: e for e in self.events}
        self.applicant_by_id = {a.id: a for a in self.applicants}

    def tiers(self) -> list[tuple[int, int]]:
        """(past, priority) of every tier with at least one applicant, in order."""
        keys = sorted({a.tier for a in self.applicants})
        return [(past, -neg_priority) for past, neg_priority in keys]


@dataclass
class Result:
    round: str
    assignments: list[tuple[Any, Any]]
    unassigned: list[Any]
    optimal: bool
    served_by_tier: list[list[int]]
    booths_assigned: int
    rank_sum: int
    seconds: float
    method: str = "optimal"

    def served(self) -> dict[tuple[int, int], int]:
        return {(p, q): s for p, q, s, _ in self.served_by_tier}

    def to_json(self) -> dict[str, Any]:
        return {
            "round": self.round,
            "assignments": [{"applicant": a, "event": e} for a, e in self.assignments],
            "unassigned": list(self.unassigned),
            "optimal": self.optimal,
            "stats": {
                "served_by_tier": [list(row) for row in self.served_by_tier],
                "booths_assigned": self.booths_assigned,
                "rank_sum": self.rank_sum,
                "seconds": round(self.seconds, 3),
            },
        }


# --------------------------------------------------------------------------
# Parsing and validation
# --------------------------------------------------------------------------

_DATE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number allowed in JSON")


def load_instance(text: str | bytes) -> Instance:
    """Parse JSON text (decimals kept exact) and validate it."""
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInstance(f"not valid JSON: {exc}") from None
    except RecursionError:
        raise InvalidInstance("not valid JSON: nested too deeply") from None
    return parse_instance(data)


def _is_int(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    if isinstance(value, Decimal):
        return value.is_finite() and value == value.to_integral_value()
    if isinstance(value, float):
        return math.isfinite(value) and value.is_integer()
    return False


def _int(record: Any, key: str, where: str, minimum: int, default: Any = ...) -> int:
    if key not in record or (default is not ... and record[key] is None):
        if default is ...:
            raise InvalidInstance(f"{where}.{key}: missing (must be an integer >= {minimum})")
        return default
    value = record[key]
    if not _is_int(value) or int(value) < minimum:
        raise InvalidInstance(f"{where}.{key}: must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _id(record: dict, key: str, where: str) -> str | int:
    if key not in record:
        raise InvalidInstance(f"{where}.{key}: missing")
    value = record[key]
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise InvalidInstance(f"{where}.{key}: must be a non-empty string, got {value!r}")


def _date(record: dict, key: str, where: str) -> jdatetime.date:
    if key not in record:
        raise InvalidInstance(f"{where}.{key}: missing (a Jalali date YYYY-MM-DD)")
    value = record[key]
    if not isinstance(value, str):
        raise InvalidInstance(f"{where}.{key}: must be a Jalali date YYYY-MM-DD, got {value!r}")
    match = _DATE.match(to_ascii_digits(value.strip()))
    if not match:
        raise InvalidInstance(f"{where}.{key}: must be a Jalali date YYYY-MM-DD, got {value!r}")
    year, month, day = (int(g) for g in match.groups())
    try:
        return jdatetime.date(year, month, day)
    except ValueError:
        raise InvalidInstance(f"{where}.{key}: {value!r} is not a Jalali calendar date") from None


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, Decimal):
            number = value
        elif isinstance(value, int):
            number = Decimal(value)
        elif isinstance(value, float):
            number = Decimal(repr(value))  # the shortest text of the float: 0.29 -> "0.29"
        else:
            return None
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _records(data: dict, key: str) -> list:
    if key not in data:
        raise InvalidInstance(f"{key}: missing (must be a list)")
    value = data[key]
    if not isinstance(value, list):
        raise InvalidInstance(f"{key}: must be a list")
    for i, record in enumerate(value):
        if not isinstance(record, dict):
            raise InvalidInstance(f"{key}[{i}]: must be an object")
    return value


def parse_instance(data: Any) -> Instance:
    """Validate a decoded instance; raise :class:`InvalidInstance` on the first fault."""
    if not isinstance(data, dict):
        raise InvalidInstance("instance: must be a JSON object")
    if "round" not in data:
        raise InvalidInstance("round: missing (must be a string)")
    if not isinstance(data["round"], str):
        raise InvalidInstance(f"round: must be a string, got {data['round']!r}")

    events: list[Event] = []
    seen: dict[Any, int] = {}
    for i, rec in enumerate(_records(data, "events")):
        where = f"events[{i}]"
        eid = _id(rec, "id", where)
        if eid in seen:
            raise InvalidInstance(f"{where}.id: duplicate id {eid!r} (also events[{seen[eid]}])")
        seen[eid] = i
        start = _date(rec, "start", where)
        end = _date(rec, "end", where)
        if end < start:
            raise InvalidInstance(f"{where}.end: {rec['end']!r} is before start {rec['start']!r}")
        booths = _int(rec, "booths", where, 0)
        cap = None
        if rec.get("category_cap") is not None:
            cap = _decimal(rec["category_cap"])
            if cap is None or not (0 < cap <= 1):
                raise InvalidInstance(
                    f"{where}.category_cap: must be a number with 0 < c <= 1, "
                    f"got {rec['category_cap']!r}"
                )
        events.append(Event(eid, start, end, booths, cap, rec.get("district")))

    applicants: list[Applicant] = []
    seen = {}
    for i, rec in enumerate(_records(data, "applicants")):
        where = f"applicants[{i}]"
        aid = _id(rec, "id", where)
        if aid in seen:
            raise InvalidInstance(
                f"{where}.id: duplicate id {aid!r} (also applicants[{seen[aid]}])"
            )
        seen[aid] = i
        if "category" not in rec:
            raise InvalidInstance(f"{where}.category: missing")
        category = rec["category"]
        if not isinstance(category, str) or not category.strip():
            raise InvalidInstance(f"{where}.category: must be a non-empty string, got {category!r}")
        priority = rec.get("priority")
        if "priority" not in rec:
            raise InvalidInstance(f"{where}.priority: missing (must be 0 or 1)")
        if not _is_int(priority) or int(priority) not in (0, 1):
            raise InvalidInstance(f"{where}.priority: must be 0 or 1, got {priority!r}")
        past = _int(rec, "past", where, 0)
        quota = _int(rec, "quota", where, 0, default=1)
        applicants.append(Applicant(aid, category, int(priority), past, quota, rec.get("district")))

    applications: list[Application] = []
    pairs: dict[tuple[Any, Any], int] = {}
    applicant_ids = {a.id for a in applicants}
    event_ids = {e.id for e in events}
    for i, rec in enumerate(_records(data, "applications")):
        where = f"applications[{i}]"
        aid = _id(rec, "applicant", where)
        if aid not in applicant_ids:
            raise InvalidInstance(f"{where}.applicant: unknown applicant {aid!r}")
        eid = _id(rec, "event", where)
        if eid not in event_ids:
            raise InvalidInstance(f"{where}.event: unknown event {eid!r}")
        rank = _int(rec, "rank", where, 1)
        if (aid, eid) in pairs:
            raise InvalidInstance(
                f"{where}: duplicate application of {aid!r} to {eid!r} "
                f"(also applications[{pairs[aid, eid]}])"
            )
        pairs[aid, eid] = i
        applications.append(Application(aid, eid, rank))

    return Instance(data["round"], events, applicants, applications)
