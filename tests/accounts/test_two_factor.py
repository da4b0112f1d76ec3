"""Two-factor sign-in: who needs it, turning it on, the second step, recovery
codes, enforcement, and the administrator's reset."""

import datetime as dt
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tavana.accounts import roles, twofactor
from tavana.accounts.models import Clearance, SignIn
from tavana.audit.models import AuditEntry
from tavana.core.domain.persian_text import to_persian_digits
from tests.accounts.twofactor_helpers import code_for

pytestmark = pytest.mark.django_db
PASSWORD = "pass-for-tests-1403"


def _login(client, username):
    return client.post("/accounts/login/", {"username": username, "password": PASSWORD})


@pytest.mark.parametrize(
    ("role", "needed"),
    [
        (roles.ADMINISTRATOR, True),
        (roles.SOCIAL_WORKER, True),
        (roles.CENTRE_MANAGER, True),
        (roles.REGISTRAR, False),
        (roles.AUDITOR, False),
        (roles.PARTNER_ANALYST, False),
    ],
)
def test_who_needs_it(role, needed, make_user):
    assert twofactor.two_factor_required(make_user(role)) is needed


def test_turn_it_on_then_sign_in_with_a_code_or_a_recovery_code(client, make_user):
    user = make_user(roles.SOCIAL_WORKER, username="rana")
    client.force_login(user)
    page = client.get("/accounts/me/two-factor/").content.decode()
    assert "<svg" in page and "http" not in page.split("<svg", 1)[1].split("</svg>")[0].replace(
        "http://www.w3.org/2000/svg", ""
    )
    r = client.post("/accounts/me/two-factor/", {"code": "000000"})
    assert r.status_code == 400 and "کد درست نیست" in r.content.decode()
    r = client.post("/accounts/me/two-factor/", {"code": code_for(user)})
    assert r.status_code == 400 and "صبر کنید" in r.content.decode()  # guessing is slowed
    time.sleep(1.1)
    r = client.post("/accounts/me/two-factor/", {"code": to_persian_digits(code_for(user))})
    codes = [c for c in r.context["codes"]]
    assert len(codes) == 10 and twofactor.has_two_factor(user)
    client.logout()

    r = _login(client, "rana")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/two-factor/verify/")
    # the password alone opens nothing (`/` is the public front door: a staff page)
    assert client.get(reverse("notifications:inbox")).status_code == 302
    r = client.post("/accounts/two-factor/verify/", {"code": "123456"})
    assert r.status_code == 400 and "کد درست نیست" in r.content.decode()
    assert SignIn.objects.filter(user=user, outcome=SignIn.SECOND_FACTOR_FAILED).count() == 1
    time.sleep(1.1)
    r = client.post("/accounts/two-factor/verify/", {"code": code_for(user, steps_ahead=1)})
    assert r.status_code == 302 and client.get("/").status_code == 200
    client.post("/accounts/logout/")

    _login(client, "rana")
    assert client.post("/accounts/two-factor/verify/", {"code": codes[0]}).status_code == 302
    client.post("/accounts/logout/")
    _login(client, "rana")
    r = client.post("/accounts/two-factor/verify/", {"code": codes[0]})  # spent
    assert r.status_code == 400
    assert AuditEntry.objects.filter(action="accounts.two_factor_enable").exists()


def test_enforced_roles_set_it_up_before_anything_else(client, make_user, settings):
    settings.TAVANA_TWO_FACTOR_ENFORCED = True
    client.force_login(make_user(roles.ADMINISTRATOR))
    r = client.get("/people/search/")
    assert r.status_code == 302 and r["Location"] == "/accounts/me/two-factor/"
    assert client.get("/accounts/me/two-factor/").status_code == 200
    client.force_login(make_user(roles.REGISTRAR))
    assert client.get("/").status_code == 200


def test_where_only_reminded_the_page_says_so(client, make_user):
    client.force_login(make_user(roles.SOCIAL_WORKER))
    html = client.get("/").content.decode()
    assert 'data-testid="two-factor-reminder"' in html


