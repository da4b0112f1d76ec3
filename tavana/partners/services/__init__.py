"""The partners context's writes, one module per entity (re-exported here)."""

from .agreements import (
    agreement_create,
    agreement_sign,
    agreements_follow_calendar,
    document_add,
    obligation_add,
    obligation_done,
)
from .organisations import contact_add, organisation_save
from .overlap import overlap_count_upload, overlap_run_record
from .portfolio import portfolio_decide, portfolio_propose, portfolio_save
from .projects import (
    indicator_add,
    measurement_add,
    milestone_add,
    milestone_done,
    project_create,
    project_move,
)
from .sharing import (
    api_read_log,
    extract_download,
    extract_make,
    extract_store,
    sharing_create,
    sharing_for_token,
    sharing_schedule_next,
    sharing_token_issue,
    sharing_token_revoke,
)

__all__ = [
    "agreement_create",
    "api_read_log",
    "extract_download",
    "extract_make",
    "extract_store",
    "sharing_create",
    "sharing_for_token",
    "sharing_schedule_next",
    "sharing_token_issue",
    "sharing_token_revoke",
    "agreement_sign",
    "agreements_follow_calendar",
    "contact_add",
    "document_add",
    "indicator_add",
    "measurement_add",
    "milestone_add",
    "milestone_done",
    "obligation_add",
    "obligation_done",
    "organisation_save",
    "overlap_count_upload",
    "overlap_run_record",
    "portfolio_decide",
    "portfolio_propose",
    "portfolio_save",
    "project_create",
    "project_move",
]
