"""The allocation engine (pure; no database): validation, rules, exactness."""

from __future__ import annotations

import itertools
import json
import random
from decimal import Decimal

import jdatetime
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tavana.bazaars.domain.allocation import (
    Event,
    InvalidInstance,
    check_feasible,
    first_come_first_served,
    load_instance,
    lottery,
    parse_instance,
    solve,
)

BASE = jdatetime.date(1403, 12, 20)


def day(offset: int) -> str:
    return (BASE + jdatetime.timedelta(days=offset)).strftime("%Y-%m-%d")


def event(eid="e1", start="1403-12-16", end="1403-12-25", booths=10, **extra) -> dict:
    return {"id": eid, "start": start, "end": end, "booths": booths, "district": 1, **extra}


def person(pid="p1", category="handicrafts", priority=0, past=0, **extra) -> dict:
    return {
        "id": pid,
        "category": category,
        "district": 4,
        "priority": priority,
        "past": past,
        **extra,
    }


def apply(pid, eid, rank=1) -> dict:
    return {"applicant": pid, "event": eid, "rank": rank}


def instance(events, people, applications, round_="test") -> dict:
    return {"round": round_, "events": events, "applicants": people, "applications": applications}


def tier_key(result):
    return (
        tuple(s for _, _, s, _ in result.served_by_tier),
        result.booths_assigned,
        -result.rank_sum,
    )


# ---------------------------------------------------------------- brute force


def brute_force(inst) -> tuple[tuple[int, ...], int, int]:
    """The lexicographic optimum by exhaustive search (tiny instances only)."""
    tiers = inst.tiers()
    tier_index = {(p, q): i for i, (p, q) in enumerate(tiers)}
    apps_of: dict = {}
    for app in inst.applications:
        apps_of.setdefault(app.applicant, []).append(app)
    options = []  # per applicant: feasible sets of her own applications
    for a in inst.applicants:
        mine = apps_of.get(a.id, [])
        sets = []
        for r in range(0, min(a.quota, len(mine)) + 1):
            for combo in itertools.combinations(mine, r):
                evs = [inst.event_by_id[x.event] for x in combo]
                if all(not e1.overlaps(e2) for e1, e2 in itertools.combinations(evs, 2)):
                    sets.append(combo)
        options.append((a, sets))

    best = None
    used: dict = {}
    cat_used: dict = {}

    def dfs(i, served, booths, ranks):
        nonlocal best
        if i == len(options):
            key = (tuple(served), booths, -ranks)
            if best is None or key > best:
                best = key
            return
        a, sets = options[i]
        for combo in sets:
            ok = True
            for x in combo:
                e = inst.event_by_id[x.event]
                if used.get(e.id, 0) >= e.booths or cat_used.get((e.id, a.category), 0) >= e.cap:
                    ok = False
                    break
            if not ok:
                continue
            for x in combo:
                used[x.event] = used.get(x.event, 0) + 1
                cat_used[x.event, a.category] = cat_used.get((x.event, a.category), 0) + 1
            if combo:
                served[tier_index[a.past, a.priority]] += 1
            dfs(i + 1, served, booths + len(combo), ranks + sum(x.rank for x in combo))
            if combo:
                served[tier_index[a.past, a.priority]] -= 1
            for x in combo:
                used[x.event] -= 1
                cat_used[x.event, a.category] -= 1

    dfs(0, [0] * len(tiers), 0, 0)
    return best


@st.composite
def tiny_instances(draw):
    n_events = draw(st.integers(1, 3))
    events = []
    for i in range(n_events):
        start = draw(st.integers(0, 8))
        length = draw(st.integers(0, 3))
        rec = event(f"e{i}", day(start), day(start + length), draw(st.integers(0, 3)))
        cap = draw(st.sampled_from([None, None, Decimal("0.25"), Decimal("0.5"), Decimal("1")]))
        if cap is not None:
            rec["category_cap"] = cap
        events.append(rec)
    n_people = draw(st.integers(0, 6))
    people = []
    for i in range(n_people):
        rec = person(
            f"p{i}",
            draw(st.sampled_from(["a", "b"])),
            draw(st.integers(0, 1)),
            draw(st.integers(0, 2)),
        )
        quota = draw(st.sampled_from([None, 0, 1, 2, 3]))
        if quota is not None:
            rec["quota"] = quota
        people.append(rec)
    applications = []
    for p in people:
        for e in events:
            if draw(st.booleans()):
                applications.append(apply(p["id"], e["id"], draw(st.integers(1, 3))))
    order = draw(st.permutations(range(len(applications))))
    return instance(events, people, [applications[i] for i in order])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_instances())
