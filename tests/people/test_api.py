"""The REST API: same gates and audit as the pages, Persian errors per field."""

import datetime as dt
import io
import json
import re

import jdatetime
import pytest
from django.core.management import call_command
from django.test import Client

from tavana.accounts import matrix, roles
from tavana.accounts.models import ApiToken
from tavana.audit.models import AuditEntry
from tavana.core.domain.identifiers import make_national_code
from tavana.core.models import District
from tavana.people import services
from tavana.people.models import ChangeRequest, Membership, Person

pytestmark = pytest.mark.django_db

CODE = make_national_code("001234567")
OTHER_CODE = make_national_code("002345678")
CANARY_INCOME = 98765431
CANARY_HEALTH = "canary-health-7f3a"


@pytest.fixture
def districts(db):
    return {n: District.objects.create(number=n, name=f"منطقهٔ {n}") for n in (4, 9)}


@pytest.fixture
def admin(make_user, districts):
    return make_user(roles.ADMINISTRATOR, username="admin1")


@pytest.fixture
def registrar(make_user, districts):
    user = make_user(roles.REGISTRAR, username="zahra")
    user.districts.set([districts[4]])
    return user


@pytest.fixture
def woman(registrar):
    return services.person_create(
        actor=registrar,
        data={
            "national_code": CODE,
            "first_name": "مریم",
            "last_name": "رضایی‌پور",
            "father_name": "علی",
            "birth_date": "1360/05/10",
            "mobile": "09121112233",
            "district": "4",
            "monthly_income": str(CANARY_INCOME),
            "health_notes": CANARY_HEALTH,
        },
        registration={"channel": "staff", "basis": "carries"},
        household={"relation": Membership.HEAD},
    )


@pytest.fixture
def far_woman(admin):
    return services.person_create(
        actor=admin,
        data={"first_name": "سارا", "last_name": "کاظمی", "district": "9"},
    )


def client_for(user, **kw) -> Client:
    c = Client(**kw)
    c.force_login(user)
    return c


def send(client, method, url, body=None, **headers):
    call = getattr(client, method.lower())
    if body is None:
        return call(url, **headers)
    return call(url, data=json.dumps(body), content_type="application/json", **headers)


def user_of(make_user, role, districts):
    user = make_user(role, username=f"api_{role}")
    if role not in (roles.ADMINISTRATOR, roles.AUDITOR, roles.MANAGER):
        user.districts.set([districts[4]])
    return user


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
    r = send(c, "POST", "/api/persons", {"first_name": "لیلا", "last_name": "نوری"}, **auth)
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
    ("POST", "/api/persons", {"first_name": "نسرین", "last_name": "مرادی"}, "person.register"),
    ("GET", "/api/persons/{person}", None, "person.view"),
    ("GET", "/api/persons/{person}?include=sensitive", None, "person.sensitive"),
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


# ------------------------------------------------------------------- persons


def test_list_is_scoped_filtered_and_paged_by_key(registrar, woman, far_woman, districts, admin):
    c = client_for(registrar)
    ids = {p["id"] for p in c.get("/api/persons").json()["items"]}
    assert woman.pk in ids and far_woman.pk not in ids
    # any spelling, any digit script
    assert [p["id"] for p in c.get("/api/persons", {"q": "رضائي پور"}).json()["items"]] == [
        woman.pk
    ]
    persian_code = CODE.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert [p["id"] for p in c.get("/api/persons", {"q": persian_code}).json()["items"]] == [
        woman.pk
    ]
    assert [p["id"] for p in c.get("/api/persons", {"q": "0912111"}).json()["items"]] == [woman.pk]
    assert c.get("/api/persons", {"q": "کاظمی"}).json()["items"] == []  # out of scope

    for i in range(5):
        services.person_create(
            actor=admin, data={"first_name": "نگار", "last_name": f"ملکی{'ی' * i}", "district": "9"}
        )
    a = client_for(admin)
    seen, after, pages = [], None, 0
    while True:
        params = {"district": 9, "limit": 2} | ({"after": after} if after else {})
        body = a.get("/api/persons", params).json()
        seen += [p["id"] for p in body["items"]]
        pages += 1
        after = body["next"]
        if after is None:
            break
    assert len(seen) == len(set(seen)) == 6 and pages == 3
    assert seen == sorted(seen)
    r = a.get("/api/persons", {"limit": 1000})
    assert r.status_code == 422 and "limit" in r.json()["errors"]
    r = a.get("/api/persons", {"district": 9, "after": "not-a-cursor"})
    assert r.status_code == 422 and "after" in r.json()["errors"]


