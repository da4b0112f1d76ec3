"""Needs assessment rules, without a database: each answer set gives a level and
the reasons a social worker can read."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from tavana.casework.domain import stages
from tavana.casework.domain.assessment import DOMAINS, domain_needs, suggest_level


def answers(**scores):
    """domain=score for two questions each."""
    out = []
    for domain, score in scores.items():
        out += [(domain, score), (domain, score)]
    return out


ALL_FINE = dict(
    livelihood=0, skills=0, business=0, psychosocial=0, childcare=0, health=0, housing=0
)


def test_high_psychosocial_need_suggests_counselling_first():
    s = suggest_level(answers(**{**ALL_FINE, "psychosocial": 3, "skills": 3}))
    assert s.level == "counselling"
    assert "مشاوره" in s.reasons[0]


def test_no_skills_suggests_skills_training():
    s = suggest_level(answers(**{**ALL_FINE, "skills": 2, "business": 3}))
    assert s.level == "skills"


def test_skills_but_no_business_suggests_facilitation():
    s = suggest_level(answers(**{**ALL_FINE, "business": 3, "livelihood": 3}))
    assert s.level == "facilitation"


def test_small_business_suggests_growth_and_stable_one_independence():
    assert suggest_level(answers(**{**ALL_FINE, "business": 1})).level == "growth"
    s = suggest_level(answers(**ALL_FINE))
    assert s.level == "independent" and s.unanswered == []


def test_barriers_add_reasons_and_services_without_changing_the_level():
    s = suggest_level(answers(**{**ALL_FINE, "childcare": 3, "housing": 2}))
    assert s.level == "independent"
    assert "childcare_support" in s.services and "legal_advice" in s.services
    assert any("فرزندان" in r for r in s.reasons)


def test_unanswered_domains_are_named():
    s = suggest_level([("skills", 3)])
    assert s.level == "skills"
    assert any(r.startswith("بی‌پاسخ") for r in s.reasons)


def test_domain_needs_are_means_on_a_0_to_1_scale():
    assert domain_needs([("skills", 3), ("skills", 0), ("health", 9)]) == {
        "skills": 0.5,
        "health": 1.0,
    }


@given(
    st.lists(st.tuples(st.sampled_from([d for d, _ in DOMAINS]), st.integers(0, 3)), max_size=20)
)
def test_every_answer_set_gets_a_level_and_a_reason(ans):
    s = suggest_level(ans)
    assert s.level in {"counselling", "skills", "facilitation", "growth", "independent"}
    assert s.reasons and all(isinstance(r, str) and r for r in s.reasons)


def test_enrolment_stages_follow_the_table():
    assert stages.check_stage_move(None, "referred") == {}
    assert "stage" in stages.check_stage_move(None, "active")
    assert stages.check_stage_move("referred", "enrolled") == {}
    assert "stage" in stages.check_stage_move("referred", "completed")
    assert "reason" in stages.check_stage_move("active", "withdrawn")
    assert stages.check_stage_move("active", "withdrawn", "نقل مکان") == {}
    assert stages.check_stage_move("withdrawn", "referred") == {}  # nobody is closed out


def test_referrals_wait_until_answered():
    assert stages.awaiting("refer", "sent") and stages.awaiting("refer", "accepted")
    assert not stages.awaiting("refer", "answered") and not stages.awaiting("refer", "declined")
    assert stages.awaiting("transfer", "sent") and not stages.awaiting("transfer", "accepted")
    assert "answer" in stages.check_referral_move("refer", "sent", "declined")
    assert stages.check_referral_move("refer", "accepted", "answered", "انجام شد") == {}
    assert "status" in stages.check_referral_move("transfer", "sent", "answered", "x")


def test_add_months_clamps_to_month_end():
    assert stages.add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert stages.add_months(dt.date(2024, 11, 15), 3) == dt.date(2025, 2, 15)
