"""Constants and helpers of the API's tests."""

import json

from django.test import Client

from tavana.accounts import roles
from tavana.core.domain.identifiers import make_national_code

CODE = make_national_code("001234567")
OTHER_CODE = make_national_code("002345678")
CANARY_INCOME = 98765431
CANARY_HEALTH = "canary-health-7f3a"


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
