"""The public sign-up page's per-address limits, counted by `tavana.core.throttle`
(the shared Redis cache in production) per client address behind the trusted
proxies. The limits per mobile, per form and the daily budget are counted in
the database (`services.phone_code_send`), so no restart resets them."""

from __future__ import annotations

from tavana.core.throttle import client_address, hit

__all__ = ["CODES_PER_IP", "POSTS_PER_IP", "client_ip", "hit"]

# (requests, seconds)
CODES_PER_IP = (10, 60 * 60)
POSTS_PER_IP = (60, 60 * 60)


def client_ip(request) -> str:
    """The client's address, behind the trusted proxies only (`core.net`)."""
    return client_address(request) or "unknown"
