"""The production API, as a workshop's script uses it: a token, the orders and
their progress, a week's work sent as JSON; a wrong row says which and why and
nothing is written."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tavana.accounts import roles
from tavana.core.domain.jalali import format_jalali, to_jalali_iso
from tavana.production.models import WorkLog

from . import factories as f

pytestmark = pytest.mark.django_db


def _script(user) -> tuple[Client, dict]:
    out = io.StringIO()
    call_command("api_token", "create", user.username, "--name", "کارگاه", stdout=out)
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {out.getvalue().strip()}"}


def _post(c, url, body, auth):
    return c.post(url, json.dumps(body), content_type="application/json", **auth)


def test_orders_and_their_progress_are_read_with_a_token():
    actor = f.coordinator("coord-api")
    o, item, good, _, week = f.worked_order(actor)
    c, auth = _script(actor)
    r = c.get("/api/production/orders/", **auth)
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 1 and body["results"][0]["id"] == o.pk
    assert body["results"][0]["status_label"] == o.status_label
    assert body["results"][0]["due_on_jalali"] == to_jalali_iso(o.due_on)
    r = c.get(f"/api/production/orders/{o.pk}/", **auth)
    line = r.json()["items"][0]
    assert (line["quantity"], line["made"], line["rejected"]) == (100, 40, 2)
    assert [h["target"] for h in r.json()["history"]][-1] == o.status
    r = c.get("/api/production/orders/?status=nonsense", **auth)
    assert r.status_code == 422 and "status" in r.json()["errors"]


def test_a_week_of_work_is_recorded_whole_or_refused_with_the_row_and_reason():
    actor = f.coordinator("coord-api")
    o, item, good, other, week = f.worked_order(actor)
    c, auth = _script(actor)
    url = f"/api/production/items/{item.pk}/work/"
    before = WorkLog.objects.count()
    stranger = f.home_worker(actor, {item.product: 30}, first="نرگس", last="رضایی")
    body = {"week_of": format_jalali(timezone.localdate()),
            "rows": [{"worker": good.pk, "pieces": 12}, {"worker": stranger.pk, "pieces": 5}]}  # fmt: skip
    r = _post(c, url, body, auth)
    assert r.status_code == 422
    assert r.json()["errors"] == {"rows.2.worker": "این کارکن در برنامهٔ جاری این قلم نیست."}
    assert WorkLog.objects.count() == before  # nothing half-written
    r = _post(c, url, {**body, "week_of": "۱۴۹۹/۱۳/۴۰", "rows": body["rows"][:1]}, auth)
    assert r.status_code == 422 and "week_of" in r.json()["errors"]
    r = _post(c, url, {**body, "rows": [{"worker": good.pk}]}, auth)  # no pieces at all
    assert r.status_code == 422 and "__all__" in r.json()["errors"]
    r = _post(c, url, {**body, "rows": [{"worker": good.pk, "pieces": "دوازده"}]}, auth)
    assert r.status_code == 422 and "pieces" in r.json()["errors"]
    r = _post(c, url, {**body, "rows": body["rows"][:1]}, auth)
    assert r.status_code == 201, r.content
    assert r.json()["recorded"] == 1 and r.json()["pieces"] == 12
    weeks = c.get(url, **auth).json()
    assert [w["pieces"] for w in weeks if w["worker"] == good.pk][-1] == 12
    assert "سمیه" in weeks[0]["name"]


def test_the_api_is_closed_to_roles_that_do_not_manage_production(make_user):
    registrar = make_user(roles.REGISTRAR, username="reg-api")
    c, auth = _script(registrar)
    assert c.get("/api/production/orders/", **auth).status_code == 403
    r = _post(c, "/api/production/items/1/work/", {"week_of": "1405/01/01", "rows": []}, auth)
    assert r.status_code == 403
    assert Client().get("/api/production/orders/").status_code == 401