def test_solve_matches_brute_force_on_all_three_levels(data):
    inst = parse_instance(data)
    result = solve(inst)
    assert result.optimal
    assert check_feasible(inst, result.assignments) == []
    assert tier_key(result) == brute_force(inst)
    for baseline in (lottery(inst, 7), first_come_first_served(inst)):
        assert check_feasible(inst, baseline.assignments) == []
        assert tier_key(baseline) <= tier_key(result)


# ---------------------------------------------------------------- random, larger


def random_instance(seed: int, n_people=60, n_events=8) -> dict:
    rng = random.Random(seed)
    events = []
    for i in range(n_events):
        start = rng.randint(0, 20)
        rec = event(f"e{i}", day(start), day(start + rng.randint(0, 4)), rng.randint(0, 8))
        if rng.random() < 0.6:
            rec["category_cap"] = rng.choice([0.2, 0.3, 0.5])
        events.append(rec)
    people = [
        person(
            f"p{i}",
            rng.choice("abcd"),
            rng.randint(0, 1),
            rng.randint(0, 3),
            quota=rng.choice([1, 1, 2, 3]),
        )
        for i in range(n_people)
    ]
    applications = []
    for p in people:
        for rank, e in enumerate(rng.sample(events, rng.randint(0, 4)), start=1):
            applications.append(apply(p["id"], e["id"], rank))
    rng.shuffle(applications)
    return instance(events, people, applications)


@pytest.mark.parametrize("seed", range(8))
def test_random_instances_feasible_and_no_worse_than_baselines(seed):
    inst = parse_instance(random_instance(seed))
    result = solve(inst)
    assert result.optimal
    assert check_feasible(inst, result.assignments) == []
    assigned = {a for a, _ in result.assignments}
    assert set(result.unassigned) == {a.id for a in inst.applicants} - assigned
    assert result.booths_assigned == len(result.assignments)
    by_pair = {(x.applicant, x.event): x.rank for x in inst.applications}
    assert result.rank_sum == sum(by_pair[p] for p in result.assignments)
    for baseline in (lottery(inst, seed), first_come_first_served(inst)):
        assert check_feasible(inst, baseline.assignments) == []
        assert tier_key(baseline) <= tier_key(result)


def test_time_limit_returns_a_feasible_allocation():
    inst = parse_instance(random_instance(3, n_people=200, n_events=12))
    result = solve(inst, time_limit=1e-9)
    assert result.optimal is False
    assert check_feasible(inst, result.assignments) == []


def test_progress_is_reported():
    seen = []
    solve(parse_instance(random_instance(1)), progress=lambda m, f: seen.append(f))
    assert seen and seen[-1] == 1.0


# ---------------------------------------------------------------- rules


def test_category_cap_uses_the_decimal_written_in_the_file():
    text = json.dumps(
        instance(
            [event("big", booths=100)],
            [person(f"p{i}", "dolls") for i in range(40)],
            [apply(f"p{i}", "big") for i in range(40)],
        )
    ).replace('"booths": 100', '"booths": 100, "category_cap": 0.29')
    inst = load_instance(text)
    assert 0.29 * 100 < 29  # binary floating point would give 28
    assert inst.events[0].cap == 29
    assert solve(inst).booths_assigned == 29


def test_category_cap_from_a_python_float_is_read_as_written():
    inst = parse_instance(instance([event("big", booths=100, category_cap=0.29)], [], []))
    assert inst.events[0].cap == 29


@pytest.mark.parametrize(
    ("cap", "booths", "expected"),
    [
        ("0.2", 3, 1),  # floor(0.6) = 0, but at least one booth
        ("0.3", 0, 1),
        ("0.25", 8, 2),
        ("0.3", 10, 3),
        ("1", 7, 7),
        (None, 7, 7),
    ],
)
def test_category_cap_is_max_of_one_and_floor(cap, booths, expected):
    ev = Event("e", BASE, BASE, booths, Decimal(cap) if cap else None)
    assert ev.cap == expected


