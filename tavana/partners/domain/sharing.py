"""When a data-sharing agreement's extracts are made, and of which period (pure).

Monthly: on the first day of each Jalali month, the month before; quarterly:
on the first day of each season, the season before. Periods are ``[start, end)``.
"""

from __future__ import annotations

import datetime as dt

from tavana.core.domain.jalali import from_jalali, to_jalali

MONTHLY, QUARTERLY = "monthly", "quarterly"


def _step(frequency: str) -> int:
    return 3 if frequency == QUARTERLY else 1


def _period_start(y: int, m: int, frequency: str) -> tuple[int, int]:
    step = _step(frequency)
    return y, (m - 1) // step * step + 1


def _add_months(y: int, m: int, months: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + months
    return n // 12, n % 12 + 1


def period_before(today: dt.date, frequency: str) -> tuple[dt.date, dt.date]:
    """The whole period (month or season) before the one `today` falls in."""
    y, m, _ = to_jalali(today)
    y, m = _period_start(y, m, frequency)
    end = from_jalali(y, m, 1)
    py, pm = _add_months(y, m, -_step(frequency))
    return from_jalali(py, pm, 1), end


def next_due(today: dt.date, frequency: str) -> dt.date:
    """The first day of the next period."""
    y, m, _ = to_jalali(today)
    y, m = _period_start(y, m, frequency)
    ny, nm = _add_months(y, m, _step(frequency))
    return from_jalali(ny, nm, 1)
