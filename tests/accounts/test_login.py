import time

import pytest
from django.conf import settings
from django.urls import reverse

from tavana.accounts import roles
from tavana.accounts.middleware import LOGIN_AT

PASSWORD = "pass-for-tests-1403"


@pytest.mark.django_db
def test_login_in_persian_and_session_key_rotates(client, make_user):
    make_user(roles.REGISTRAR, username="zahra")
    page = client.get(reverse("accounts:login"))
    assert "ورود به توانا" in page.content.decode()
    client.cookies[settings.SESSION_COOKIE_NAME] = "attacker-chosen-key"
    before = client.session.session_key
    response = client.post(reverse("accounts:login"), {"username": "zahra", "password": PASSWORD})
    assert response.status_code == 302
    after = client.session.session_key
    assert after and after != before and after != "attacker-chosen-key"
    home = client.get(reverse("core:home"))
    assert "کارشناس ثبت" in home.content.decode()


@pytest.mark.django_db
def test_wrong_password_says_so_in_persian_and_keeps_username(client, make_user):
    make_user(roles.REGISTRAR, username="zahra")
    response = client.post(reverse("accounts:login"), {"username": "zahra", "password": "bad"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "نام کاربری یا گذرواژه درست نیست" in body
    assert 'value="zahra"' in body


@pytest.mark.django_db
def test_lockout_after_five_failures_for_username_and_address(client, make_user):
    make_user(roles.REGISTRAR, username="zahra")
    url = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "zahra", "password": "bad"})
    locked = client.post(url, {"username": "zahra", "password": PASSWORD})
    assert locked.status_code == 429
    assert "ورود موقتاً بسته است" in locked.content.decode()
    # Another user from the same address is not locked out.
    make_user(roles.AUDITOR, username="shima")
    ok = client.post(url, {"username": "shima", "password": PASSWORD})
    assert ok.status_code == 302


@pytest.mark.django_db
def test_absolute_session_timeout_signs_out(client, make_user):
    client.force_login(make_user(roles.MANAGER))
    assert client.get(reverse("notifications:inbox")).status_code == 200
    session = client.session
    session[LOGIN_AT] = time.time() - settings.SESSION_ABSOLUTE_TIMEOUT - 5
    session.save()
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert client.get(reverse("notifications:inbox")).status_code == 302
    # `/` is then the public front door, no longer her home
    assert 'data-testid="staff-sign-in"' in client.get("/").content.decode()


def test_idle_timeout_is_configured():
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher") or settings.DEBUG is False


@pytest.mark.django_db
def test_logout_needs_post(client, make_user):
    client.force_login(make_user(roles.MANAGER))
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("notifications:inbox")).status_code == 302  # signed out
    assert 'data-testid="staff-sign-in"' in client.get(reverse("core:home")).content.decode()
