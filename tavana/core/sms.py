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


def sms_backend():
    return import_string(settings.TAVANA_SMS_BACKEND)()


def sms_send(messages: list[SmsMessage]) -> int:
    return sms_backend().send(messages)
