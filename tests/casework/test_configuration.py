"""The support ladder as the administrator's data: a new rung, an edit, a move."""

import pytest

from tavana.accounts import roles
from tavana.audit.models import AuditEntry
from tavana.casework import configuration, services
from tavana.casework.models import LevelTransition, SupportLevel, SupportStatus
from tavana.core.errors import ServiceError

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_user):
    return make_user(roles.ADMINISTRATOR, username="boss")


def _orders():
    return list(SupportLevel.objects.values_list("code", flat=True))


def test_a_new_rung_slots_in_and_gets_the_usual_moves(admin):
    skills = SupportLevel.objects.get(code="skills")
    new = configuration.level_add(
        actor=admin,
        data={"code": "market_ready", "name": "آمادهٔ بازار", "reassess_months": 5},
        after=skills,
    )
    assert _orders() == [
        "counselling", "skills", "market_ready", "facilitation", "growth", "independent",
    ]  # fmt: skip
    moves = {(t.from_level.code, t.to_level.code): t.needs_reason
             for t in LevelTransition.objects.filter(from_level=new) | LevelTransition.objects.filter(to_level=new)}  # fmt: skip
    assert moves[("skills", "market_ready")] is False  # one step up: free
    assert moves[("market_ready", "skills")] is True  # down: with a reason
    assert ("counselling", "growth") not in moves
    assert AuditEntry.objects.filter(action="config.level_add").exists()
    with pytest.raises(ServiceError) as e:
        configuration.level_add(
            actor=admin,
            data={"code": "market_ready", "name": "", "reassess_months": 99},
            after=None,
        )
    assert set(e.value.errors) == {"code", "name", "reassess_months"}


def test_a_rung_with_women_on_it_cannot_be_retired_and_history_keeps_old_rungs(admin, woman):
    skills = SupportLevel.objects.get(code="skills")
    SupportStatus.objects.create(person=woman, level=skills, since="2025-01-01")
    data = {"name": skills.name, "reassess_months": 4, "active": False}
    with pytest.raises(ServiceError) as e:
        configuration.level_update(actor=admin, level=skills, data=data)
    assert "۱" in e.value.errors["active"] or "1" in e.value.errors["active"]
    growth = SupportLevel.objects.get(code="growth")
    configuration.level_update(
        actor=admin, level=growth, data={"name": "رشد", "reassess_months": 9, "active": False}
    )
    with pytest.raises(ServiceError):  # nobody moves onto a retired rung
        services.level_change(actor=admin, person=woman, level_code="growth", on=None)
    growth.refresh_from_db()
    assert growth.reassess_months == 9 and not growth.active


def test_moves_are_allowed_and_forbidden_as_data(admin):
    a, b = SupportLevel.objects.get(code="counselling"), SupportLevel.objects.get(code="growth")
    configuration.transition_set(
        actor=admin, from_level=a, to_level=b, allowed=True, needs_reason=True
    )
    assert LevelTransition.objects.get(from_level=a, to_level=b).needs_reason
    configuration.transition_set(
        actor=admin, from_level=a, to_level=b, allowed=False, needs_reason=False
    )
    assert not LevelTransition.objects.filter(from_level=a, to_level=b).exists()
    assert AuditEntry.objects.filter(action="config.transition_set").count() == 2


def test_a_new_rule_version_scores_new_assessments_and_keeps_old_ones(admin, woman, make_user):
    from tests.casework.conftest import answer_ids

    worker = make_user(roles.SOCIAL_WORKER, username="sw")
    first = services.assessment_record(
        actor=worker, person=woman, answers=answer_ids(skills=1), assessed_on=None or _today()
    )
    assert first.rule is None and first.suggested_level.code != "skills"
    with pytest.raises(ServiceError) as e:
        configuration.scoring_rule_save(actor=admin, values={"psycho_moderate": 0.9})
    assert "متوسط" in e.value.errors["psycho_moderate"]
    rule = configuration.scoring_rule_save(
        actor=admin, values={"skills_need": 0.3}, note="سخت‌گیرانه‌تر"
    )
    second = services.assessment_record(
        actor=worker, person=woman, answers=answer_ids(skills=1), assessed_on=_today(),
        decided_level_code=first.decided_level.code, override_reason="بی‌تغییر",
    )  # fmt: skip
    assert second.rule == rule and second.suggested_level.code == "skills"
    first.refresh_from_db()
    assert first.rule is None  # scored under the first rule, and stays so
    assert AuditEntry.objects.filter(action="config.scoring_rule").exists()


