"""Wages: piece rates, deductions for rejected pieces, and Jalali months (pure)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WorkDone:
    """One woman's pieces of one product and size in a month, and their fate."""

    product: str
    size: str
    pieces: int
    rejected: int
    rate: int  # toman per piece
    hours: int = 0
    hourly_rate: int = 0


@dataclass(frozen=True)
class Wage:
    pieces: int
    rejected: int
    gross: int
    deductions: int
    net: int
    hours: int


def wage_of(work: list[WorkDone]) -> Wage:
    """Gross = pieces x rate (+ hours x hourly rate); rejected pieces are deducted
    at their piece rate. A wage is never negative: what a month cannot carry is
    not taken from the next one."""
    gross = sum(w.pieces * w.rate + w.hours * w.hourly_rate for w in work)
    deductions = min(gross, sum(w.rejected * w.rate for w in work))
    return Wage(
        pieces=sum(w.pieces for w in work),
        rejected=sum(w.rejected for w in work),
        gross=gross,
        deductions=deductions,
        net=gross - deductions,
        hours=sum(w.hours for w in work),
    )
