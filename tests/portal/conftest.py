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


@pytest.fixture
def sign_in(client):
    """Sign the test client in as the woman with `mobile`, with the code sent to it."""
    import re

    from django.urls import reverse

    from tavana.core.sms import MemorySmsBackend

    def run(mobile="09121234567"):
        client.post(reverse("portal:sign_in"), {"mobile": mobile})
        code = re.search(r"(\d{5})", MemorySmsBackend.outbox[-1].text).group(1)
        assert client.post(reverse("portal:code"), {"code": code}).status_code == 302
        return client

    return run
