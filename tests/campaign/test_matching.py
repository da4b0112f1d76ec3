"""The mentor matching proposal (pure, no database)."""

import random

from tavana.campaign.domain.figures import percentile, waiting_summary
from tavana.campaign.domain.matching import EXPERTISE, PRIORITY, Mentor, Woman, fit, propose


def test_a_woman_who_alone_carries_her_family_gets_the_last_place_first():
    women = [
        Woman("early", primary_earner=False, district=4, order=1),
        Woman("carries", primary_earner=True, district=4, order=2),
    ]
    mentors = [Mentor("m", capacity=1, districts=frozenset({4}))]
    p = propose(women, mentors)
    assert [(x.woman, x.mentor) for x in p.pairs] == [("carries", "m")]
    assert p.unmatched == ["early"]
    assert PRIORITY in p.pairs[0].reasons


def test_priority_comes_before_expertise_and_district():
    # The expert mentor in her district could serve the other woman better, but the
    # woman who carries her family's living must be matched even at a poorer fit.
    women = [
        Woman("other", primary_earner=False, district=4, category="pottery", order=1),
        Woman("carries", primary_earner=True, district=9, category="candles", order=2),
    ]
    mentors = [
        Mentor("m", capacity=1, districts=frozenset({4}), categories=frozenset({"pottery"})),
    ]
    # She is in district 9 and wants candles: no sense with m, so she cannot be matched.
    assert fit(women[1], mentors[0]) is None
    assert propose(women, mentors).mentor_of("other") == "m"
    mentors = [
        Mentor("m", capacity=1, districts=frozenset({4, 9}), categories=frozenset({"pottery"})),
    ]
    p = propose(women, mentors)
    assert p.mentor_of("carries") == "m" and p.unmatched == ["other"]


def test_expertise_weighs_more_than_district():
    women = [Woman("w", primary_earner=False, district=4, category="pottery")]
    mentors = [
        Mentor("near", capacity=1, districts=frozenset({4})),
        Mentor("expert", capacity=1, districts=frozenset({7}), categories=frozenset({"pottery"})),
    ]
    p = propose(women, mentors)
    assert p.mentor_of("w") == "expert"
    assert p.pairs[0].reasons == [EXPERTISE]


def test_district_wins_between_equal_experts_and_more_women_beat_better_fits():
    women = [
        Woman("a", primary_earner=False, district=4, category="pottery", order=1),
        Woman("b", primary_earner=False, district=5, order=2),
    ]
    mentors = [
        Mentor("x", capacity=1, districts=frozenset({4, 5}), categories=frozenset({"pottery"})),
        Mentor("y", capacity=1, districts=frozenset({9}), categories=frozenset({"pottery"})),
    ]
    # Giving x to a (expert + district) would leave b without anyone; two women matched
    # beats one better pair: a goes to y (expert), b to x (district).
    p = propose(women, mentors)
    assert {(x.woman, x.mentor) for x in p.pairs} == {("a", "y"), ("b", "x")}


def test_capacity_is_respected_and_earlier_sign_ups_go_first_among_equals():
    women = [Woman(i, primary_earner=False, district=1, order=i) for i in range(5)]
    p = propose(women, [Mentor("m", capacity=3, districts=frozenset({1}))])
    assert [x.woman for x in p.pairs] == [0, 1, 2]
    assert p.unmatched == [3, 4]


def test_no_sensible_pair_means_no_proposal():
    p = propose([Woman("w", True, district=3)], [Mentor("m", 2, districts=frozenset({4}))])
    assert p.pairs == [] and p.unmatched == ["w"]
    assert propose([], []).pairs == []


def test_a_large_random_instance_keeps_every_rule():
    rng = random.Random(7)
    cats = ["pottery", "candles", "food", "dolls"]
    women = [
        Woman(i, rng.random() < 0.4, rng.randint(1, 22), rng.choice(cats + [None]), i)
        for i in range(600)
    ]
    mentors = [
        Mentor(
            f"m{j}",
            rng.randint(1, 6),
            frozenset(rng.sample(range(1, 23), 3)),
            frozenset(rng.sample(cats, 2)),
        )
        for j in range(50)
    ]
    p = propose(women, mentors)
    load: dict = {}
    for x in p.pairs:
        load[x.mentor] = load.get(x.mentor, 0) + 1
    cap = {m.id: m.capacity for m in mentors}
    assert all(load[m] <= cap[m] for m in load)
    assert len({x.woman for x in p.pairs}) == len(p.pairs)
    by_id = {w.id: w for w in women}
    # No unmatched woman who carries her family could take a place a non-priority
    # woman holds with a mentor that fits her.
    for u in p.unmatched:
        if not by_id[u].primary_earner:
            continue
        for x in p.pairs:
            if not by_id[x.woman].primary_earner:
                mentor = next(m for m in mentors if m.id == x.mentor)
                assert fit(by_id[u], mentor) is None


def test_percentiles():
    assert percentile([], 50) is None
    assert percentile([5], 90) == 5
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile(list(range(11)), 90) == 9
    s = waiting_summary([3, 1, 2])
    assert s == {"count": 3, "median": 2, "p90": 2.8}
