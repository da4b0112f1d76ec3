"""How many booths a venue's area holds (pure Python, no Django).

A venue records its area and the size of one booth; the events held there on
the same days share that area. An event asking for more booths than are left is
refused (`bazaars.services.events`).
"""

from __future__ import annotations

from decimal import Decimal


def booths_that_fit(area_m2: int, booth_size_m2: Decimal | int) -> int | None:
    """Whole booths of `booth_size_m2` inside `area_m2`; None when the area or the
    booth size is not recorded (0): nothing to check against."""
    if area_m2 <= 0 or booth_size_m2 <= 0:
        return None
    return int(Decimal(area_m2) // Decimal(booth_size_m2))


def booths_left(fit: int | None, taken_same_days: int) -> int | None:
    """The booths still free on those days (never below zero)."""
    return None if fit is None else max(fit - taken_same_days, 0)
