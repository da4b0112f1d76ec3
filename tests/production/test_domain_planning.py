"""The planner's pure engine, without a database: the contract's rules, its
lexicographic optimum (checked against every plan of small instances), the plan
by hand, and the reading of instances."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tavana.production.domain.planning import (
    InvalidInstance,
    by_hand,
    check_feasible,
    load_instance,
    parse_instance,
    solve,
)

EXAMPLE = {
    "order": "1405-shahrban-uniforms",
    "horizon": 20,
    "min_batch": 20,
    "items": [{"id": "shirt-M", "product": "shirt", "quantity": 1200, "due": 12}],
    "producers": [
        {
            "id": "k04",
            "kind": "unit",
            "day_minutes": 5760,
            "minutes": {"shirt": 35, "trousers": 40},
            "days": [1, 2, 3, 5, 6],
        },
        {
            "id": "p17",
            "kind": "home",
            "tier": 1,
            "day_minutes": 240,
            "minutes": {"shirt": 45},
            "days": [1, 2, 3, 4, 5, 6, 7],
        },
    ],
}


def test_the_contracts_example_fills_every_minute_before_the_due_day():
    plan = solve(parse_instance(EXAMPLE)).to_json()
    # k04: 5 days x 5760 min / 35 = 822 shirts; p17: 7 x 240 / 45 = 37.
    assert plan["assignments"] == [
        {"producer": "k04", "item": "shirt-M", "pieces": 822},
        {"producer": "p17", "item": "shirt-M", "pieces": 37},
    ]
    assert plan["shortfall"] == [{"item": "shirt-M", "pieces": 1200 - 859}]
    assert plan["optimal"] is True
    assert plan["stats"]["served_by_tier"] == [[1, 1, 1]]
    assert plan["stats"]["handoffs"] == 2


def test_work_goes_to_the_women_in_most_need_when_workshops_could_do_it_all():
    data = {
        "order": "o",
        "horizon": 5,
        "min_batch": 10,
        "items": [{"id": "a", "product": "shirt", "quantity": 40, "due": 5}],
        "producers": [
            {
                "id": "w",
                "kind": "unit",
                "day_minutes": 6000,
                "minutes": {"shirt": 30},
                "days": [1, 2, 3, 4, 5],
            },
            {
                "id": "t2",
                "kind": "home",
                "tier": 2,
                "day_minutes": 120,
                "minutes": {"shirt": 30},
                "days": [1, 2, 3, 4, 5],
            },
            {
                "id": "t1a",
                "kind": "home",
                "tier": 1,
                "day_minutes": 120,
                "minutes": {"shirt": 30},
                "days": [1, 2, 3],
            },
            {
                "id": "t1b",
                "kind": "home",
                "tier": 1,
                "day_minutes": 120,
                "minutes": {"shirt": 30},
                "days": [4, 5],
            },
        ],
    }
    plan = solve(parse_instance(data)).to_json()
    got = {a["producer"]: a["pieces"] for a in plan["assignments"]}
    # t1a can make 12, t1b only 8 (< min_batch): tier 1 serves one woman, tier 2
    # one more; the workshop takes the rest in one hand-off.
    assert got["t1a"] >= 10 and got["t2"] >= 10
    assert plan["stats"]["served_by_tier"] == [[1, 1, 2], [2, 1, 1]]
    assert plan["stats"]["pieces"] == 40
    # Fewer hand-offs: t1b gets nothing (she cannot be served), nobody gets two.
    assert "t1b" not in got and plan["stats"]["handoffs"] == 3


def test_a_due_date_that_cannot_be_met_is_a_shortfall_not_a_late_plan():
    data = {
        "order": "o",
        "horizon": 10,
        "min_batch": 1,
        "items": [
            {"id": "early", "product": "p", "quantity": 10, "due": 2},
            {"id": "late", "product": "p", "quantity": 10, "due": 10},
        ],
        "producers": [
            {
                "id": "u",
                "kind": "unit",
                "day_minutes": 100,
                "minutes": {"p": 50},
                "days": list(range(1, 11)),
            }
        ],
    }
    plan = solve(parse_instance(data)).to_json()
    assert plan["shortfall"] == [{"item": "early", "pieces": 6}, {"item": "late", "pieces": 0}]
    assert plan["stats"]["pieces"] == 14


# -------------------------------------------------------- against brute force


def _brute(instance):
    """The lexicographic optimum's value by trying every plan."""
    pairs = [(p, i) for p in instance.producers for i in instance.items if i.product in p.minutes]
    tiers = instance.tiers()
    best = None
    for values in itertools.product(*[range(i.quantity + 1) for _, i in pairs]):
        pieces = {(p.id, i.id): n for (p, i), n in zip(pairs, values, strict=True) if n}
        if check_feasible(instance, pieces):
            continue
        totals: dict[str, int] = {}
        for (pid, _), n in pieces.items():
            totals[pid] = totals.get(pid, 0) + n
        served = [
            sum(
                1
                for p in instance.producers
                if p.is_home and p.tier == t and totals.get(p.id, 0) >= instance.min_batch
            )
            for t in tiers
        ]
        key = (sum(pieces.values()), *served, -len(pieces))
        best = key if best is None or key > best else best
    return best


