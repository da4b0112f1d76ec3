"""The public sign-up page's limits, counted by `tavana.core.throttle` (shared
Redis cache in production) per client address behind the trusted proxies."""

from __future__ import annotations

from tavana.core.throttle import client_address, hit

__all__ = ["CODES_PER_IP", "CODES_PER_MOBILE", "POSTS_PER_IP", "client_ip", "hit"]

# (requests, seconds)
CODES_PER_MOBILE = (3, 60 * 60)
CODES_PER_IP = (10, 60 * 60)
POSTS_PER_IP = (60, 60 * 60)


def client_ip(request) -> str:
    """The client's address, behind the trusted proxies only (`core.net`)."""
    return client_address(request) or "unknown"