def test_q_ranks_like_the_search_box_and_pages_by_its_cursor(admin, districts):
    for last in ("ملکی", "ملکیان", "ملکی‌زاده", "ملکوتی"):
        services.person_create(
            actor=admin, data={"first_name": "نگار", "last_name": last, "district": "9"}
        )
    c = client_for(admin)
    body = c.get("/api/persons", {"q": "ملكي"}).json()  # Arabic kaf and yeh
    assert [p["last_name"] for p in body["items"]][0] == "ملکی"
    assert body["items"][0]["match"] == "exact"
    assert {p["match"] for p in body["items"][1:]} <= {"prefix", "substring", "fuzzy"}
    names, after = [], None
    while True:
        page = c.get(
            "/api/persons", {"q": "ملكي", "limit": 1} | ({"after": after} if after else {})
        )
        assert page.status_code == 200
        names += [p["last_name"] for p in page.json()["items"]]
        after = page.json()["next"]
        if after is None:
            break
    assert names == [p["last_name"] for p in body["items"]]
    typo = c.get("/api/persons", {"q": "نگار ملکوطی"}).json()["items"]  # one letter wrong
    assert [(p["last_name"], p["match"]) for p in typo][:1] == [("ملکوتی", "fuzzy")]


def test_person_dates_are_iso_with_jalali_beside(registrar, woman):
    body = client_for(registrar).get(f"/api/persons/{woman.pk}").json()
    assert body["birth_date"] == "1981-08-01"
    assert body["birth_date_jalali"] == "1360-05-10"
    assert body["district"] == 4
    assert body["sensitive"] is None
    assert CANARY_HEALTH not in json.dumps(body) and str(CANARY_INCOME) not in json.dumps(body)
    assert body["households"] == [woman.memberships.get().household_id]