def test_rewording_a_question_keeps_past_answers_on_the_old_version(admin, woman, make_user):
    from tavana.casework.models import AssessmentAnswer, Question
    from tests.casework.conftest import answer_ids

    worker = make_user(roles.SOCIAL_WORKER, username="sw")
    a = services.assessment_record(
        actor=worker, person=woman, answers=answer_ids(), assessed_on=_today()
    )
    old = Question.objects.get(code="housing")
    new = configuration.question_save(
        actor=admin,
        question=old,
        data={"text": "وضعیت مسکن خانوار در سه ماه گذشته؟", "domain": "housing",
              "options": [("پایدار", 0), ("ناپایدار", 2), ("", None)]},
    )  # fmt: skip
    old.refresh_from_db()
    assert not old.active and new.active and new.replaces == old
    answer = AssessmentAnswer.objects.get(assessment=a, question__domain="housing")
    assert answer.question == old and answer.option.question == old
    with pytest.raises(ServiceError) as e:
        configuration.question_save(
            actor=admin, data={"text": "x", "domain": "housing", "options": [("تنها", 5)]}
        )
    assert "option_1" in e.value.errors


def _today():
    from django.utils import timezone

    return timezone.localdate()


def test_a_delivered_service_keeps_its_programme(admin, woman, make_user):
    import datetime as dt

    from tavana.accounts.models import OrgUnit
    from tavana.casework.models import Delivery, Programme, ServiceType

    s = ServiceType.objects.get(code="legal_advice")
    other = Programme.objects.get(code="business")
    Delivery.objects.create(
        person=woman, service=s, delivered_on=dt.date(2025, 1, 1), unit="session"
    )
    data = {"name": "مشاورهٔ حقوقی خانواده", "programme": other, "default_unit": "session",
            "org_unit": OrgUnit.objects.get(code="family_children")}  # fmt: skip
    with pytest.raises(ServiceError) as e:
        configuration.service_type_save(actor=admin, service=s, data=data)
    assert "بایگانی" in e.value.errors["programme"]
    configuration.service_type_save(actor=admin, service=s, data={**data, "programme": s.programme})
    s.refresh_from_db()
    assert s.name == "مشاورهٔ حقوقی خانواده" and s.org_unit.code == "family_children"
    assert AuditEntry.objects.filter(action="config.service_type").exists()


def test_the_administrator_gives_a_programme_to_another_unit(admin, client, make_user):
    from django.urls import reverse

    from tavana.accounts.models import OrgUnit
    from tavana.casework.models import Programme

    programme = Programme.objects.get(code="business")
    unit = OrgUnit.objects.filter(active=True).exclude(pk=programme.org_unit_id).first()
    client.force_login(admin)
    page = client.get(reverse("casework:config_services")).content.decode()
    assert 'data-testid="programmes"' in page and programme.name in page
    response = client.post(
        reverse("casework:config_programme_unit", args=[programme.pk]), {"org_unit": unit.pk}
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.org_unit == unit
    entry = AuditEntry.objects.filter(action="config.programme_unit").latest("pk")
    assert entry.after["org_unit"] == unit.name
    assert unit.name in client.get(response["Location"]).content.decode()

    archived = OrgUnit.objects.create(code="old_unit", name="واحد قدیمی", kind="area", active=False)
    with pytest.raises(ServiceError) as e:
        configuration.programme_unit_set(actor=admin, programme=programme, org_unit=archived)
    assert "بایگانی" in e.value.errors["org_unit"]

    registrar = make_user(roles.REGISTRAR, username="reg")
    client.force_login(registrar)
    response = client.post(
        reverse("casework:config_programme_unit", args=[programme.pk]), {"org_unit": ""}
    )
    assert response.status_code == 403
    programme.refresh_from_db()
    assert programme.org_unit == unit
