"""Figures of the campaign (pure Python)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0–100) by linear interpolation between closest ranks
    (numpy's default method); None for no values."""
    if not values:
        return None
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def waiting_summary(days: Sequence[float]) -> dict:
    """Median and 90th percentile of days from sign-up to first mentoring."""
    return {
        "count": len(days),
        "median": percentile(days, 50),
        "p90": percentile(days, 90),
    }
