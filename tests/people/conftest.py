"""Fixtures shared by the registry's tests: district 4 and a registrar bound to it."""

import pytest

from tavana.accounts import roles
from tavana.core.models import District


@pytest.fixture
def district(db):
    return District.objects.create(number=4, name="منطقهٔ ۴")


@pytest.fixture
def registrar(make_user, district):
    user = make_user(roles.REGISTRAR, username="zahra")
    user.districts.set([district])
    return user
