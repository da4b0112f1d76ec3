"""The matched comparison behind the tutoring figure, without a database."""

from tavana.youth.domain.effect import Pupil, matched_effect


def p(cid, start, change, tutored=False, grade=8, district=4):
    return Pupil(cid, 1403, 1, grade, district, start, change, tutored)


def test_tutored_children_are_compared_with_the_nearest_similar_children():
    pupils = [
        p(1, 11.0, 3.0, tutored=True),
        p(2, 11.5, 1.0),  # nearest
        p(3, 10.8, 0.0),
        p(4, 11.0, 9.0, grade=9),  # another grade: never a comparison
        p(5, 14.0, 9.0),  # too far from 11
    ]
    e = matched_effect(pupils, k=2)
    assert (e.tutored, e.unmatched, e.comparisons) == (1, 0, 2)
    assert e.tutored_change == 3.0 and e.comparison_change == 0.5
    assert e.difference == 2.5


def test_a_tutored_child_without_a_comparison_is_left_out_and_counted():
    e = matched_effect([p(1, 11.0, 3.0, tutored=True), p(2, 11.0, 1.0, district=9)])
    assert (e.tutored, e.unmatched) == (0, 1) and e.difference is None
