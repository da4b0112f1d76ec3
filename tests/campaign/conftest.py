import pytest


@pytest.fixture(autouse=True)
def _fresh_throttle_and_outbox(settings):
    from django.core.cache import cache

    from tavana.core.sms import MemorySmsBackend

    settings.TAVANA_CAMPAIGN_MIN_FILL_SECONDS = 0
    cache.clear()
    MemorySmsBackend.outbox.clear()
    yield
    cache.clear()
    MemorySmsBackend.outbox.clear()
