"""The youth API: the pages' gates (role, clearance for children's data, scope),
audited reads, Persian messages per field, nothing half-written."""

import datetime as dt
import json

import pytest
from django.test import Client

from tavana.accounts import roles
from tavana.accounts.tokens import api_token_create
from tavana.audit.models import AuditEntry
from tavana.casework.models import Delivery
from tavana.youth import services
from tavana.youth.models import Intervention, RiskFlag, TermResult

from .factories import clear_for_children, make_family, make_school

pytestmark = pytest.mark.django_db


def bearer(user) -> Client:
    _, raw = api_token_create(actor=None, user=user, days=30)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def kid(worker, d4):
    _, (kid,) = make_family(district=d4, children=(("سارا", 2011),))
    services.school_year_record(
        actor=worker, child=kid, year=1403, grade=8, school=make_school(district=d4)
    )
    services.term_result_record(actor=worker, child=kid, year=1403, term=1, average="16")
    services.term_result_record(actor=worker, child=kid, year=1403, term=2, average="11")
    return kid


def test_a_cleared_social_worker_reads_her_risk_list_and_a_record_each_read_audited(worker, kid):
    api = bearer(worker)
    body = api.get("/api/youth/risk-list").json()
    assert body["total"] == 1 and body["items"][0]["name"] == "سارا رضایی"
    assert {f["indicator"] for f in body["items"][0]["flags"]} == {"low_average", "average_drop"}
    record = api.get(f"/api/youth/children/{kid.pk}").json()
    assert [r["average"] for r in record["results"]] == ["11.00", "16.00"] or [
        float(r["average"]) for r in record["results"]
    ] == [11, 16]
    assert api.get(f"/api/youth/children/{kid.pk}/results").status_code == 200
    reads = AuditEntry.objects.filter(actor_id=worker.pk, person_id=kid.pk)
    assert reads.filter(action="youth.read_flags").count() == 1
    assert reads.filter(action="youth.read_record").count() == 2


def test_without_clearance_or_outside_scope_the_child_is_not_found(make_user, kid, d9):
    uncleared = make_user(roles.SOCIAL_WORKER, username="no-clear")
    uncleared.districts.set([kid.district])
    api = bearer(uncleared)
    assert api.get("/api/youth/risk-list").json() == {"items": [], "total": 0}
    r = api.get(f"/api/youth/children/{kid.pk}")
    assert r.status_code == 404 and r.json() == {"detail": "پیدا نشد."}
    elsewhere = make_user(roles.SOCIAL_WORKER, username="far")
    elsewhere.districts.set([d9])
    clear_for_children(elsewhere)
    assert bearer(elsewhere).get(f"/api/youth/children/{kid.pk}").status_code == 404
    registrar = clear_for_children(make_user(roles.REGISTRAR, username="reg-api")).user
    r = bearer(registrar).get(f"/api/youth/children/{kid.pk}")
    assert r.status_code == 403 and r.json()["detail"] == "دسترسی مجاز نیست."
    assert not AuditEntry.objects.filter(action="youth.read_record").exists()


def test_a_result_is_refused_per_field_in_persian_and_nothing_is_written(worker, kid):
    api = bearer(worker)
    url = f"/api/youth/children/{kid.pk}/results"
    r = api.post(
        url,
        json.dumps({"year": "۱۴۰۳", "term": "x", "average": "۲۲"}),
        content_type="application/json",
    )
    assert r.status_code == 422
    assert set(r.json()["errors"]) == {"term"} and "نوبت" in r.json()["errors"]["term"]
    r = api.post(
        url,
        json.dumps({"year": "۱۴۰۳", "term": "۲", "average": "۲۲", "marks": {"math": "x"}}),
        content_type="application/json",
    )
    assert r.status_code == 422 and {"average", "mark_math"} <= set(r.json()["errors"])
    assert TermResult.objects.get(child=kid, year=1403, term=2).average == 11
    r = api.post(
        url,
        json.dumps({"year": 1403, "term": 2, "average": "۱۴٫۵"}),
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["outcome"] == "updated"
    assert TermResult.objects.get(child=kid, year=1403, term=2).average == 14.5


def test_an_intervention_through_the_api_is_also_the_mothers_service(worker, kid):
    api = bearer(worker)
    flag = RiskFlag.objects.get(child=kid, indicator="average_drop")
    url = f"/api/youth/flags/{flag.pk}/interventions"
    r = api.post(
        url,
        json.dumps({"kind": "referral", "started_on": "۱۴۰۳/۱۳/۰۱", "partner": 999999}),
        content_type="application/json",
    )
    assert r.status_code == 422
    assert set(r.json()["errors"]) == {"started_on", "partner"}
    assert not Intervention.objects.exists() and not Delivery.objects.exists()
    today = dt.date.today().isoformat()
    r = api.post(
        url, json.dumps({"kind": "tutoring", "started_on": today}), content_type="application/json"
    )
    assert r.status_code == 201 and r.json()["kind_label"] == "کلاس تقویتی"
    i = Intervention.objects.get()
    assert i.delivery is not None and i.delivery.service.name == "حمایت آموزشی فرزند"
    listed = api.get(url).json()
    assert [x["id"] for x in listed] == [i.pk]
    r = api.post(url, "{not json", content_type="application/json")
    assert r.status_code in (400, 422) and "errors" in r.json()
