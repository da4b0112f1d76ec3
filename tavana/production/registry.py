"""What upper contexts plug into production, from their AppConfig.ready().

`payroll_approved(fn)`: ``fn(payroll, lines)`` runs inside the approval's
transaction. The protected programmes use it to carry their participants' hours
and wages to their own ledger; production never knows who they are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PAYROLL_APPROVED: list[Callable[[Any, list[Any]], None]] = []


def payroll_approved(fn: Callable[[Any, list[Any]], None]) -> Callable[[Any, list[Any]], None]:
    if fn not in PAYROLL_APPROVED:
        PAYROLL_APPROVED.append(fn)
    return fn
