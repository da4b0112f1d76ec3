import pytest
from hypothesis import HealthCheck, settings

from tavana.accounts import roles
from tavana.accounts.models import User

# Property tests judge behaviour, never speed (timings stay out of pytest): no
# per-example deadline, which a CI machine shared with other jobs would trip.
settings.register_profile("tavana", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("tavana")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """`migrate` ships Tehran's districts (core 0006), but tests that flush the
    database lose them while others keep them. So every test starts from a city
    with no districts and builds the geography it needs (tests/core/test_geography
    checks what the migration loads)."""
    from django.db import connections

    from tavana.core.models import District, Neighbourhood

    with django_db_blocker.unblock():
        Neighbourhood.objects.all().delete()
        District.objects.all().delete()
        # Flushing tests start from what the migrations seeded (support levels,
        # categories, ...) rather than from an empty database: take the
        # snapshot they restore after the districts are gone.
        for conn in connections.all():
            if hasattr(conn, "_test_serialized_contents"):
                conn._test_serialized_contents = conn.creation.serialize_db_to_string()


def _flushes(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return (
        "live_server" in item.fixturenames
        or "transactional_db" in item.fixturenames
        or (marker is not None and bool(marker.kwargs.get("transaction")))
    )


def pytest_collection_modifyitems(items):
    """A test that flushes the database empties what the migrations seeded, and
    the next flushing test would find no support ladder, no categories, no
    duplicate rules. Each flushing test restores the seeded database first
    (Django's serialized rollback) so no test depends on which ran before it."""
    for item in items:
        if _flushes(item):
            marker = item.get_closest_marker("django_db")
            kwargs = dict(marker.kwargs) if marker else {}
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.fixture
def make_user(db):
    def make(role: str, username: str | None = None, **extra) -> User:
        username = username or f"u_{role}"
        user = User.objects.create_user(
            username=username,
            password="pass-for-tests-1403",
            role=role,
            first_name="کاربر",
            last_name=roles.ROLE_LABELS.get(role, ""),
            **extra,
        )
        return user

    return make


@pytest.fixture
def client_as(client, make_user):
    """A test client signed in with a fresh user of the given role."""

    def as_role(role: str):
        user = make_user(role)
        client.force_login(user)
        client.user = user
        return client

    return as_role


@pytest.fixture(autouse=True)
def _audit_triggers_for_flushing_tests(request):
    """Tests that flush the database (live server, transaction=True) must empty the
    append-only audit table: lift its triggers for the flush, restore them first
    thing in the next such test."""
    marker = request.node.get_closest_marker("django_db")
    flushing = "live_server" in request.fixturenames or (
        marker is not None and marker.kwargs.get("transaction")
    )
    if not flushing:
        yield
        return
    from django.db import connection

    from tavana.audit.triggers import install_append_only, remove_append_only

    request.getfixturevalue("transactional_db")
    install_append_only(connection)
    yield
    remove_append_only(connection)


@pytest.fixture(autouse=True)
def _empty_caches():
    """Every test starts with empty caches: a flushed database reuses ids, and a
    page cached for an earlier test's record (a card, a figure, a throttle's
    count) must not answer for this one's."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
