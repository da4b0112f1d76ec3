"""Security finding 12: search text was not length-limited in the API and the
export; `/api/persons?q=` with a 300-word query answered 500 («too many SQL
variables»), as HTML rather than JSON."""

import pytest
from django.test import Client
from django.urls import reverse

from tavana.accounts import roles
from tavana.core.models import District
from tavana.people.models import Person

pytestmark = pytest.mark.django_db

LONG = " ".join(f"واژه{i}" for i in range(300))


@pytest.fixture
def registrar(make_user):
    d = District.objects.create(number=4, name="منطقه ۴")
    user = make_user(roles.REGISTRAR, username="zahra")
    user.districts.set([d])
    Person.objects.create(first_name="مریم", last_name="رضایی", district=d, name_key="مریم رضایی")
    return user


def test_api_refuses_a_long_query_in_json(client, registrar):
    client.force_login(registrar)
    for params in ({"q": LONG}, {"q": LONG, "district": 4}, {"q": "ب" * 101}):
        r = client.get("/api/persons", params)
        assert r.status_code == 422, r.content[:200]
        assert r["Content-Type"].startswith("application/json")
        body = r.json()
        assert body["code"] == "query_too_long" and "بیش از اندازه بلند" in body["errors"]["q"]
    assert client.get("/api/persons", {"q": "مریم"}).status_code == 200


def test_export_and_search_box_limit_it_too(client, registrar, make_user):
    client.force_login(registrar)
    r = client.get(reverse("people_export:persons"), {"q": LONG})
    assert r.status_code == 400 and "بیش از اندازه بلند" in r.content.decode()
    page = client.get(reverse("search:persons"), {"q": LONG})  # the box trims, never fails
    assert page.status_code == 200


def test_any_unexpected_api_error_answers_json(registrar, monkeypatch):
    from tavana.people.api import endpoints

    def boom(**kwargs):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(endpoints, "person_filter", boom)
    c = Client(raise_request_exception=False)
    c.force_login(registrar)
    r = c.get("/api/persons", {"district": 4})
    assert r.status_code == 500 and r["Content-Type"].startswith("application/json")
    assert "پیش‌بینی‌نشده" in r.json()["detail"] and "locked" not in r.content.decode()
