"""The REST API: same gates and audit as the pages, Persian errors per field: persons."""

import json

import jdatetime
import pytest

from tavana.accounts import roles
from tavana.audit.models import AuditEntry
from tavana.people import services
from tavana.people.models import Person

from .support import CANARY_HEALTH, CANARY_INCOME, CODE, client_for, send

pytestmark = pytest.mark.django_db


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
        {
            "first_name": "مینا",
            "last_name": "یزدانی",
            "birth_date_jalali": "1369/02/22",
            "district": 4,
        },
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
        {"national_code": CODE, "first_name": "مریم", "last_name": "رضایی", "district": 4},
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
