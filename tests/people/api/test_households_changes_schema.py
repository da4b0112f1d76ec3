"""The REST API: same gates and audit as the pages, Persian errors per field: households, change requests, the schema."""

import datetime as dt
import json
import re

import jdatetime
import pytest
from django.test import Client

from tavana.audit.models import AuditEntry
from tavana.people import services
from tavana.people.models import Membership, Person

from .support import client_for, send

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------ households


def test_household_members_with_children_under_20_from_birth_dates(registrar, woman, districts):
    c = client_for(registrar)
    hh = woman.memberships.get().household_id
    today = dt.date.today()
    young = jdatetime.date.fromgregorian(date=today.replace(year=today.year - 12)).strftime(
        "%Y/%m/%d"
    )
    old = jdatetime.date.fromgregorian(date=today.replace(year=today.year - 25)).strftime(
        "%Y/%m/%d"
    )
    ids = []
    for first, born in (("علی", young), ("حسین", old)):
        r = send(
            c,
            "POST",
            "/api/persons",
            {
                "first_name": first,
                "last_name": "رضایی",
                "birth_date": born,
                "district": 4,
                "household": {"id": hh, "relation": "child"},
            },
        )
        assert r.status_code == 201, r.content
        ids.append(r.json()["id"])
    body = c.get(f"/api/households/{hh}").json()
    assert {m["person_id"] for m in body["members"]} == {woman.pk, *ids}
    assert body["children_under_20"] == [ids[0]]
    child = next(m for m in body["members"] if m["person_id"] == ids[0])
    assert child["age"] == 12 and child["relation_label"] == "فرزند"
    members = c.get(f"/api/households/{hh}/members").json()
    assert len(members) == 3

    other = Person.objects.create(first_name="رضا", last_name="رضایی", district=districts[4])
    r = send(
        c,
        "POST",
        f"/api/households/{hh}/members",
        {"person_id": other.pk, "relation": "spouse", "start_date": "۱۴۰۰/۰۱/۰۱"},
    )
    assert r.status_code == 201, r.content
    added = next(m for m in r.json()["members"] if m["person_id"] == other.pk)
    assert added["start_date_jalali"] == "1400-01-01"
    r = send(
        c, "POST", f"/api/households/{hh}/members", {"person_id": other.pk, "relation": "spouse"}
    )
    assert r.status_code == 422 and "person_id" in r.json()["errors"]
    r = send(
        c, "POST", f"/api/households/{hh}/members", {"person_id": woman.pk, "relation": "aunt"}
    )
    assert r.status_code == 422 and "relation" in r.json()["errors"]
    assert Membership.objects.filter(household_id=hh).count() == 4


def test_household_out_of_scope_is_404(registrar, far_woman, admin):
    services.household_add_member(actor=admin, person=far_woman, relation="head")
    hh = far_woman.memberships.get().household_id
    assert client_for(registrar).get(f"/api/households/{hh}").status_code == 404
    assert client_for(admin).get(f"/api/households/{hh}").status_code == 200


# ------------------------------------------------------------- change requests


def test_change_request_maker_checker(registrar, admin, woman):
    c = client_for(registrar)
    r = send(
        c,
        "POST",
        "/api/change-requests",
        {
            "person_id": woman.pk,
            "changes": {"first_name": "مرجان", "birth_date": "۱۳۶۰/۰۵/۱۱"},
            "reason": "اشتباه در ثبت",
        },
    )
    assert r.status_code == 201, r.content
    cr = r.json()
    assert cr["status"] == "pending" and cr["changes"]["first_name"] == ["مریم", "مرجان"]
    assert cr["changes"]["birth_date"] == ["1981-08-01", "1981-08-02"]
    assert [x["id"] for x in c.get("/api/change-requests").json()["items"]] == [cr["id"]]
    assert (
        send(c, "PATCH", f"/api/change-requests/{cr['id']}", {"decision": "approve"}).status_code
        == 403
    )
    r = send(
        c,
        "POST",
        "/api/change-requests",
        {"person_id": woman.pk, "changes": {"address": "x"}, "reason": "?"},
    )
    assert r.status_code == 422 and "address" in r.json()["errors"]
    r = send(
        c,
        "POST",
        "/api/change-requests",
        {"person_id": woman.pk, "changes": {"first_name": "مرجان"}, "reason": ""},
    )
    assert r.status_code == 422 and "reason" in r.json()["errors"]

    a = client_for(admin)
    r = send(a, "PATCH", f"/api/change-requests/{cr['id']}", {"decision": "reject"})
    assert r.status_code == 422 and "note" in r.json()["errors"]
    r = send(
        a, "PATCH", f"/api/change-requests/{cr['id']}", {"decision": "approve", "note": "با سند"}
    )
    assert r.status_code == 200 and r.json()["status"] == "approved"
    assert r.json()["decided_by"] == admin.username
    woman.refresh_from_db()
    assert woman.first_name == "مرجان" and woman.birth_date == dt.date(1981, 8, 2)
    assert AuditEntry.objects.filter(action="change_request.approve").exists()
    r = send(a, "PATCH", f"/api/change-requests/{cr['id']}", {"decision": "approve"})
    assert r.status_code == 422 and "__all__" in r.json()["errors"]
    assert (
        c.get("/api/change-requests", {"status": "approved"}).json()["items"][0]["id"] == cr["id"]
    )


def test_an_approver_cannot_decide_her_own_request(admin, woman):
    a = client_for(admin)
    cr = send(
        a,
        "POST",
        "/api/change-requests",
        {"person_id": woman.pk, "changes": {"father_name": "رضا"}, "reason": "سند"},
    ).json()
    r = send(a, "PATCH", f"/api/change-requests/{cr['id']}", {"decision": "approve"})
    assert r.status_code == 422
    woman.refresh_from_db()
    assert woman.father_name == "علی"


# ------------------------------------------------------------------- OpenAPI


def test_openapi_schema_is_served_and_lists_the_paths(registrar, admin):
    r = client_for(registrar).get("/api/openapi.json")
    assert r.status_code == 200
    schema = json.loads(r.content)
    assert schema["info"]["title"] == "توانا"
    assert schema["openapi"].startswith("3.")
    for path in [
        "/api/persons",
        "/api/persons/{person_id}",
        "/api/households/{household_id}",
        "/api/households/{household_id}/members",
        "/api/change-requests",
        "/api/change-requests/{cr_id}",
    ]:
        assert path in schema["paths"], path
    assert set(schema["paths"]["/api/persons"]) == {"get", "post"}
    assert set(schema["paths"]["/api/change-requests/{cr_id}"]) == {"get", "patch"}
    _token, raw = __import__("tavana.accounts.tokens", fromlist=["x"]).api_token_create(
        actor=admin, user=admin
    )
    assert Client().get("/api/openapi.json", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    assert Client().get("/api/docs").status_code == 401


def test_docs_page_uses_only_the_apps_own_assets(registrar):
    from django.contrib.staticfiles import finders

    r = client_for(registrar).get("/api/docs")
    assert r.status_code == 200
    html = r.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "/api/openapi.json" in html
    assert '"validatorUrl": null' in html  # no call to the online validator
    for cdn in ("cdn.jsdelivr", "unpkg.com", "cdnjs", "googleapis"):
        assert cdn not in html
    for src in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert src.startswith("/"), src
        if src.startswith("/static/"):
            assert finders.find(src.removeprefix("/static/")), src
