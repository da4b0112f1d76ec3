import pytest
from django.urls import reverse

from tavana.accounts import roles
from tavana.audit.services import audit_write

pytestmark = pytest.mark.django_db


def test_auditor_searches_by_person_user_action_and_jalali_period(client_as, make_user):
    registrar = make_user(roles.REGISTRAR, username="zahra")
    audit_write(
        actor=registrar,
        action="person.update",
        object_type="people.person",
        object_id=7,
        person_id=7,
        after={"mobile": "09121111111"},
    )
    audit_write(
        actor=registrar,
        action="household.update",
        object_type="people.household",
        object_id=9,
        person_id=8,
        after={"address": "تهران"},
    )
    client = client_as(roles.AUDITOR)
    page = client.get(
        reverse("audit:log"),
        {"person": "۷", "user": "zahra", "start": "۱۴۰۰/۰۱/۰۱", "end": "1500/01/01"},
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "person.update" in body and "household.update" not in body
    assert "۱۴" in body  # Jalali date with Persian digits


def test_bad_filter_gets_persian_message_and_keeps_input(client_as):
    client = client_as(roles.AUDITOR)
    page = client.get(reverse("audit:log"), {"start": "1404/12/30", "person": "abc"})
    body = page.content.decode()
    assert "1404/12/30" in body  # what was typed is kept
    assert "شناسهٔ فرد باید عدد باشد" in body
    assert "is-invalid" in body


def test_log_page_does_not_count_the_whole_log(client_as, django_assert_max_num_queries):
    client = client_as(roles.AUDITOR)
    with django_assert_max_num_queries(6) as ctx:
        client.get(reverse("audit:log"))
    assert not any("COUNT(" in q["sql"].upper() for q in ctx.captured_queries)
