"""A member of staff's page, submitted wrong and right: her role and scope, her
deactivation (a refusal comes back beside its field with what was chosen kept),
her current sessions ended from the page — each change audited."""

import re

import pytest
from django.test import Client

from tavana.accounts import roles
from tavana.accounts.models import UserSession
from tavana.audit.models import AuditEntry
from tavana.core.models import District

pytestmark = pytest.mark.django_db

PASSWORD = "pass-for-tests-1403"


@pytest.fixture
def admin(client, make_user):
    boss = make_user(roles.ADMINISTRATOR, username="boss")
    client.force_login(boss)
    return boss


def _error(page: str, field: str) -> str:
    return re.search(rf'data-field="{field}">([^<]+)<', page).group(1)


def test_role_and_districts_wrong_then_right(client, admin, make_user):
    member = make_user(roles.SOCIAL_WORKER, username="fatemeh")
    d4 = District.objects.get_or_create(number=4, defaults={"name": "منطقهٔ ۴"})[0]
    url = f"/accounts/staff/{member.pk}/"
    data = {
        "first_name": "فاطمه",
        "last_name": "احمدی",
        "mobile": "۰۹۱۲۱۱۱۲۲۳۳",
        "role": roles.REGISTRAR,
    }
    wrong = client.post(url, data)
    page = wrong.content.decode()
    assert wrong.status_code == 400 and "منطقه" in _error(page, "districts")
    assert 'value="احمدی"' in page  # what she typed is kept
    member.refresh_from_db()
    assert member.role == roles.SOCIAL_WORKER
    right = client.post(url, {**data, "districts": [d4.pk]})
    assert right.status_code == 302
    member.refresh_from_db()
    assert member.role == roles.REGISTRAR and list(member.districts.all()) == [d4]
    assert AuditEntry.objects.filter(action="accounts.user_update").exists()


def test_deactivate_wrong_keeps_the_choice_then_right(client, admin, make_user):
    member = make_user(roles.SOCIAL_WORKER, username="fatemeh")
    colleague = make_user(roles.SOCIAL_WORKER, username="leila")
    url = f"/accounts/staff/{member.pk}/deactivate/"
    wrong = client.post(url, {"reason": "", "handover_to": colleague.pk})
    page = wrong.content.decode()
    assert wrong.status_code == 400 and re.search("[\u0600-\u06ff]", _error(page, "reason"))
    assert f'value="{colleague.pk}" selected' in page  # her choice is kept
    member.refresh_from_db()
    assert member.is_active

    own = client.post(f"/accounts/staff/{admin.pk}/deactivate/", {"reason": "آزمون"})
    assert own.status_code == 400 and "حساب خودتان" in own.content.decode()

    right = client.post(url, {"reason": "بازنشستگی", "handover_to": colleague.pk})
    assert right.status_code == 302
    member.refresh_from_db()
    assert not member.is_active
    assert AuditEntry.objects.get(action="accounts.user_deactivate").reason == "بازنشستگی"
    again = client.post(f"/accounts/staff/{member.pk}/activate/")
    assert again.status_code == 302
    member.refresh_from_db()
    assert member.is_active


@pytest.mark.parametrize(
    "engine",
    [
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cache",  # production's (Redis)
    ],
)
def test_her_current_sessions_are_listed_and_ended_one_or_all(
    client, admin, make_user, settings, engine
):
    settings.SESSION_ENGINE = engine
    client.force_login(admin)
    member = make_user(roles.SOCIAL_WORKER, username="fatemeh")
    office, home = Client(), Client(HTTP_USER_AGENT="Firefox at home")
    for browser in (office, home):
        r = browser.post("/accounts/login/", {"username": "fatemeh", "password": PASSWORD})
        assert r.status_code == 302
    assert (
        office.get("/accounts/me/").status_code == 200
        and home.get("/accounts/me/").status_code == 200
    )
    page = client.get(f"/accounts/staff/{member.pk}/").content.decode()
    assert "Firefox at home" in page
    sessions = UserSession.objects.filter(user=member, ended_at__isnull=True)
    assert sessions.count() == 2
    at_home = sessions.get(user_agent__contains="Firefox")
    client.post(f"/accounts/staff/{member.pk}/sessions/end/", {"session": [at_home.pk]})
    assert home.get("/accounts/me/").status_code == 302  # signed out there
    assert office.get("/accounts/me/").status_code == 200  # still in at the office
    client.post(f"/accounts/staff/{member.pk}/sessions/end/", {})
    assert office.get("/accounts/me/").status_code == 302
    assert AuditEntry.objects.filter(action="accounts.sessions_end").count() == 2
    assert "پایان دادن به نشست‌های کارمند" in client.get("/audit/").content.decode()


def test_sign_in_history_and_sessions_show_addresses_in_persian_digits_isolated_ltr(
    client, admin, make_user
):
    make_user(roles.REGISTRAR, username="zahra")
    browser = Client(REMOTE_ADDR="10.20.30.40")
    assert browser.post("/accounts/login/", {"username": "zahra", "password": "no"}).status_code
    r = browser.post("/accounts/login/", {"username": "zahra", "password": PASSWORD})
    assert r.status_code == 302
    member = UserSession.objects.get(user__username="zahra").user
    for page in (
        client.get(f"/accounts/staff/{member.pk}/").content.decode(),
        browser.get("/accounts/me/").content.decode(),
    ):
        shown = re.findall(r'<bdi dir="ltr" data-testid="ip">([^<]*)</bdi>', page)
        assert "۱۰.۲۰.۳۰.۴۰" in shown  # the session, and each sign-in of the history
        assert len(shown) >= 2 and "10.20.30.40" not in page


def test_a_clearance_asked_wrong_shows_every_fault_at_once(client, admin, make_user):
    from tavana.accounts.models import Clearance

    make_user(roles.ADMINISTRATOR, username="shirin")
    make_user(roles.REGISTRAR, username="zahra")
    r = client.post(
        "/accounts/clearances/children/",
        {"request": "1", "username": "zahra", "expires_on": "۱۴۰۰/۰۱/۰۱", "reason": ""},
    )
    page = r.content.decode()
    assert r.status_code == 400
    assert _error(page, "expires_on") == "تاریخ پایان اعتبار باید بعد از امروز باشد."
    assert "نیاز دارد" in _error(page, "reason")
    assert 'value="zahra"' in page and not Clearance.objects.exists()
