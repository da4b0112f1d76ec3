"""Writes of the release campaign (re-exported from one module per concern)."""

from .cases import case_move, case_open, child_add, debt_add, partner_add, relief_add
from .money import (
    allocation_decide,
    allocation_propose,
    case_money,
    donor_save,
    entry_reverse,
    ledger_balances,
    payment_record,
    pledge_create,
    settle_all,
    settlement_pay,
)
from .roadback import case_offer, case_release, followup_record, registry_candidates

__all__ = [
    "allocation_decide",
    "allocation_propose",
    "case_money",
    "case_move",
    "case_offer",
    "case_open",
    "case_release",
    "child_add",
    "debt_add",
    "donor_save",
    "entry_reverse",
    "followup_record",
    "ledger_balances",
    "partner_add",
    "payment_record",
    "pledge_create",
    "registry_candidates",
    "relief_add",
    "settle_all",
    "settlement_pay",
]