def test_category_cap_limits_one_category_only():
    inst = parse_instance(
        instance(
            [event("e", booths=4, category_cap=Decimal("0.5"))],
            [person(f"a{i}", "a") for i in range(4)] + [person("b0", "b")],
            [apply(f"a{i}", "e") for i in range(4)] + [apply("b0", "e")],
        )
    )
    result = solve(inst)
    assert inst.events[0].cap == 2
    assert result.booths_assigned == 3
    assert ("b0", "e") in result.assignments


@pytest.mark.parametrize(
    ("second", "both"),
    [
        (("1403-12-20", "1403-12-25"), False),  # shares the 20th: overlap
        (("1403-12-21", "1403-12-25"), True),  # the day after: no overlap
        (("1403-12-10", "1403-12-16"), False),  # ends on the first day
        (("1403-12-10", "1403-12-15"), True),
    ],
)
def test_overlap_means_sharing_at_least_one_day_inclusive(second, both):
    inst = parse_instance(
        instance(
            [event("a", "1403-12-16", "1403-12-20"), event("b", *second)],
            [person("p", quota=2)],
            [apply("p", "a", 1), apply("p", "b", 2)],
        )
    )
    assert inst.events[0].overlaps(inst.events[1]) is not both
    assert solve(inst).booths_assigned == (2 if both else 1)


def test_quota_defaults_to_one():
    data = instance(
        [event("a", "1403-01-10", "1403-01-12"), event("b", "1403-02-10", "1403-02-12")],
        [person("p"), person("q", quota=2)],
        [apply("p", "a"), apply("p", "b", 2), apply("q", "a"), apply("q", "b", 2)],
    )
    inst = parse_instance(data)
    assert inst.applicant_by_id["p"].quota == 1
    result = solve(inst)
    assert sorted(result.assignments) == [("p", "a"), ("q", "a"), ("q", "b")]


def test_applicants_who_applied_nowhere_are_unassigned_and_counted():
    inst = parse_instance(
        instance(
            [event("e", booths=5)],
            [person("in", priority=1), person("out", priority=1), person("old", past=2)],
            [apply("in", "e")],
        )
    )
    result = solve(inst)
    assert result.assignments == [("in", "e")]
    assert result.unassigned == ["out", "old"]
    assert result.served_by_tier == [[0, 1, 1, 2], [2, 0, 0, 1]]
    data = result.to_json()
    assert data["stats"]["served_by_tier"] == [[0, 1, 1, 2], [2, 0, 0, 1]]


def test_tier_order_is_past_ascending_then_priority_descending():
    people = [
        person("p1-0", past=1, priority=0),
        person("p0-0", past=0, priority=0),
        person("p1-1", past=1, priority=1),
        person("p0-1", past=0, priority=1),
        person("p3-1", past=3, priority=1),
    ]
    inst = parse_instance(instance([event("e", booths=0)], people, []))
    assert inst.tiers() == [(0, 1), (0, 0), (1, 1), (1, 0), (3, 1)]
    assert [row[:2] for row in solve(inst).served_by_tier] == [
        [0, 1],
        [0, 0],
        [1, 1],
        [1, 0],
        [3, 1],
    ]


def test_fewer_past_opportunities_are_never_displaced():
    # One booth: the priority applicant with one past opportunity loses to a
    # non-priority applicant with none; priority decides within the same past.
    people = [person("veteran", past=1, priority=1), person("new", past=0, priority=0)]
    inst = parse_instance(
        instance([event("e", booths=1)], people, [apply("veteran", "e"), apply("new", "e")])
    )
    assert solve(inst).assignments == [("new", "e")]
    people = [person("a", priority=0), person("b", priority=1)]
    inst = parse_instance(
        instance([event("e", booths=1)], people, [apply("a", "e"), apply("b", "e")])
    )
    assert solve(inst).assignments == [("b", "e")]


