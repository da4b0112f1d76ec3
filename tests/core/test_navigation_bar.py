"""The menu bar opens out only where it fits: a role with many menus gets the ☰
menu on a 1366 px laptop instead of a bar wider than the screen."""

import pytest
from django.urls import reverse

from tavana.accounts import roles
from tavana.core.navigation import BREAKPOINTS, menu_breakpoint, menu_for

WIDTH = dict(BREAKPOINTS)


@pytest.mark.django_db
def test_few_menus_open_out_on_a_laptop_many_only_on_a_wide_screen(make_user):
    trainer, admin = make_user(roles.TRAINER), make_user(roles.ADMINISTRATOR)
    assert menu_breakpoint(trainer) == "lg"
    assert len(menu_for(admin)) > len(menu_for(trainer))
    wide = menu_breakpoint(admin)
    assert wide == "never" or WIDTH[wide] > 1366, "the administrator's bar overflows 1366 px"


@pytest.mark.django_db
def test_the_page_uses_the_breakpoint(client_as):
    c = client_as(roles.TRAINER)
    page = c.get(reverse("core:home")).content.decode()
    assert "navbar-expand-lg" in page and "order-lg-last" in page
