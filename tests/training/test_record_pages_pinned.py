"""A centre's page lists its open courses and its renovation projects with their
milestones: the same number of queries with 2 as with 10, every row shown."""

import datetime as dt
import itertools

import pytest
from django.urls import reverse

from tavana.accounts import roles
from tavana.training import services
from tests.query_counts import assert_pinned, rows_of

from . import factories as f

pytestmark = pytest.mark.django_db
_n = itertools.count(1)


def test_a_centre_with_its_courses_and_renovation_projects(client_as, make_user):
    client = client_as(roles.ADMINISTRATOR)
    centre = f.centre()
    admin = make_user(roles.ADMINISTRATOR, username="renovator")

    def more(n):
        for _ in range(n):
            k = next(_n)
            f.course(c=centre, title=f"دورهٔ {k}")
            services.renovation_project_create(
                actor=admin, centre=centre, title=f"نوسازی {k}", budget_toman=1_000_000,
                start_date=dt.date(2024, 6, 21), end_date=dt.date(2024, 12, 20),
                milestones=[("تخریب", dt.date(2024, 7, 22)), ("نصب", dt.date(2024, 11, 5))],
            )  # fmt: skip

    more(2)
    url = reverse("training:centre", args=[centre.pk])
    page = assert_pinned(client, url, lambda: more(8), PINNED["centre"])
    assert rows_of(page, "centre-courses") == 10
    assert all(f"نوسازی {k}" in page for k in range(1, 11)) and page.count("تخریب") == 10


PINNED = {"centre": 9}
