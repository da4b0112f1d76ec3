"""The planner's data and the reading of an instance file, validated against
shared/contracts/production-plan.md (every field of every record, on integers)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


class InvalidInstance(ValueError):
    """The instance breaks the contract; the message names the field and why."""


UNIT = "unit"
HOME = "home"


@dataclass(frozen=True)
class Item:
    id: str
    product: str
    quantity: int
    due: int


@dataclass(frozen=True)
class Producer:
    id: str
    kind: str
    day_minutes: int
    minutes: dict[str, int]
    days: tuple[int, ...]
    tier: int | None = None

    @property
    def is_home(self) -> bool:
        return self.kind == HOME

    def capacity(self, t: int) -> int:
        """Her minutes on her days up to day ``t`` (inclusive)."""
        return self.day_minutes * sum(1 for d in self.days if d <= t)


@dataclass(frozen=True)
class Instance:
    order: str | int
    horizon: int
    min_batch: int
    items: tuple[Item, ...]
    producers: tuple[Producer, ...]

    def tiers(self) -> list[int]:
        return sorted({p.tier for p in self.producers if p.is_home and p.tier is not None})


@dataclass
class Plan:
    """A plan: pieces per (producer id, item id), and how it was reached."""

    instance: Instance
    pieces: dict[tuple[str, str], int]
    optimal: bool
    seconds: float = 0.0
    levels: list[str] = field(default_factory=list)

    def planned(self, item_id: str) -> int:
        return sum(n for (_, i), n in self.pieces.items() if i == item_id)

    def producer_total(self, producer_id: str) -> int:
        return sum(n for (p, _), n in self.pieces.items() if p == producer_id)

    def served(self) -> set[str]:
        mb = self.instance.min_batch
        return {
            p.id for p in self.instance.producers if p.is_home and self.producer_total(p.id) >= mb
        }

    def handoffs(self) -> int:
        return sum(1 for n in self.pieces.values() if n >= 1)

    def to_json(self) -> dict[str, Any]:
        inst = self.instance
        order_p = {p.id: k for k, p in enumerate(inst.producers)}
        order_i = {i.id: k for k, i in enumerate(inst.items)}
        pairs = sorted(
            ((p, i, n) for (p, i), n in self.pieces.items() if n >= 1),
            key=lambda t: (order_p[t[0]], order_i[t[1]]),
        )
        totals: dict[str, int] = {}
        for _, i, n in pairs:
            totals[i] = totals.get(i, 0) + n
        shortfall = [
            {"item": it.id, "pieces": it.quantity - totals.get(it.id, 0)} for it in inst.items
        ]
        served = self.served()
        by_tier = []
        for tier in inst.tiers():
            members = [p for p in inst.producers if p.is_home and p.tier == tier]
            by_tier.append([tier, sum(1 for p in members if p.id in served), len(members)])
        planned = sum(n for _, _, n in pairs)
        return {
            "order": inst.order,
            "assignments": [{"producer": p, "item": i, "pieces": n} for p, i, n in pairs],
            "shortfall": shortfall,
            "optimal": bool(self.optimal),
            "stats": {
                "pieces": planned,
                "shortfall": sum(s["pieces"] for s in shortfall),
                "served_by_tier": by_tier,
                "handoffs": len(pairs),
                "seconds": round(self.seconds, 3),
            },
        }


# --------------------------------------------------------------------------
# Reading an instance file
# --------------------------------------------------------------------------


def _where(kind: str, index: int, record: Any) -> str:
    if isinstance(record, dict) and isinstance(record.get("id"), str):
        return f"{kind}[{index}] (id {record['id']!r})"
    return f"{kind}[{index}]"


def _positive_int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInstance(f"{where}: must be a positive integer, got {json.dumps(value)}")
    if value <= 0:
        raise InvalidInstance(f"{where}: must be a positive integer, got {value}")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInstance(f"{where}: must be a non-empty string, got {json.dumps(value)}")
    return value


def _list(data: dict, key: str) -> list:
    if key not in data:
        raise InvalidInstance(f"{key}: missing")
    if not isinstance(data[key], list):
        raise InvalidInstance(f"{key}: must be a list")
    return data[key]


def _item(index: int, raw: Any, horizon: int) -> Item:
    where = _where("items", index, raw)
    if not isinstance(raw, dict):
        raise InvalidInstance(f"{where}: must be an object")
    for key in ("id", "product", "quantity", "due"):
        if key not in raw:
            raise InvalidInstance(f"{where}.{key}: missing")
    due = raw["due"]
    if isinstance(due, bool) or not isinstance(due, int) or not 1 <= due <= horizon:
        raise InvalidInstance(
            f"{where}.due: must be a whole day from 1 to the horizon {horizon}, got {json.dumps(due)}"
        )
    return Item(
        id=_text(raw["id"], f"{where}.id"),
        product=_text(raw["product"], f"{where}.product"),
        quantity=_positive_int(raw["quantity"], f"{where}.quantity"),
        due=due,
    )


def _producer(index: int, raw: Any, horizon: int) -> Producer:
    where = _where("producers", index, raw)
    if not isinstance(raw, dict):
        raise InvalidInstance(f"{where}: must be an object")
    for key in ("id", "kind", "day_minutes", "minutes", "days"):
        if key not in raw:
            raise InvalidInstance(f"{where}.{key}: missing")
    kind = raw["kind"]
    if kind not in (UNIT, HOME):
        raise InvalidInstance(f'{where}.kind: must be "unit" or "home", got {json.dumps(kind)}')
    tier = None
    if kind == HOME:
        if "tier" not in raw:
            raise InvalidInstance(f"{where}.tier: missing (every home producer has a tier)")
        tier = _positive_int(raw["tier"], f"{where}.tier")
    elif raw.get("tier") is not None:
        raise InvalidInstance(f"{where}.tier: given for home producers only, not for a unit")
    minutes = raw["minutes"]
    if not isinstance(minutes, dict):
        raise InvalidInstance(f"{where}.minutes: must be an object of product -> minutes per piece")
    parsed = {}
    for product, value in minutes.items():
        if not product.strip():
            raise InvalidInstance(f"{where}.minutes: a product name is empty")
        parsed[product] = _positive_int(value, f"{where}.minutes[{product!r}]")
    days = raw["days"]
    if not isinstance(days, list):
        raise InvalidInstance(f"{where}.days: must be a list of working days")
    for d in days:
        if isinstance(d, bool) or not isinstance(d, int) or not 1 <= d <= horizon:
            raise InvalidInstance(
                f"{where}.days: {json.dumps(d)} is not a day from 1 to the horizon {horizon}"
            )
    return Producer(
        id=_text(raw["id"], f"{where}.id"),
        kind=kind,
        day_minutes=_positive_int(raw["day_minutes"], f"{where}.day_minutes"),
        minutes=parsed,
        days=tuple(sorted(set(days))),
        tier=tier,
    )


def _unique_ids(kind: str, ids: list[str]) -> None:
    seen: dict[str, int] = {}
    for k, rid in enumerate(ids):
        if rid in seen:
            raise InvalidInstance(
                f"{kind}[{k}].id: {rid!r} is already the id of {kind}[{seen[rid]}]"
            )
        seen[rid] = k


def parse_instance(data: Any) -> Instance:
    """An :class:`Instance` from decoded JSON, or :class:`InvalidInstance`."""
    if not isinstance(data, dict):
        raise InvalidInstance("the instance must be a JSON object")
    if "order" not in data:
        raise InvalidInstance("order: missing")
    order = data["order"]
    if not isinstance(order, str | int) or isinstance(order, bool):
        raise InvalidInstance(f"order: must be a string, got {json.dumps(order)}")
    for key in ("horizon", "min_batch"):
        if key not in data:
            raise InvalidInstance(f"{key}: missing")
    horizon = _positive_int(data["horizon"], "horizon")
    min_batch = _positive_int(data["min_batch"], "min_batch")
    items = tuple(_item(k, raw, horizon) for k, raw in enumerate(_list(data, "items")))
    producers = tuple(_producer(k, raw, horizon) for k, raw in enumerate(_list(data, "producers")))
    _unique_ids("items", [i.id for i in items])
    _unique_ids("producers", [p.id for p in producers])
    return Instance(
        order=order,
        horizon=horizon,
        min_batch=min_batch,
        items=items,
        producers=producers,
    )


def load_instance(text: str) -> Instance:
    """Read an instance from JSON text."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInstance(
            f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    return parse_instance(data)
