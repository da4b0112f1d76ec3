"""The youth context's writes, one module per concern (re-exported here)."""

from .gifted import (
    application_create,
    application_result,
    budget_committed,
    budget_line_save,
    budget_line_update,
    grant_decide,
    grant_propose,
    payment_file_make,
)
from .results import CREATED, UNCHANGED, UPDATED, term_result_check, term_result_record
from .schools import school_save, school_transfer, school_year_record
from .talent import talent_refer, talent_result_record, talent_round_create
from .teens import (
    consent_record,
    followup_record,
    team_create,
    team_showcased,
    teen_enrol,
    teen_programme_create,
    teen_programme_with_course_create,
)
from .warning import flags_refresh, indicator_update, intervention_record

__all__ = [
    "application_create",
    "application_result",
    "budget_committed",
    "budget_line_save",
    "budget_line_update",
    "consent_record",
    "followup_record",
    "grant_decide",
    "grant_propose",
    "payment_file_make",
    "talent_refer",
    "talent_result_record",
    "talent_round_create",
    "team_create",
    "team_showcased",
    "teen_enrol",
    "teen_programme_create",
    "teen_programme_with_course_create",
    "CREATED",
    "UNCHANGED",
    "UPDATED",
    "flags_refresh",
    "indicator_update",
    "intervention_record",
    "school_save",
    "school_transfer",
    "school_year_record",
    "term_result_check",
    "term_result_record",
]
