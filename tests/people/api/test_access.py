"""The REST API: same gates and audit as the pages, Persian errors per field: who may call what."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from tavana.accounts import matrix, roles
from tavana.accounts.models import ApiToken
from tavana.audit.models import AuditEntry
from tavana.people.models import ChangeRequest, Person

from .support import CANARY_HEALTH, client_for, send, user_of

pytestmark = pytest.mark.django_db


# -------------------------------------------------------------- authentication


def test_anonymous_gets_401_with_a_persian_reason(woman):
    c = Client()
    hh = woman.memberships.get().household_id
    for method, url in [
        ("GET", "/api/persons"),
        ("POST", "/api/persons"),
        ("GET", f"/api/persons/{woman.pk}"),
        ("PATCH", f"/api/persons/{woman.pk}"),
        ("GET", f"/api/households/{hh}"),
        ("GET", "/api/change-requests"),
        ("GET", "/api/openapi.json"),
    ]:
        r = send(c, method, url, {} if method != "GET" else None)
        assert r.status_code == 401, (method, url, r.status_code)
        assert "وارد سامانه" in r.json()["detail"]
        assert r["WWW-Authenticate"] == "Bearer"
    assert Person.objects.count() == 1


def test_token_made_by_the_command_works_and_is_stored_hashed(registrar, woman):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "api_token", "create", registrar.username, "--name", "اسکریپت", stdout=out, stderr=err
    )
    raw = out.getvalue().strip()
    assert raw.startswith("tvn_") and len(raw) > 30
    token = ApiToken.objects.get()
    assert token.user == registrar and raw not in token.digest and token.last_used_at is None
    assert AuditEntry.objects.filter(action="api_token.create").exists()

    c = Client()  # no session, no CSRF token: a script
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    r = c.get("/api/persons", **auth)
    assert r.status_code == 200
    assert [p["id"] for p in r.json()["items"]] == [woman.pk]
    body = {"first_name": "لیلا", "last_name": "نوری", "district": 4}
    r = send(c, "POST", "/api/persons", body, **auth)
    assert r.status_code == 201, r.content
    token.refresh_from_db()
    assert token.last_used_at is not None

    call_command("api_token", "revoke", token.prefix, stdout=io.StringIO())
    assert c.get("/api/persons", **auth).status_code == 401
    assert c.get("/api/persons", HTTP_AUTHORIZATION="Bearer tvn_not-a-token").status_code == 401


def test_session_writes_need_the_csrf_token(registrar, districts):
    c = client_for(registrar, enforce_csrf_checks=True)
    body = {"first_name": "لیلا", "last_name": "نوری", "district": 4}
    assert c.get("/api/persons").status_code == 200  # reads need none
    r = send(c, "POST", "/api/persons", body)
    assert r.status_code == 403
    assert "CSRF" in r.json()["detail"]
    assert not Person.objects.exists()
    secret = "k" * 32  # what a browser holds after any page of the app
    c.cookies["csrftoken"] = secret
    r = send(c, "POST", "/api/persons", body, HTTP_X_CSRFTOKEN=secret)
    assert r.status_code == 201, r.content


# ------------------------------------------------------------ the matrix, per endpoint

ENDPOINTS = [
    # (method, path template, body, action)
    ("GET", "/api/persons", None, "person.view"),
    (
        "POST",
        "/api/persons",
        {"first_name": "نسرین", "last_name": "مرادی", "district": 4},
        "person.register",
    ),
    ("GET", "/api/persons/{person}", None, "person.view"),
    ("GET", "/api/persons/{person}?include=sensitive&reason=ارزیابی", None, "person.sensitive"),
    ("PATCH", "/api/persons/{person}", {"occupation": "خیاط"}, "person.edit"),
    ("GET", "/api/households/{household}", None, "person.view"),
    ("GET", "/api/households/{household}/members", None, "person.view"),
    ("POST", "/api/households/{household}/members", "member", "person.register"),
    ("GET", "/api/change-requests", None, "person.edit"),
    ("POST", "/api/change-requests", "change", "person.edit"),
    ("GET", "/api/change-requests/{cr}", None, "person.edit"),
    (
        "PATCH",
        "/api/change-requests/{cr}",
        {"decision": "reject", "note": "مدرک نیست"},
        "person.change_approve",
    ),
]


@pytest.mark.parametrize("role", roles.ROLES)
def test_every_endpoint_answers_every_role_as_the_matrix_says(
    role, make_user, districts, woman, registrar
):
    user = user_of(make_user, role, districts)
    household = woman.memberships.get().household_id
    c = client_for(user)
    for method, template, body, action in ENDPOINTS:
        child = Person.objects.create(first_name="سینا", last_name="رضایی", district=districts[4])
        cr = ChangeRequest.objects.create(
            person=woman,
            changes={"father_name": ["علی", "علیرضا"]},
            reason="اشتباه",
            # anyone but an approver sees only her own requests
            requested_by=registrar if matrix.can(role, "person.change_approve") else user,
        )
        if body == "member":
            body = {"person_id": child.pk, "relation": "child"}
        elif body == "change":
            body = {"person_id": woman.pk, "changes": {"father_name": "علیرضا"}, "reason": "سند"}
        url = template.format(person=woman.pk, household=household, cr=cr.pk)
        r = send(c, method, url, body)
        if role == roles.PARTNER_ANALYST:
            assert r.status_code == 403, (method, url)  # never a person, never a list
        if matrix.can(role, action):
            assert r.status_code in (200, 201), (role, method, url, r.status_code, r.content)
        else:
            assert r.status_code == 403, (role, method, url, r.status_code)
            assert r.json() == {"detail": "دسترسی مجاز نیست."}
            assert CANARY_HEALTH not in r.content.decode()
