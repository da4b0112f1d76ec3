"""Fixed-window counters in Django's cache: the one throttle of every public edge
(the sign-in page, the campaign's sign-up and its SMS codes).

Addresses come from `tavana.core.net.client_address` (the client behind the
trusted proxies, never a header anyone may send). In production the cache is
Redis, shared by every process and node and kept across restarts.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache

from .net import client_address

__all__ = ["client_address", "count", "hit"]


def _key(scope: str, value: str, window: int) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]  # no raw number or address
    return f"throttle:{scope}:{digest}:{int(time.time() // window)}"


def hit(scope: str, value: str, limit: tuple[int, int]) -> bool:
    """Count one event; False when the limit for this window is already used up."""
    allowed, window = limit
    key = _key(scope, value, window)
    cache.add(key, 0, timeout=window)
    try:
        n = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        n = 1
    return n <= allowed


def count(scope: str, value: str, limit: tuple[int, int]) -> int:
    """Events counted so far in this window (without counting one)."""
    return int(cache.get(_key(scope, value, limit[1])) or 0)