def test_coverage_before_second_booths_and_booths_before_rank():
    # q could take both events, but p must be served first; then space, then rank.
    inst = parse_instance(
        instance(
            [
                event("x", "1403-01-01", "1403-01-02", booths=1),
                event("y", "1403-02-01", "1403-02-02", booths=1),
            ],
            [person("p"), person("q", quota=2)],
            [apply("q", "x", 1), apply("q", "y", 2), apply("p", "x", 2), apply("p", "y", 1)],
        )
    )
    result = solve(inst)
    assert sorted(result.assignments) == [("p", "y"), ("q", "x")]
    assert result.rank_sum == 2


def test_persian_digits_in_dates():
    inst = parse_instance(
        instance(
            [event("e", "۱۴۰۳-۱۲-۱۶", "۱۴۰۳-۱۲-۳۰"), event("f", "١٤٠٤-٠١-٠١", "1404-01-02")],
            [],
            [],
        )
    )
    assert inst.events[0].start == jdatetime.date(1403, 12, 16)
    assert inst.events[0].end == jdatetime.date(1403, 12, 30)  # 1403 is a leap year
    assert inst.events[1].start == jdatetime.date(1404, 1, 1)
    assert not inst.events[0].overlaps(inst.events[1])


def test_result_json_shape():
    inst = parse_instance(
        instance(
            [event("tajrish", booths=1)], [person("p17"), person("p90")], [apply("p17", "tajrish")]
        )
    )
    data = solve(inst).to_json()
    assert set(data) == {"round", "assignments", "unassigned", "optimal", "stats"}
    assert data["assignments"] == [{"applicant": "p17", "event": "tajrish"}]
    assert data["unassigned"] == ["p90"]
    assert data["optimal"] is True
    assert set(data["stats"]) == {"served_by_tier", "booths_assigned", "rank_sum", "seconds"}


# ---------------------------------------------------------------- validation


def good() -> dict:
    return instance(
        [event("e1"), event("e2", "1403-12-01", "1403-12-05", 3, category_cap=0.5)],
        [person("p1"), person("p2", priority=1, quota=2)],
        [apply("p1", "e1"), apply("p2", "e1"), apply("p2", "e2", 2)],
    )


def broken(path: str, value) -> dict:
    data = good()
    *parents, last = path.split(".")
    target = data
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if value is DELETE:
        del target[int(last) if last.isdigit() else last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return data


DELETE = object()


def test_good_instance_is_valid():
    assert parse_instance(good()).round == "test"


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("round", DELETE, "round"),
        ("round", 5, "round"),
        ("events", DELETE, "events"),
        ("events", {}, "events"),
        ("events.1", "e2", "events[1]"),
        ("events.1.id", "e1", "events[1].id: duplicate"),
        ("events.1.id", "", "events[1].id"),
        ("events.1.start", "1403-13-01", "events[1].start"),
        ("events.1.start", "1402-12-30", "events[1].start"),  # 1402 is not leap
        ("events.1.start", "yesterday", "events[1].start"),
        ("events.1.end", "1403-11-30", "events[1].end"),  # before start
        ("events.1.booths", -1, "events[1].booths"),
        ("events.1.booths", 2.5, "events[1].booths"),
        ("events.1.booths", "3", "events[1].booths"),
        ("events.1.booths", True, "events[1].booths"),
        ("events.1.booths", DELETE, "events[1].booths"),
        ("events.1.category_cap", 0, "events[1].category_cap"),
        ("events.1.category_cap", 1.5, "events[1].category_cap"),
        ("events.1.category_cap", "0.3", "events[1].category_cap"),
        ("applicants.1.id", "p1", "applicants[1].id: duplicate"),
        ("applicants.1.category", DELETE, "applicants[1].category"),
        ("applicants.1.priority", 2, "applicants[1].priority"),
        ("applicants.1.priority", DELETE, "applicants[1].priority"),
        ("applicants.1.past", -1, "applicants[1].past"),
        ("applicants.1.past", DELETE, "applicants[1].past"),
        ("applicants.1.quota", -1, "applicants[1].quota"),
        ("applicants.1.quota", 1.5, "applicants[1].quota"),
        ("applications.2.applicant", "ghost", "applications[2].applicant: unknown"),
        ("applications.2.event", "nowhere", "applications[2].event: unknown"),
        ("applications.2.event", "e1", "applications[2]: duplicate"),
        ("applications.2.rank", 0, "applications[2].rank"),
        ("applications.2.rank", DELETE, "applications[2].rank"),
    ],
)
def test_invalid_instances_name_the_record_and_field(path, value, message):
    with pytest.raises(InvalidInstance) as caught:
        parse_instance(broken(path, value))
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("text", ["", "{", "[1, 2]", '{"round": NaN}', "null"])
def test_invalid_json_text(text):
    with pytest.raises(InvalidInstance):
        load_instance(text)


