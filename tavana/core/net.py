"""Who is on the other end of a request: the client address, behind trusted proxies only.

One setting, `TRUSTED_PROXIES` (environment `TAVANA_TRUSTED_PROXIES`: addresses
or networks, comma-separated), says which peers may speak for the client. A
request from anyone else has its forwarding headers removed before any other
code sees them, so `X-Forwarded-Proto` (read by Django's SECURE_PROXY_SSL_HEADER),
`X-Forwarded-For` and `X-Request-ID` from the internet are never believed.

`client_address(request)` is the one answer to "which address is this?" for
every throttle, the login lockout and the logs.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# Headers only a trusted proxy may set (as WSGI META keys).
FORWARDING_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
    "HTTP_X_REQUEST_ID",
)


def parse_networks(text: str, *, setting: str = "TAVANA_TRUSTED_PROXIES") -> tuple[str, ...]:
    """Validate a comma-separated list of addresses or networks; refuse anything else."""
    out = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        try:
            out.append(str(ipaddress.ip_network(part, strict=False)))
        except ValueError as e:
            raise ImproperlyConfigured(
                f"{setting}: {part!r} is not an IP address or network ({e})."
            ) from e
    return tuple(out)


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(e, strict=False) for e in entries)


def _trusted() -> tuple[Network, ...]:
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [::1]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 1.2.3.4:port
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def is_trusted_proxy(address: str, networks: Iterable[Network] | None = None) -> bool:
    parsed = _address(address)
    if parsed is None:
        return False
    return any(parsed in net for net in (_trusted() if networks is None else networks))


def strip_untrusted_forwarding(meta: dict) -> bool:
    """Remove forwarding headers unless the peer is a trusted proxy; True if trusted."""
    if is_trusted_proxy(meta.get("REMOTE_ADDR", "")):
        return True
    for key in FORWARDING_HEADERS:
        meta.pop(key, None)
    return False


def client_address(request) -> str:
    """The client's address: the peer, or — when the peer is a trusted proxy — the
    nearest address in X-Forwarded-For that is not itself a trusted proxy.

    Walking from the right means a client cannot choose its own address by
    sending a made-up X-Forwarded-For: the proxy appends the real peer, and only
    the entries our own proxies added are skipped.
    """
    cached = getattr(request, "_tavana_client_address", None)
    if cached is not None:
        return cached
    meta = request.META
    peer = meta.get("REMOTE_ADDR", "") or ""
    result = str(_address(peer) or peer)  # "" when the server gave no address
    networks = _trusted()
    if networks and is_trusted_proxy(peer, networks):
        hops = [h for h in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        for hop in reversed(hops):
            parsed = _address(hop)
            if parsed is None:  # garbage: stop at the last address we could trust
                break
            result = str(parsed)
            if not any(parsed in net for net in networks):
                break
    try:
        request._tavana_client_address = result
    except AttributeError:  # pragma: no cover - a read-only request object
        pass
    return result


def axes_client_address(request) -> str | None:
    """The login lockout's view of the same address (None when there is none)."""
    return client_address(request) or None


class ProxyHeadersMiddleware:
    """First middleware: forget forwarding headers that an untrusted peer sent."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        strip_untrusted_forwarding(request.META)
        return self.get_response(request)