def test_create_accepts_jalali_birth_dates_in_any_digit_script(registrar, districts):
    c = client_for(registrar)
    r = send(
        c,
        "POST",
        "/api/persons",
        {
            "first_name": "فاطمه",
            "last_name": "كريمي",
            "birth_date": "۱۳۶۵/۰۴/۱۲",
            "mobile": "+98 912 000 1122",
            "district": "۴",
            "registration": {"channel": "campaign", "consents": ["services"]},
        },
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["birth_date"] == jdatetime.date(1365, 4, 12).togregorian().isoformat()
    assert body["birth_date_jalali"] == "1365-04-12"
    assert body["mobile"] == "09120001122" and body["last_name"] == "کریمی"
    person = Person.objects.get(pk=body["id"])
    assert person.registration.channel == "campaign"
    assert AuditEntry.objects.filter(action="person.create", person_id=person.pk).exists()
    r = send(
        c,
        "POST",
        "/api/persons",
        {"first_name": "مینا", "last_name": "یزدانی", "birth_date": "1990-05-12", "district": 4},
    )
    assert r.status_code == 201 and r.json()["birth_date"] == "1990-05-12"
    r = send(
        c,
        "POST",
        "/api/persons",
        {"first_name": "مینا", "last_name": "یزدانی", "birth_date_jalali": "1369/02/22"},
    )
    assert r.status_code == 201 and r.json()["birth_date_jalali"] == "1369-02-22"


def test_create_with_bad_fields_writes_nothing_and_says_why_in_persian(registrar, districts):
    c = client_for(registrar)
    audit_before = AuditEntry.objects.count()
    r = send(
        c,
        "POST",
        "/api/persons",
        {
            "national_code": "1234567890",
            "first_name": "",
            "last_name": "احمدی",
            "birth_date": "1360/13/40",
            "mobile": "12345",
            "district": "99",
            "education": "phd",
            "household": {"relation": "head"},
        },
    )
    assert r.status_code == 422
    errors = r.json()["errors"]
    assert set(errors) == {
        "national_code",
        "first_name",
        "birth_date",
        "mobile",
        "district",
        "education",
    }
    for message in errors.values():
        assert any("\u0600" <= ch <= "\u06ff" for ch in message), message
    r = send(
        c,
        "POST",
        "/api/persons",
        {
            "national_code": "1234567890",
            "first_name": "",
            "last_name": "احمدی",
            "birth_date": "1360/13/40",
            "mobile": "12345",
            "district": "99",
            "household": {"relation": "head"},
        },
    )
    assert r.status_code == 422
    assert set(r.json()["errors"]) == {
        "national_code",
        "first_name",
        "birth_date",
        "mobile",
        "district",
    }
    r = send(c, "POST", "/api/persons", {"first_name": 12, "last_name": ["x"]})
    assert r.status_code == 422
    assert r.json()["errors"] == {
        "first_name": "مقدار این فیلد پذیرفته نیست.",
        "last_name": "مقدار این فیلد پذیرفته نیست.",
    }
    r = c.post("/api/persons", data="{not json", content_type="application/json")
    assert r.status_code == 400 and "JSON" in r.json()["errors"]["__all__"]
    assert not Person.objects.exists() and AuditEntry.objects.count() == audit_before


def test_create_refuses_a_second_national_code_and_names_the_existing(registrar, woman):
    r = send(
        client_for(registrar),
        "POST",
        "/api/persons",
        {"national_code": CODE, "first_name": "مریم", "last_name": "رضایی"},
    )
    assert r.status_code == 422
    assert r.json() == {
        "errors": {"national_code": "فردی با این کد ملی پیش‌تر ثبت شده است."},
        "code": "duplicate_national_code",
        "existing_id": woman.pk,
    }
    assert Person.objects.count() == 1


def test_create_outside_the_users_districts_is_refused(registrar, districts):
    r = send(
        client_for(registrar),
        "POST",
        "/api/persons",
        {"first_name": "مریم", "last_name": "رضایی", "district": 9},
    )
    assert r.status_code == 422 and "district" in r.json()["errors"]
    assert not Person.objects.exists()


def test_update_changes_other_fields_and_refuses_identity_fields(registrar, woman):
    c = client_for(registrar)
    r = send(
        c,
        "PATCH",
        f"/api/persons/{woman.pk}",
        {"address": "خیابان ولیعصر", "mobile": "۰۹۱۲۹۹۹۸۸۷۷"},
    )
    assert r.status_code == 200, r.content
    assert r.json()["mobile"] == "09129998877"
    assert AuditEntry.objects.filter(action="person.update", person_id=woman.pk).exists()
    r = send(c, "PATCH", f"/api/persons/{woman.pk}", {"first_name": "مرجان", "address": "x"})
    assert r.status_code == 422
    assert "درخواست اصلاح" in r.json()["errors"]["first_name"]
    woman.refresh_from_db()
    assert woman.first_name == "مریم" and woman.address == "خیابان ولیعصر"


def test_out_of_scope_person_is_404(registrar, far_woman):
    c = client_for(registrar)
    assert c.get(f"/api/persons/{far_woman.pk}").status_code == 404
    assert send(c, "PATCH", f"/api/persons/{far_woman.pk}", {"address": "x"}).status_code == 404


def test_sensitive_fields_only_to_cleared_roles_when_asked_and_audited(
    make_user, districts, woman, registrar
):
    worker = make_user(roles.SOCIAL_WORKER, username="sw")
    worker.districts.set([districts[4]])
    c = client_for(worker)
    body = c.get(f"/api/persons/{woman.pk}").json()
    assert body["sensitive"] is None
    assert not AuditEntry.objects.filter(kind=AuditEntry.KIND_READ).exists()
    r = c.get(f"/api/persons/{woman.pk}", {"include": "sensitive", "reason": "ارزیابی نیاز"})
    assert r.status_code == 200
    assert r.json()["sensitive"] == {"health_notes": CANARY_HEALTH, "monthly_income": CANARY_INCOME}
    entry = AuditEntry.objects.get(kind=AuditEntry.KIND_READ)
    assert entry.actor_id == worker.pk and entry.person_id == woman.pk
    assert set(entry.fields) == {"health_notes", "monthly_income"}
    assert entry.reason == "ارزیابی نیاز"

    r = client_for(registrar).get(f"/api/persons/{woman.pk}", {"include": "sensitive"})
    assert r.status_code == 403 and CANARY_HEALTH not in r.content.decode()
    assert AuditEntry.objects.filter(kind=AuditEntry.KIND_READ).count() == 1


def test_partner_analyst_never_gets_a_person(make_user, woman):
    c = client_for(make_user(roles.PARTNER_ANALYST))
    for url in [
        "/api/persons",
        f"/api/persons/{woman.pk}",
        f"/api/persons/{woman.pk}?include=sensitive",
    ]:
        r = c.get(url)
        assert r.status_code == 403 and "مریم" not in r.content.decode()


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
