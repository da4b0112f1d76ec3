"""What the tests of her own pages share: a session signed in as her, and an
empty SMS outbox around each test."""

import time

import pytest

from tavana.core.sms import MemorySmsBackend
from tavana.portal import access


def signed_in(client, person):
    """The client with her portal session, as after the SMS code (tested in test_portal)."""
    assert person._meta.label == "people.Person", person  # not her producer or worker row
    s = client.session
    s[access.KEY], s[access.SINCE] = person.pk, int(time.time())
    s.save()
    return client


@pytest.fixture
def empty_outbox():
    MemorySmsBackend.outbox.clear()
    yield MemorySmsBackend.outbox
    MemorySmsBackend.outbox.clear()
