"""The figures page takes the same number of queries however many women."""

import pytest
from django.urls import reverse

from tavana.accounts import roles
from tests.query_counts import assert_pinned

from . import factories as f

pytestmark = pytest.mark.django_db


def test_the_dashboard(client_as):
    c = client_as(roles.MANAGER)
    f.world()
    page = assert_pinned(
        c,
        reverse("insights:dashboard"),
        lambda: [f.woman(200 + i, 4) for i in range(6)],
        PINNED,
    )
    assert "منطقه" in page


PINNED = (
    48  # 26 + 15 for the five tables of the children and teens context + 6 for production's five
    # + 1 for the overlap counts with other bodies
)
