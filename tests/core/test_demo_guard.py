"""Security finding 3: `tavana demo` ran against a production database and created
36 accounts with published passwords, a superuser among them."""

import pytest
from django.core.management import CommandError, call_command

from tavana.accounts import roles
from tavana.accounts.models import User
from tavana.core.demo_guard import demo_password
from tavana.core.models import DemoInstall

pytestmark = pytest.mark.django_db


def test_demo_refuses_production_settings(settings):
    settings.TAVANA_PRODUCTION = True
    with pytest.raises(CommandError) as err:
        call_command("demo", "--no-serve")
    assert "production" in str(err.value)
    assert not User.objects.exists() and not DemoInstall.objects.exists()


def test_demo_refuses_a_database_with_data_it_did_not_make(make_user):
    make_user(roles.ADMINISTRATOR, username="real-admin")
    with pytest.raises(CommandError) as err:
        call_command("demo", "--no-serve")
    assert "دمو نساخته است" in str(err.value)
    assert list(User.objects.values_list("username", flat=True)) == ["real-admin"]
    assert not DemoInstall.objects.exists()


def test_demo_users_have_install_passwords_and_no_superuser():
    from tavana.core.models import District
    from tavana_demo.accounts import DEMO_USERS, load_users

    District.objects.create(number=4, name="منطقه ۴")
    load_users(lambda line: None)
    secret = DemoInstall.objects.get().secret
    assert len(secret) == 64
    admin = User.objects.get(username="admin")
    assert not admin.is_superuser and not admin.is_staff
    assert not User.objects.filter(is_superuser=True).exists()
    for username, *_ in DEMO_USERS:
        user = User.objects.get(username=username)
        assert user.check_password(demo_password(username))
        assert not user.check_password(f"tavana-{username}-1403")
    # another install, other passwords
    assert demo_password("admin", secret="0" * 64) != demo_password("admin")