producer = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["unit", "home", "home"]),
        "day_minutes": st.integers(10, 60),
        "minutes": st.dictionaries(st.sampled_from(["a", "b"]), st.integers(10, 40), min_size=1),
        "days": st.lists(st.integers(1, 4), max_size=4),
        "tier": st.integers(1, 2),
    }
)
item = st.fixed_dictionaries(
    {
        "product": st.sampled_from(["a", "b"]),
        "quantity": st.integers(1, 3),
        "due": st.integers(1, 4),
    }
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(producer, min_size=1, max_size=3),
    st.lists(item, min_size=1, max_size=2),
    st.integers(1, 3),
)
def test_the_plan_is_the_lexicographic_optimum_of_every_plan(producers, items, min_batch):
    data = {
        "order": "o",
        "horizon": 4,
        "min_batch": min_batch,
        "items": [{"id": f"i{k}", **it} for k, it in enumerate(items)],
        "producers": [
            {
                "id": f"p{k}",
                **{key: v for key, v in p.items() if key != "tier" or p["kind"] == "home"},
            }
            for k, p in enumerate(producers)
        ],
    }
    instance = parse_instance(data)
    plan = solve(instance)
    assert plan.optimal
    assert check_feasible(instance, plan.pieces) == []
    out = plan.to_json()
    tiers = out["stats"]["served_by_tier"]
    key = (out["stats"]["pieces"], *[served for _, served, _ in tiers], -out["stats"]["handoffs"])
    assert key == _brute(instance)


def test_the_plan_by_hand_is_feasible_and_fills_workshops_first():
    instance = parse_instance(EXAMPLE)
    plan = by_hand(instance)
    assert check_feasible(instance, plan.pieces) == []
    assert plan.pieces == {("k04", "shirt-M"): 822, ("p17", "shirt-M"): 37}


# ------------------------------------------------------------- invalid input


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["items"][0].update(quantity=0), "items[0] (id 'shirt-M').quantity"),
        (lambda d: d["items"][0].update(due=21), "items[0] (id 'shirt-M').due"),
        (lambda d: d["items"][0].pop("product"), "items[0] (id 'shirt-M').product: missing"),
        (lambda d: d["producers"][1].pop("tier"), "producers[1] (id 'p17').tier: missing"),
        (lambda d: d["producers"][0].update(tier=1), "producers[0] (id 'k04').tier"),
        (lambda d: d["producers"][0].update(kind="shop"), "producers[0] (id 'k04').kind"),
        (lambda d: d["producers"][1].update(days=[0, 1]), "producers[1] (id 'p17').days"),
        (lambda d: d["producers"][1]["minutes"].update(shirt=1.5), "minutes['shirt']"),
        (lambda d: d["producers"][1].update(id="k04"), "producers[1].id: 'k04' is already"),
        (lambda d: d.update(min_batch=True), "min_batch"),
        (lambda d: d.pop("horizon"), "horizon: missing"),
    ],
)
def test_an_invalid_instance_names_the_record_and_field(change, message):
    data = json.loads(json.dumps(EXAMPLE))
    change(data)
    with pytest.raises(InvalidInstance) as caught:
        parse_instance(data)
    assert message in str(caught.value)


def test_text_that_is_not_json_is_refused():
    with pytest.raises(InvalidInstance, match="not valid JSON"):
        load_instance("{")


def test_most_pieces_is_what_her_days_before_each_due_leave():
    from tavana.production.domain.planning import Instance, Item, Producer, most_pieces

    # 60 minutes a day on days 1–4; a shirt takes 30, trousers 60
    her = Producer("w1", "home", 60, {"shirt": 30, "trousers": 60}, (1, 2, 3, 4))
    inst = Instance(
        order="o",
        horizon=4,
        min_batch=1,
        items=(Item("a", "shirt", 100, 2), Item("b", "trousers", 100, 4)),
        producers=(her,),
    )
    # alone: 2 days × 60 min / 30 = 4 shirts by day 2
    assert most_pieces(inst, {}, "w1", "a") == 4
    # 3 trousers due day 4 take 180 of her 240 minutes: 2 shirts fit by day 2
    # on their own, but only 60 minutes are left by day 4 → 2 shirts
    assert most_pieces(inst, {("w1", "b"): 3}, "w1", "a") == 2
    # 4 trousers fill day 4's window: no shirt fits any more
    assert most_pieces(inst, {("w1", "b"): 4}, "w1", "a") == 0
    # trousers after 3 shirts (90 min by day 2): 150 minutes left by day 4 → 2
    assert most_pieces(inst, {("w1", "a"): 3}, "w1", "b") == 2
    # another producer's packages do not count; a product she does not make → 0
    assert most_pieces(inst, {("w9", "b"): 50}, "w1", "b") == 4
    assert most_pieces(inst, {}, "w2", "a") == 0


@given(
    st.lists(st.tuples(st.integers(1, 6), st.integers(0, 5)), min_size=1, max_size=4),
    st.integers(0, 6),
)
def test_most_pieces_is_the_largest_feasible_package(packages, target):
    """Property: the answer keeps her plan feasible and one piece more does not."""
    from tavana.production.domain.planning import (
        Instance,
        Item,
        Producer,
        check_feasible,
        most_pieces,
    )

    her = Producer("w1", "home", 60, {"p": 20}, (1, 3, 4, 6))
    items = tuple(Item(f"i{k}", "p", 1000, due) for k, (due, _) in enumerate(packages))
    inst = Instance(order="o", horizon=6, min_batch=1, items=items, producers=(her,))
    pieces = {("w1", f"i{k}"): n for k, (_, n) in enumerate(packages)}
    if check_feasible(inst, pieces):
        return  # the rest of her plan must be feasible to begin with
    k = target % len(packages)
    others = {key: n for key, n in pieces.items() if key != ("w1", f"i{k}")}
    most = most_pieces(inst, others, "w1", f"i{k}")
    assert not check_feasible(inst, {**others, ("w1", f"i{k}"): most})
    assert check_feasible(inst, {**others, ("w1", f"i{k}"): most + 1})
