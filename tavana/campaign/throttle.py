"""Fixed-window counters in Django's cache, to throttle the public sign-up page.

The default cache is per process (LocMem); a deployment with several workers
should point CACHES at a shared cache (database or Redis) so the limits hold
across them.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache

# (requests, seconds)
CODES_PER_MOBILE = (3, 60 * 60)
CODES_PER_IP = (10, 60 * 60)
POSTS_PER_IP = (60, 60 * 60)


def _key(scope: str, value: str, window: int) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]  # no raw number or address
    return f"campaign:{scope}:{digest}:{int(time.time() // window)}"


def hit(scope: str, value: str, limit: tuple[int, int]) -> bool:
    """Count one request; False when the limit for this window is already used up."""
    count, window = limit
    key = _key(scope, value, window)
    cache.add(key, 0, timeout=window)
    try:
        n = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        n = 1
    return n <= count


def client_ip(request) -> str:
    """The address the request came from (REMOTE_ADDR; a proxy in front must set it)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"
