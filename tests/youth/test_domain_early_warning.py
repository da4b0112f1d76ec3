"""The early warning rule: flags with reasons, without a database."""

from decimal import Decimal as D

from tavana.youth.domain import early_warning as ew


def t(year, term, grade=8, average=None, absences=None, descriptive=None, **marks):
    return ew.TermFacts(
        year=year, term=term, grade=grade, average=None if average is None else D(average),
        absences=absences, descriptive=descriptive, marks={k: D(v) for k, v in marks.items()},
    )  # fmt: skip


def codes(flags):
    return [f.code for f in flags]


def test_a_good_term_raises_nothing():
    assert (
        ew.evaluate([t(1403, 1, average="17.5", absences=2, math="16")], ew.default_indicators())
        == []
    )


def test_each_indicator_fires_with_its_figures_and_threshold_in_the_reason():
    history = [
        t(1402, 2, grade=8, average="15"),
        t(1403, 1, grade=8, average="11.5", absences=12, math="8", science="9.5", persian="14"),
    ]
    flags = ew.evaluate(history, ew.default_indicators())
    assert set(codes(flags)) == {
        ew.ABSENCES, ew.LOW_AVERAGE, ew.FAILING_SUBJECTS, ew.AVERAGE_DROP, ew.REPEATED_GRADE
    }  # fmt: skip
    reasons = {f.code: f.reason for f in flags}
    assert reasons[ew.ABSENCES] == "۱۲ روز غیبت در نوبت اول (دی) ۱۴۰۳–۱۴۰۴ (آستانه: ۱۰ روز)"
    assert "معدل ۱۱٫۵" in reasons[ew.LOW_AVERAGE] and "کمتر از ۱۲" in reasons[ew.LOW_AVERAGE]
    assert "ریاضی" in reasons[ew.FAILING_SUBJECTS] and "علوم" in reasons[ew.FAILING_SUBJECTS]
    assert "۳٫۵ نمره افت" in reasons[ew.AVERAGE_DROP]
    assert "پایهٔ هشتم" in reasons[ew.REPEATED_GRADE]
    # most urgent first
    assert [f.severity for f in flags] == sorted((f.severity for f in flags), reverse=True)


def test_thresholds_are_data():
    history = [t(1403, 1, average="13")]
    assert codes(ew.evaluate(history, [ew.Indicator(ew.LOW_AVERAGE, D(12))])) == []
    assert codes(ew.evaluate(history, [ew.Indicator(ew.LOW_AVERAGE, D(14))])) == [ew.LOW_AVERAGE]
    inactive = ew.Indicator(ew.LOW_AVERAGE, D(14), active=False)
    assert ew.evaluate(history, [inactive]) == []


def test_the_latest_term_is_judged_whatever_the_order_given():
    history = [t(1403, 2, average="16"), t(1403, 1, average="10")]
    assert ew.evaluate(history, ew.default_indicators()) == []


def test_primary_years_use_descriptive_grades():
    history = [
        t(1402, 2, grade=3, descriptive="very_good"),
        t(1403, 1, grade=4, descriptive="needs_effort"),
    ]
    flags = {f.code: f.reason for f in ew.evaluate(history, ew.default_indicators())}
    assert set(flags) == {ew.LOW_AVERAGE, ew.AVERAGE_DROP}
    assert "نیاز به تلاش بیشتر" in flags[ew.LOW_AVERAGE]


def test_a_promoted_child_has_not_repeated_a_grade():
    history = [t(1402, 2, grade=7, average="15"), t(1403, 1, grade=8, average="15")]
    assert ew.REPEATED_GRADE not in codes(ew.evaluate(history, ew.default_indicators()))


def test_urgency_adds_severities_and_grows_with_waiting():
    assert ew.urgency([3, 2], 0) > ew.urgency([3], 0)
    assert ew.urgency([2], 95) > ew.urgency([2], 10)
