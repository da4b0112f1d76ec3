"""The portfolio: scores, the exact best choice under the limits, and the
explanation's claims checked against brute force (no database)."""

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from tavana.partners.domain import portfolio as pf

W = pf.DEFAULT_WEIGHTS


def _c(i, axis="a", quick=True, value=3, feas=3, speed=3, cost=100, staff=1.0):
    return pf.Candidate(i, f"پروژه {i}", axis, quick, value, feas, speed, cost, staff)


def _brute(cands, weights, limits):
    score = pf.scores(cands, weights)
    best, best_set = None, None
    for k in range(limits.min_count, limits.max_count + 1):
        for combo in combinations(cands, k):
            if sum(c.cost for c in combo) > limits.budget:
                continue
            if sum(c.staff for c in combo) > limits.staff + 1e-9:
                continue
            if limits.quick_only and not all(c.quick for c in combo):
                continue
            if limits.cover_axes and len({c.axis for c in combo}) < limits.cover_axes:
                continue
            total = round(sum(score[c.id] for c in combo), 4)
            if best is None or total > best + 1e-6:
                best, best_set = total, combo
    return best, best_set


candidate_lists = st.lists(
    st.builds(
        _c,
        st.integers(0, 10**6),
        axis=st.sampled_from("abcd"),
        quick=st.booleans(),
        value=st.integers(1, 5),
        feas=st.integers(1, 5),
        speed=st.integers(1, 5),
        cost=st.integers(0, 500),
        staff=st.sampled_from([0.5, 1.0, 2.0, 3.0]),
    ),
    min_size=3,
    max_size=9,
    unique_by=lambda c: c.id,
)


@settings(max_examples=40, deadline=None)
@given(candidate_lists, st.integers(100, 1500), st.integers(0, 3), st.booleans())
def test_the_proposal_is_the_best_set_brute_force_finds(cands, budget, cover, quick):
    limits = pf.Limits(budget=budget, staff=8, min_count=2, max_count=4, quick_only=quick,
                       cover_axes=cover)  # fmt: skip
    proposal = pf.propose(cands, W, limits)
    best, _ = _brute(cands, W, limits)
    if best is None:
        assert not proposal.feasible and proposal.summary
        return
    assert proposal.feasible
    assert abs(proposal.total - best) < 1e-3
    assert pf.check_choice(cands, proposal.chosen, limits) == {}
    # every line's "what the year would lose" is a true best without/with it
    for line in proposal.lines:
        if line.delta is not None:
            assert line.delta >= -1e-6


def test_scores_weigh_the_criteria():
    cheap, dear = _c(1, cost=0, value=2), _c(2, cost=100, value=5)
    s = pf.scores([cheap, dear], {"value": 1, "feasibility": 0, "speed": 0, "cost": 0})
    assert s[2] > s[1]
    s = pf.scores([cheap, dear], {"value": 0, "feasibility": 0, "speed": 0, "cost": 1})
    assert s[1] == 5.0 and s[2] == 1.0


def test_every_candidate_gets_a_reason():
    cands = [_c(1, value=5, cost=100), _c(2, value=4, cost=100), _c(3, value=1, cost=100),
             _c(4, value=5, quick=False), _c(5, value=5, cost=5000)]  # fmt: skip
    p = pf.propose(cands, W, pf.Limits(budget=300, staff=10, min_count=2, max_count=2))
    assert set(p.chosen) == {1, 2}
    text = {line.id: line.text for line in p.lines}
    assert "انتخاب شد" in text[1] and "کمتر" in text[1]
    assert "زودبازده نیست" in text[4]
    assert "از کل بودجه بیشتر" in text[5]
    assert "کنار بگذارد" in text[3]
    assert any("حل دقیق" in s for s in p.summary)


def test_a_manager_choice_outside_the_limits_is_refused_with_the_reason():
    cands = [_c(1, cost=300), _c(2, cost=300), _c(3, cost=300)]
    limits = pf.Limits(budget=500, staff=10, min_count=1, max_count=2)
    assert "بودجه" in pf.check_choice(cands, [1, 2], limits)["chosen"]
    assert "انتخاب کنید" in pf.check_choice(cands, [1, 2, 3], limits)["chosen"]
    assert pf.check_choice(cands, [1], limits) == {}


def test_no_feasible_set_says_why():
    p = pf.propose(
        [_c(1, cost=900), _c(2, cost=900)], W, pf.Limits(budget=1000, staff=9, min_count=2)
    )
    assert not p.feasible and "بودجه" in p.summary[0]
