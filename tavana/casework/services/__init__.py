"""Writes to casework. Each service checks its input, writes in one transaction
and records the change in the audit log with the person's id.

    ladder.py     support levels (the transition table) and the needs assessment
    delivery.py   services delivered, programme enrolment stages
    plan.py       the caseload, the case plan, case notes
    referrals.py  referrals, transfers, handing a caseload over
    other_bodies.py  referrals in from partners; other bodies serving her (with consent)
"""

from .delivery import delivery_record, enrolment_set_stage, service_type_ensure
from .ladder import assessment_record, level_change
from .other_bodies import other_support_record, other_support_withdraw, referral_receive
from .plan import (
    action_create,
    action_done,
    case_take,
    goal_create,
    goal_with_action_create,
    note_create,
)
from .referrals import (
    caseload_handover,
    caseload_handover_on_deactivate,
    referral_create,
    referral_respond,
)

__all__ = [
    "action_create",
    "action_done",
    "assessment_record",
    "case_take",
    "caseload_handover",
    "caseload_handover_on_deactivate",
    "delivery_record",
    "enrolment_set_stage",
    "goal_create",
    "goal_with_action_create",
    "level_change",
    "note_create",
    "other_support_record",
    "other_support_withdraw",
    "referral_create",
    "referral_receive",
    "referral_respond",
    "service_type_ensure",
]
