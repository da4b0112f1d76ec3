"""Pluggable SMS backends.

The message text is built by the caller and must never say why a woman is
served (no programme, no status) — only where, when and what.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger("tavana.sms")


@dataclass(frozen=True)
class SmsMessage:
    mobile: str
    text: str


class ConsoleSmsBackend:
    """Writes messages to the log (the demo's default). Numbers are masked."""

    def send(self, messages: list[SmsMessage]) -> int:
        for m in messages:
            log.info("SMS to %s…%s: %s", m.mobile[:4], m.mobile[-2:], m.text)
        return len(messages)


class MemorySmsBackend:
    """Keeps messages in memory (tests)."""

    outbox: list[SmsMessage] = []

    def send(self, messages: list[SmsMessage]) -> int:
        type(self).outbox.extend(messages)
        return len(messages)


class DisabledSmsBackend:
    """Production without a provider: nothing is sent and nothing is logged (a code
    in a log is a code anyone reading the log can use); every send fails with the
    reason, so a page says the SMS could not be sent and the outbox retries."""

    def send(self, messages: list[SmsMessage]) -> int:
        raise SmsProviderError("no SMS provider is configured (TAVANA_SMS_BACKEND)")


#: backends that keep or print messages instead of sending them: never in production
NOT_FOR_PRODUCTION = ("tavana.core.sms.ConsoleSmsBackend", "tavana.core.sms.MemorySmsBackend")


def sms_backend():
    return import_string(settings.TAVANA_SMS_BACKEND)()


def sms_send(messages: list[SmsMessage]) -> int:
    return sms_backend().send(messages)


class SmsProviderError(RuntimeError):
    """The provider could not be reached or refused the messages."""


class HttpSmsBackend:
    """A provider adapter over HTTPS (JSON POST), with connect/read timeouts.

    Settings (or the environment): TAVANA_SMS_URL, TAVANA_SMS_API_KEY,
    TAVANA_SMS_SENDER, TAVANA_SMS_TIMEOUT (seconds, default 10). The key travels
    only in the Authorization header: never in the URL, never in a log line
    (numbers are masked there too).
    """

    def __init__(self, url=None, api_key=None, sender=None, timeout=None, opener=None):
        import os
        import urllib.request

        self.url = (
            url or getattr(settings, "TAVANA_SMS_URL", "") or os.environ.get("TAVANA_SMS_URL", "")
        )
        self._key = (
            api_key
            or getattr(settings, "TAVANA_SMS_API_KEY", "")
            or os.environ.get("TAVANA_SMS_API_KEY", "")
        )
        self.sender = (
            sender
            or getattr(settings, "TAVANA_SMS_SENDER", "")
            or os.environ.get("TAVANA_SMS_SENDER", "")
        )
        self.timeout = float(
            timeout
            or getattr(settings, "TAVANA_SMS_TIMEOUT", 0)
            or os.environ.get("TAVANA_SMS_TIMEOUT", 10)
        )
        self._open = opener or urllib.request.urlopen
        if not self.url or not self._key:
            raise SmsProviderError("TAVANA_SMS_URL and TAVANA_SMS_API_KEY must be set")
        if self._key in self.url:
            raise SmsProviderError("the API key must not appear in TAVANA_SMS_URL")

    def __repr__(self) -> str:  # never show the key
        return f"HttpSmsBackend(url={self.url!r}, key=***)"

    def send(self, messages: list[SmsMessage]) -> int:
        import json
        import urllib.error
        import urllib.request

        if not messages:
            return 0
        body = json.dumps(
            {
                "sender": self.sender,
                "messages": [{"to": m.mobile, "text": m.text} for m in messages],
            },
            ensure_ascii=False,
        ).encode("utf-8")
        request = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {self._key}",
            },
        )
        try:
            with self._open(request, timeout=self.timeout) as response:
                status = getattr(response, "status", 200)
        except (urllib.error.URLError, TimeoutError, OSError) as e:
            reason = getattr(e, "reason", None) or type(e).__name__
            log.warning("SMS provider unreachable (%s messages): %s", len(messages), reason)
            raise SmsProviderError(f"SMS provider unreachable: {reason}") from None
        if not 200 <= status < 300:
            log.warning("SMS provider answered %s for %s messages", status, len(messages))
            raise SmsProviderError(f"SMS provider answered {status}")
        for m in messages:
            log.info("SMS sent to %s…%s", m.mobile[:4], m.mobile[-2:])
        return len(messages)


def sms_checked(*, mobile: str, text: str) -> str:
    """The text ready to send, or a ServiceError naming what is wrong: no mobile,
    or a text that would say why a woman is served."""
    from .errors import ServiceError
    from .labels import sms_text_check

    text = (text or "").strip()
    problem = sms_text_check(text)
    if problem:
        raise ServiceError({"text": problem}, code="labels")
    if not mobile:
        raise ServiceError({"mobile": "شمارهٔ همراه گیرنده ثبت نشده است."})
    return text