def test_the_administrator_resets_a_lost_phone(client, make_user):
    admin = make_user(roles.ADMINISTRATOR, username="boss")
    user = make_user(roles.SOCIAL_WORKER, username="rana")
    twofactor.pending_device(user)
    twofactor.two_factor_enable(actor=user, code=code_for(user))
    client.force_login(admin)
    client.post(f"/accounts/staff/{user.pk}/two-factor/reset/")
    assert not twofactor.has_two_factor(user)
    assert AuditEntry.objects.filter(action="accounts.two_factor_reset").exists()


def test_a_live_clearance_needs_it_whatever_the_role(make_user):
    from tests.accounts.factories import clear_for

    registrar, manager = make_user(roles.REGISTRAR), make_user(roles.MANAGER)
    assert not twofactor.two_factor_required(registrar)
    clear_for(registrar, "children", days=1)
    clear_for(manager, "children", days=1)
    assert twofactor.two_factor_required(registrar) and twofactor.two_factor_required(manager)
    Clearance.objects.filter(user=registrar).update(cleared=False)
    assert not twofactor.two_factor_required(registrar)


def _clearance_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        answer = client.get(url)
    return answer, [q["sql"] for q in ctx.captured_queries if "accounts_clearance" in q["sql"]]


def test_a_registrar_given_a_clearance_sets_it_up_before_anything_else_until_it_ends(
    client, make_user, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """Without a clearance she is not asked; once a second administrator approves
    one, her very next page is the set-up; revoked, or past its date, she is free
    again. Her sessions ask about clearances once, not on every page."""
    from django.utils import timezone

    from tavana.accounts import clearances

    settings.TAVANA_TWO_FACTOR_ENFORCED = True
    maryam = make_user(roles.ADMINISTRATOR, username="maryam")
    shirin = make_user(roles.ADMINISTRATOR, username="shirin")
    zahra = make_user(roles.REGISTRAR, username="zahra")
    client.force_login(zahra)
    answer, asked = _clearance_queries(client, "/people/search/")
    assert answer.status_code == 200 and len(asked) == 1
    answer, asked = _clearance_queries(client, "/people/search/")
    assert answer.status_code == 200 and asked == []  # kept in her session

    def grant(days):
        with django_capture_on_commit_callbacks(execute=True):
            row = clearances.clearance_request(
                actor=maryam,
                area="children",
                user=zahra,
                expires_on=timezone.localdate() + dt.timedelta(days=days),
                reason="ثبت کارنامه‌های فرزندان",
            )
            clearances.clearance_decide(actor=shirin, clearance=row, approve=True)
        return row

    row = grant(2)
    for url in ("/people/search/", "/", "/youth/", "/notifications/"):
        answer = client.get(url)
        assert answer.status_code == 302 and answer["Location"] == "/accounts/me/two-factor/", url
    assert client.get("/accounts/me/two-factor/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        clearances.clearance_revoke(actor=shirin, clearance=row)
    assert client.get("/people/search/").status_code == 200

    row = grant(2)
    assert client.get("/people/search/").status_code == 302
    # three days on, the clearance has ended by itself: nothing is asked of her
    later = timezone.localdate() + dt.timedelta(days=3)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: later)
    assert client.get("/people/search/").status_code == 200
    monkeypatch.undo()

    # while it is live she turns it on, and from then on signs in with a code
    assert client.get("/people/search/").status_code == 302
    r = client.post("/accounts/me/two-factor/", {"code": code_for(zahra)})
    assert r.status_code == 200 and len(r.context["codes"]) == 10
    assert client.get("/people/search/").status_code == 200
    client.post("/accounts/logout/")
    r = _login(client, "zahra")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/two-factor/verify/")


def test_the_staff_page_says_a_cleared_registrar_needs_it(client, make_user):
    from tests.accounts.factories import clear_for

    zahra = make_user(roles.REGISTRAR, username="zahra")
    client.force_login(make_user(roles.ADMINISTRATOR))
    assert "صلاحیت دسترسی او" not in client.get(f"/accounts/staff/{zahra.pk}/").content.decode()
    clear_for(zahra, "children")
    assert "صلاحیت دسترسی او" in client.get(f"/accounts/staff/{zahra.pk}/").content.decode()