# ---------------------------------------------------------------- MIP fallback


def _no_lp(monkeypatch):
    """Make every LP relaxation look fractional, forcing branch and bound."""
    from tavana.bazaars.domain import allocation

    monkeypatch.setattr(allocation._Model, "run_lp", lambda self, *a, **k: (None, float("nan")))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(tiny_instances())
def test_branch_and_bound_path_matches_brute_force(monkeypatch, data):
    _no_lp(monkeypatch)
    inst = parse_instance(data)
    result = solve(inst)
    assert result.optimal
    assert tier_key(result) == brute_force(inst)


@pytest.mark.parametrize("seed", range(4))
def test_branch_and_bound_path_agrees_with_lp_path(monkeypatch, seed):
    inst = parse_instance(random_instance(seed))
    via_lp = solve(inst)
    _no_lp(monkeypatch)
    via_mip = solve(inst)
    assert via_mip.optimal and via_lp.optimal
    assert tier_key(via_mip) == tier_key(via_lp)
    assert check_feasible(inst, via_mip.assignments) == []


# ---------------------------------------------------------------- reference MIP


def reference_optimum(inst) -> tuple[tuple[int, ...], int, int]:
    """An independent, naive formulation: one MIP per tier, pairwise overlaps."""
    import highspy

    h = highspy.Highs()
    h.silent()
    h.setOptionValue("mip_rel_gap", 0.0)
    apps = [x for x in inst.applications if inst.event_by_id[x.event].booths > 0]
    x = {(app.applicant, app.event): h.addBinary() for app in apps}
    served = {}
    for a in inst.applicants:
        mine = [(a.id, app.event) for app in apps if app.applicant == a.id]
        served[a.id] = h.addBinary()
        h.addConstr(served[a.id] <= h.qsum([x[k] for k in mine]) if mine else served[a.id] <= 0)
        if mine:
            h.addConstr(h.qsum([x[k] for k in mine]) <= a.quota)
        for (_, e1), (_, e2) in itertools.combinations(mine, 2):
            if inst.event_by_id[e1].overlaps(inst.event_by_id[e2]):
                h.addConstr(x[a.id, e1] + x[a.id, e2] <= 1)
    for e in inst.events:
        here = [k for k in x if k[1] == e.id]
        if here:
            h.addConstr(h.qsum([x[k] for k in here]) <= e.booths)
            for cat in {inst.applicant_by_id[k[0]].category for k in here}:
                mine = [x[k] for k in here if inst.applicant_by_id[k[0]].category == cat]
                h.addConstr(h.qsum(mine) <= e.cap)
    levels = []
    for past, priority in inst.tiers():
        members = [
            served[a.id] for a in inst.applicants if (a.past, a.priority) == (past, priority)
        ]
        h.maximize(h.qsum(members))
        best = round(h.getInfo().objective_function_value)
        h.addConstr(h.qsum(members) >= best)
        levels.append(best)
    every = h.qsum(list(x.values())) if x else None
    if every is None:
        return tuple(levels), 0, 0
    h.maximize(every)
    booths = round(h.getInfo().objective_function_value)
    h.addConstr(every >= booths)
    ranks = {(app.applicant, app.event): app.rank for app in apps}
    h.minimize(h.qsum([ranks[k] * v for k, v in x.items()]))
    return tuple(levels), booths, -round(h.getInfo().objective_function_value)


@pytest.mark.parametrize("seed", range(100, 106))
def test_matches_an_independent_tier_by_tier_formulation(seed):
    inst = parse_instance(random_instance(seed, n_people=50, n_events=7))
    assert tier_key(solve(inst)) == reference_optimum(inst)
