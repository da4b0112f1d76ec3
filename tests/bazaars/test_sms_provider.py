"""The SMS provider adapter: timeouts, key only in a header, never in URLs or logs."""

import json
import logging
import urllib.error

import pytest

from tavana.core.sms import HttpSmsBackend, SmsMessage, SmsProviderError

KEY = "sk-test-7f3a9c"


class _Response:
    status = 200

    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False


def test_the_key_goes_in_a_header_with_a_timeout(caplog):
    seen = {}

    def opener(request, timeout):
        seen.update(url=request.full_url, headers=dict(request.header_items()), timeout=timeout)
        seen["body"] = json.loads(request.data.decode())
        return _Response()

    backend = HttpSmsBackend(
        url="https://sms.example.test/send", api_key=KEY, timeout=4, opener=opener
    )
    with caplog.at_level(logging.INFO, logger="tavana.sms"):
        assert backend.send([SmsMessage("09121234567", "غرفهٔ شما")]) == 1
    assert KEY not in seen["url"] and seen["timeout"] == 4.0
    assert seen["headers"]["Authorization"] == f"Bearer {KEY}"
    assert seen["body"]["messages"] == [{"to": "09121234567", "text": "غرفهٔ شما"}]
    assert KEY not in caplog.text and "09121234567" not in caplog.text
    assert KEY not in repr(backend)


def test_a_timeout_is_reported_without_the_key(caplog):
    def opener(request, timeout):
        raise urllib.error.URLError(TimeoutError("timed out"))

    backend = HttpSmsBackend(url="https://sms.example.test/send", api_key=KEY, opener=opener)
    with caplog.at_level(logging.INFO, logger="tavana.sms"), pytest.raises(SmsProviderError) as e:
        backend.send([SmsMessage("09121234567", "x")])
    assert KEY not in str(e.value) and KEY not in caplog.text


def test_a_key_in_the_url_is_refused():
    with pytest.raises(SmsProviderError):
        HttpSmsBackend(url=f"https://sms.example.test/{KEY}/send", api_key=KEY)


def test_settings_supply_url_and_key(settings):
    settings.TAVANA_SMS_URL = "https://sms.example.test/send"
    settings.TAVANA_SMS_API_KEY = KEY
    assert HttpSmsBackend().url == "https://sms.example.test/send"
