"""The youth context's writes, one module per concern (re-exported here)."""

from .results import CREATED, UNCHANGED, UPDATED, term_result_check, term_result_record
from .schools import school_save, school_transfer, school_year_record
from .warning import flags_refresh, indicator_update, intervention_record

__all__ = [
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
