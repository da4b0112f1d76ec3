"""Trusted proxies, the client address, request ids, security headers, health."""

import json
import logging
import re
from pathlib import Path

import pytest
from django.db.migrations.recorder import MigrationRecorder
from django.test import RequestFactory, override_settings

from tavana.accounts import roles
from tavana.core import health
from tavana.core.logs import JsonFormatter, RequestIdFilter, request_id_bound
from tavana.core.net import client_address, parse_networks, strip_untrusted_forwarding

PROXY = "10.0.0.5"


def _request(peer: str, **headers):
    meta = {"REMOTE_ADDR": peer}
    meta.update({f"HTTP_{k.upper()}": v for k, v in headers.items()})
    request = RequestFactory().get("/", **meta)
    strip_untrusted_forwarding(request.META)
    return request


def test_forwarded_for_is_ignored_from_an_untrusted_peer():
    with override_settings(TRUSTED_PROXIES=()):
        assert client_address(_request("203.0.113.9", x_forwarded_for="1.2.3.4")) == "203.0.113.9"
    with override_settings(TRUSTED_PROXIES=(PROXY,)):
        r = _request("203.0.113.9", x_forwarded_for="1.2.3.4", x_forwarded_proto="https")
        assert client_address(r) == "203.0.113.9"
        assert "HTTP_X_FORWARDED_PROTO" not in r.META and not r.is_secure()


@override_settings(TRUSTED_PROXIES=parse_networks("10.0.0.0/24, ::1"))
def test_behind_a_trusted_proxy_the_nearest_untrusted_hop_is_the_client():
    # The client made up the first entry; our proxy appended the real peer.
    r = _request(PROXY, x_forwarded_for="6.6.6.6, 198.51.100.7")
    assert client_address(r) == "198.51.100.7"
    # Two of our proxies in a row are both skipped.
    assert client_address(_request(PROXY, x_forwarded_for="198.51.100.7, 10.0.0.9")) == (
        "198.51.100.7"
    )
    assert client_address(_request(PROXY)) == PROXY  # no header: the proxy itself
    assert client_address(_request(PROXY, x_forwarded_for="garbage")) == PROXY


@override_settings(
    TRUSTED_PROXIES=(PROXY + "/32",), SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")
)
def test_https_is_believed_only_from_the_trusted_proxy():
    assert _request(PROXY, x_forwarded_proto="https").is_secure()
    assert not _request("192.0.2.1", x_forwarded_proto="https").is_secure()


def test_a_wrong_proxy_setting_is_refused_with_its_name():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="TAVANA_TRUSTED_PROXIES"):
        parse_networks("10.0.0.1, localhost")


@override_settings(TRUSTED_PROXIES=(PROXY + "/32",))
def test_the_login_lockout_counts_the_client_not_the_proxy():
    from axes.helpers import get_client_ip_address

    r = _request(PROXY, x_forwarded_for="198.51.100.7")
    assert get_client_ip_address(r) == "198.51.100.7"


@pytest.mark.django_db
def test_every_response_carries_a_request_id_and_a_trusted_one_is_kept(client):
    first = client.get("/health/live/")["X-Request-ID"]
    assert (
        re.fullmatch(r"[0-9a-f]{32}", first)
        and client.get("/health/live/")["X-Request-ID"] != first
    )
    given = "lb-0123456789abcdef"
    assert client.get("/health/live/", HTTP_X_REQUEST_ID=given)["X-Request-ID"] != given
    with override_settings(TRUSTED_PROXIES=("127.0.0.1/32",)):
        assert client.get("/health/live/", HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given


def test_log_lines_are_json_with_the_request_id_and_readable_persian():
    record = logging.LogRecord("tavana.x", logging.WARNING, __file__, 1, "ورود %s", ("فایل",), None)
    with request_id_bound("abc123def456"):
        RequestIdFilter().filter(record)
    line = JsonFormatter().format(record)
    data = json.loads(line)
    assert data["message"] == "ورود فایل" and data["request_id"] == "abc123def456"
    assert data["level"] == "WARNING" and data["logger"] == "tavana.x" and "ورود" in line


@pytest.mark.django_db
def test_pages_have_a_strict_csp_and_the_other_headers(client_as):
    client = client_as(roles.REGISTRAR)
    r = client.get("/")
    csp = r["Content-Security-Policy"]
    script = re.search(r"script-src ([^;]*)", csp).group(1)
    assert script.strip() == "'self'" and "unsafe" not in script
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "camera=()" in r["Permissions-Policy"] and "geolocation=()" in r["Permissions-Policy"]
    assert r["Cross-Origin-Resource-Policy"] == "same-origin"
    assert r["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "no-store" in r["Cache-Control"]  # a woman's record never stays in a shared cache
    assert r["X-Content-Type-Options"] == "nosniff" and r["Referrer-Policy"] == "same-origin"


def test_no_template_has_inline_script_or_style_elements():
    root = Path(__file__).resolve().parents[2] / "tavana"
    inline = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
    handler = re.compile(r"\son[a-z]+\s*=|<style", re.I)
    found = [
        str(p.relative_to(root))
        for p in root.rglob("*.html")
        if inline.search(p.read_text()) or handler.search(p.read_text())
    ]
    assert not found, f"inline script in {found}"


@pytest.mark.django_db
def test_health_live_and_ready(client):
    live = client.get("/health/live/")
    assert live.status_code == 200 and live.json()["status"] == "ok"
    assert "no-cache" in live["Cache-Control"] or "max-age=0" in live["Cache-Control"]
    ready = client.get("/health/ready/").json()
    assert ready["checks"]["database"]["ok"] and ready["checks"]["migrations"]["ok"]
    assert client.get("/health/").status_code == 200


@pytest.mark.django_db
def test_ready_fails_while_a_migration_is_not_applied(client, monkeypatch):
    monkeypatch.setattr(health, "_migrated", False)
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    newest = max(n for a, n in MigrationLoader(connection).graph.leaf_nodes() if a == "core")
    MigrationRecorder.Migration.objects.filter(app="core", name=newest).delete()
    r = client.get("/health/ready/")
    assert r.status_code == 503 and r.json()["checks"]["migrations"] == {"ok": False, "pending": 1}
