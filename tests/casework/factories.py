"""Rows the permission-matrix test needs to request every casework route."""

import datetime as dt

from tavana.accounts import roles
from tavana.accounts.models import User
from tavana.casework.models import (
    CaseNote,
    OtherSupport,
    PlanAction,
    PlanGoal,
    Referral,
    SupportLevel,
)
from tavana.partners.models import Organisation


def casework_route_kwargs(person) -> dict:
    sw = User.objects.create_user(username="matrix-socialworker", role=roles.SOCIAL_WORKER)
    today = dt.date.today()
    note = CaseNote.objects.create(person=person, author=sw, text="x", sensitivity="sensitive")
    goal = PlanGoal.objects.create(person=person, title="هدف", created_by=sw)
    action = PlanAction.objects.create(goal=goal, description="اقدام", follow_up_on=today)
    referral = Referral.objects.create(
        person=person,
        kind="refer",
        from_worker=sw,
        to_partner=Organisation.objects.get_or_create(
            code="relief_committee", defaults={"name": "کمیته امداد امام خمینی", "kind": "relief"}
        )[0],
        request="درخواست",
        sent_on=today,
        follow_up_on=today,
    )
    support = OtherSupport.objects.create(
        person=person, organisation=referral.to_partner, support="مستمری", consent_on=today
    )
    p = {"person_id": person.pk}
    return {
        "casework:assess": p,
        "casework:level_change": p,
        "casework:case_take": p,
        "casework:delivery_new": p,
        "casework:enrol": p,
        "casework:note_new": p,
        "casework:goal_new": p,
        "casework:referral_new": p,
        "casework:referral_in_new": p,
        "casework:other_support_new": p,
        "casework:other_support_withdraw": {"support_id": support.pk},
        "casework:note_reveal": {"note_id": note.pk},
        "casework:action_new": {"goal_id": goal.pk},
        "casework:action_done": {"action_id": action.pk},
        "casework:referral": {"referral_id": referral.pk},
        "casework:config_question": {"question_id": 999999},
        "casework:config_service": {"service_id": 999999},
        "casework:config_programme_unit": {"programme_id": 999999},
        "casework:config_level": {
            "level_id": SupportLevel.objects.get_or_create(
                code="matrix_level", defaults={"name": "سطح آزمایشی", "order": 99}
            )[0].pk
        },
    }
