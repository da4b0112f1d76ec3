"""A plan checked against the contract's rules, independently of the solver, and
the plan a coordinator makes by hand (the benchmark's baseline)."""

from __future__ import annotations

from .instance import Instance, Plan


def check_feasible(instance: Instance, pieces: dict[tuple[str, str], int]) -> list[str]:
    """Every broken rule of the contract, in words (empty when the plan is feasible)."""
    faults: list[str] = []
    items = {i.id: i for i in instance.items}
    producers = {p.id: p for p in instance.producers}
    per_item: dict[str, int] = {}
    per_producer: dict[str, list[tuple[int, int]]] = {}
    for (pid, iid), n in pieces.items():
        if n < 0:
            faults.append(f"{pid}/{iid}: negative pieces")
            continue
        if n == 0:
            continue
        item, producer = items.get(iid), producers.get(pid)
        if item is None or producer is None:
            faults.append(f"{pid}/{iid}: unknown producer or item")
            continue
        if item.product not in producer.minutes:
            faults.append(f"{pid} does not make {item.product} ({iid})")
            continue
        per_item[iid] = per_item.get(iid, 0) + n
        per_producer.setdefault(pid, []).append((item.due, n * producer.minutes[item.product]))
    for iid, n in per_item.items():
        if n > items[iid].quantity:
            faults.append(f"{iid}: {n} pieces planned, the order has {items[iid].quantity}")
    for pid, loads in per_producer.items():
        producer = producers[pid]
        for t in sorted({due for due, _ in loads}):
            used = sum(minutes for due, minutes in loads if due <= t)
            if used > producer.capacity(t):
                faults.append(f"{pid}: {used} minutes due by day {t}, has {producer.capacity(t)}")
    return faults


def most_pieces(
    instance: Instance, pieces: dict[tuple[str, str], int], producer_id: str, item_id: str
) -> int:
    """The most pieces of ``item_id`` the producer can take by its due day, the
    rest of her work in ``pieces`` staying as it is: for every due day from the
    item's on, her minutes up to that day less what her other packages need by
    then (her work is feasible exactly when each such window fits, earliest due
    first). Zero when she does not make the item's product."""
    producers = {p.id: p for p in instance.producers}
    items = {i.id: i for i in instance.items}
    producer, item = producers.get(producer_id), items.get(item_id)
    if producer is None or item is None or item.product not in producer.minutes:
        return 0
    loads = [
        (items[iid].due, n * producer.minutes[items[iid].product])
        for (pid, iid), n in pieces.items()
        if pid == producer_id and iid != item_id and n > 0 and iid in items
    ]
    each = producer.minutes[item.product]
    dues = sorted({item.due, *(due for due, _ in loads if due >= item.due)})
    free = min(producer.capacity(t) - sum(m for due, m in loads if due <= t) for t in dues)
    return max(0, free // each)


def by_hand(instance: Instance) -> Plan:
    """What a coordinator does by hand: earliest due date first, workshops first
    (in the order they are listed), then home producers in the order listed,
    each given as many pieces as still fit before the item's due day."""
    used: dict[str, int] = {p.id: 0 for p in instance.producers}
    pieces: dict[tuple[str, str], int] = {}
    ordered = [p for p in instance.producers if not p.is_home] + [
        p for p in instance.producers if p.is_home
    ]
    for item in sorted(instance.items, key=lambda i: (i.due, instance.items.index(i))):
        left = item.quantity
        for producer in ordered:
            if left == 0:
                break
            minutes = producer.minutes.get(item.product)
            if minutes is None:
                continue
            fits = (producer.capacity(item.due) - used[producer.id]) // minutes
            n = min(left, fits)
            if n > 0:
                pieces[(producer.id, item.id)] = n
                used[producer.id] += n * minutes
                left -= n
    return Plan(instance, pieces, optimal=False)
