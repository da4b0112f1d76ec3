"""Security finding 8: the login lockout counted per username and address only
(120 wrong passwords over 30 usernames from one address were all answered), and
behind an untrusted proxy everyone shared the proxy's address. Also: staff had
no page to change their own password."""

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from tavana.accounts import roles
from tavana.accounts.models import UserSession
from tavana.accounts.views import FAILURES_PER_ADDRESS
from tavana.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "pass-for-tests-1403"
PROXY = "10.0.0.5"


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


def test_wrong_passwords_across_usernames_lock_the_address(client, make_user):
    make_user(roles.REGISTRAR, username="zahra")
    url = reverse("accounts:login")
    answered = 0
    for i in range(120):
        r = client.post(url, {"username": f"guess{i % 30}", "password": "bad"})
        answered += r.status_code == 200
    assert answered == FAILURES_PER_ADDRESS[0]  # then every try is refused
    r = client.post(url, {"username": "zahra", "password": PASSWORD})
    assert r.status_code == 429 and "از این نشانی" in r.content.decode()
    # another address signs in
    other = Client(REMOTE_ADDR="192.0.2.44")
    assert other.post(url, {"username": "zahra", "password": PASSWORD}).status_code == 302


@override_settings(TRUSTED_PROXIES=(PROXY + "/32",))
def test_behind_a_trusted_proxy_each_client_has_her_own_count(make_user):
    make_user(roles.REGISTRAR, username="zahra")
    url = reverse("accounts:login")
    guesser = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")
    for i in range(FAILURES_PER_ADDRESS[0] + 5):
        guesser.post(url, {"username": f"guess{i}", "password": "bad"})
    assert guesser.post(url, {"username": "zahra", "password": PASSWORD}).status_code == 429
    # five wrong passwords for zahra from the guesser lock zahra out only there
    colleague = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert colleague.post(url, {"username": "zahra", "password": PASSWORD}).status_code == 302


def test_she_changes_her_own_password_and_other_sessions_end(make_user):
    user = make_user(roles.SOCIAL_WORKER, username="fateme")
    here, elsewhere = Client(), Client()
    for c in (here, elsewhere):
        c.post(reverse("accounts:login"), {"username": "fateme", "password": PASSWORD})
    assert UserSession.objects.filter(user=user, ended_at__isnull=True).count() == 2
    url = reverse("accounts:password_change")
    assert "تغییر گذرواژه" in here.get(reverse("accounts:account")).content.decode()
    new = "nasim-e-sahar-1403-ab"
    bad = here.post(url, {"old_password": "wrong", "new_password1": new, "new_password2": new})
    assert bad.status_code == 400 and "گذرواژهٔ کنونی درست نیست" in bad.content.decode()
    weak = here.post(
        url, {"old_password": PASSWORD, "new_password1": "123", "new_password2": "123"}
    )
    assert weak.status_code == 400
    ok = here.post(url, {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert ok.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    assert here.get(reverse("accounts:account")).status_code == 200  # still signed in here
    assert elsewhere.get(reverse("accounts:account")).status_code == 302  # ended there
    assert Session.objects.count() == 1
    assert AuditEntry.objects.filter(action="accounts.password_change").exists()
