"""`tavana createadmin`: the first administrator; no default password, ever."""

import pytest
from django.core.management import CommandError, call_command

from tavana.accounts import roles
from tavana.accounts.models import User
from tavana.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_the_password_comes_from_the_environment_and_must_be_strong(monkeypatch, capsys):
    monkeypatch.setenv("TAVANA_ADMIN_PASSWORD", "123")
    with pytest.raises(CommandError) as e:
        call_command("createadmin", "maryam")
    assert "کوتاه" in str(e.value) or "short" in str(e.value)
    assert not User.objects.exists()
    monkeypatch.setenv("TAVANA_ADMIN_PASSWORD", "Sabz-Kuh-1403-Tehran")
    call_command("createadmin", "maryam", "--first-name", "مریم")
    user = User.objects.get(username="maryam")
    assert user.role == roles.ADMINISTRATOR and user.first_name == "مریم"
    assert user.check_password("Sabz-Kuh-1403-Tehran") and user.is_active
    assert AuditEntry.objects.filter(action="accounts.user_create").exists()
    with pytest.raises(CommandError, match="کاربری با نام «maryam» هست"):
        call_command("createadmin", "maryam")


def test_without_a_terminal_or_the_environment_it_refuses(monkeypatch):
    monkeypatch.delenv("TAVANA_ADMIN_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(CommandError, match="TAVANA_ADMIN_PASSWORD"):
        call_command("createadmin", "maryam")
    assert not User.objects.exists()
