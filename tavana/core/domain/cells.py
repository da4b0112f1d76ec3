"""Text bound for a spreadsheet (xlsx or csv): shown as typed, never evaluated.

A cell that starts with = + - @ (or a tab, CR or LF before one) is a formula or a
DDE call to Excel and LibreOffice ("CSV injection"); an apostrophe in front makes
it text. Every file Tavana writes for people to open — the export, the import's
rejected rows in xlsx and csv — passes its text through `defuse`.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def defuse(value: str) -> str:
    """`value` with an apostrophe in front when a spreadsheet would evaluate it."""
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
