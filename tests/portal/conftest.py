import pytest


@pytest.fixture(autouse=True)
def _fresh(settings):
    """Each test starts with no sign-in limits spent and an empty SMS outbox."""
    from django.core.cache import cache

    from tavana.core.sms import MemorySmsBackend

    cache.clear()
    MemorySmsBackend.outbox.clear()
    yield
    cache.clear()
    MemorySmsBackend.outbox.clear()
