"""When PostgreSQL is away (a restart, a fail-over) a page says so: 503, in Persian."""

import pytest
from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import path


def _database_gone(request):
    raise OperationalError("server closed the connection unexpectedly")


urlpatterns = [path("gone/", _database_gone)]
handler500 = "tavana.core.views.error_500"  # the project's own, as in tavana.config.urls


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_lost_database_answers_503_with_a_persian_page_and_retry_after():
    r = Client(raise_request_exception=False).get("/gone/")
    assert r.status_code == 503 and r["Retry-After"] == "15"
    assert "سامانه موقتاً در دسترس نیست" in r.content.decode()
