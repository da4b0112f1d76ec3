"""The ladder's rules, without a database."""

import datetime as dt

from tavana.casework.domain.ladder import (
    INITIAL_LEVELS,
    check_level_change,
    initial_transitions,
    ladder_points,
)

ORDERS = {code: order for code, _, order in INITIAL_LEVELS}
MOVES = {(a, b): needs for a, b, needs in initial_transitions(ORDERS)}


def check(current, target, reason=""):
    return check_level_change(
        current=current, target=target, orders=ORDERS, transitions=MOVES, reason=reason
    )


def test_the_ladder_has_five_rungs_in_order():
    assert [c for c, _, _ in INITIAL_LEVELS] == [
        "counselling",
        "skills",
        "facilitation",
        "growth",
        "independent",
    ]
    assert INITIAL_LEVELS[-1][1] == "مستقل با پیگیری"


def test_one_step_up_needs_no_reason():
    move, errors = check("counselling", "skills")
    assert errors == {} and move.direction == "up" and not move.needs_reason


def test_two_steps_up_needs_a_reason():
    move, errors = check("counselling", "facilitation")
    assert move is None and "reason" in errors
    move, errors = check("counselling", "facilitation", "مهارت خیاطی دارد")
    assert errors == {} and move.needs_reason


def test_three_steps_up_is_not_in_the_table():
    move, errors = check("counselling", "growth", "دلیل")
    assert move is None and "گام‌به‌گام" in errors["level"]


def test_moving_down_is_allowed_with_a_reason_only():
    _, errors = check("growth", "counselling")
    assert "پایین" in errors["reason"]
    move, errors = check("growth", "counselling", "بحران خانوادگی")
    assert errors == {} and move.direction == "down"


def test_first_placement_can_be_any_level_and_same_level_is_refused():
    move, errors = check(None, "growth")
    assert errors == {} and move.direction == "start"
    _, errors = check("skills", "skills")
    assert "همان سطح" in errors["level"]
    _, errors = check("skills", "nowhere")
    assert "level" in errors


def test_ladder_points_are_in_date_order():
    pts = ladder_points(
        [
            (dt.date(2025, 5, 1), "skills"),
            (dt.date(2024, 1, 1), "counselling"),
            (dt.date(2025, 1, 1), "x"),
        ],
        ORDERS,
    )
    assert [p["order"] for p in pts] == [1, 2]


def test_the_ladder_chart_places_points_by_their_day_and_marks_each_tick_once():
    import datetime as dt

    from tavana.casework.domain.ladder import ladder_chart

    days = [dt.date(2025, 3, 1), dt.date(2025, 3, 3), dt.date(2026, 9, 1)]
    points = [{"date": d, "level": "x", "order": n} for n, d in enumerate(days, 1)]
    chart = ladder_chart(points, ["یک", "دو", "سه"], dt.date(2026, 12, 6))
    xs = [p["x"] for p in chart["points"]]
    # two days apart and eighteen months apart are drawn as such, not side by side
    assert xs[1] - xs[0] == 2 and xs[2] - xs[1] == (days[2] - days[1]).days
    assert chart["points"][-1] == {"x": dt.date(2026, 12, 6).toordinal(), "y": 3,
                                   "date": "۱۴۰۵/۰۹/۱۵"}  # fmt: skip
    labels = [t["label"] for t in chart["ticks"]]
    assert len(labels) == len(set(labels)) and len(labels) >= 2
    assert chart["min"] <= min(t["x"] for t in chart["ticks"])
    assert max(t["x"] for t in chart["ticks"]) <= chart["max"]
    assert chart["points"][0]["date"] == "۱۴۰۳/۱۲/۱۱"
