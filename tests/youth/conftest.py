import pytest

from tavana.accounts import roles
from tavana.core.models import District
from tests.youth.factories import clear_for_children


@pytest.fixture
def d4(db):
    return District.objects.get_or_create(number=4, defaults={"name": "منطقهٔ ۴"})[0]


@pytest.fixture
def d9(db):
    return District.objects.get_or_create(number=9, defaults={"name": "منطقهٔ ۹"})[0]


@pytest.fixture
def worker(make_user, d4):
    user = make_user(roles.SOCIAL_WORKER, username="fatemeh")
    user.first_name = "فاطمه"
    user.save(update_fields=["first_name"])
    user.districts.set([d4])
    clear_for_children(user)
    return user


@pytest.fixture
def admin(make_user):
    user = make_user(roles.ADMINISTRATOR, username="admin1")
    clear_for_children(user)
    return user
