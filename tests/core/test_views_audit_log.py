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
    assert 'data-action="person.update"' in body and 'data-action="household.update"' not in body
    assert "۱۴" in body  # Jalali date with Persian digits


def test_bad_filter_gets_persian_message_and_keeps_input(client_as):
    client = client_as(roles.AUDITOR)
    page = client.get(reverse("audit:log"), {"start": "1404/12/30", "person": "abc"})
    body = page.content.decode()
    assert "1404/12/30" in body and 'value="abc"' in body  # what was typed is kept
    assert "کبیسه نیست" in body
    assert "is-invalid" in body


def test_log_page_does_not_count_the_whole_log(client_as, django_assert_max_num_queries):
    client = client_as(roles.AUDITOR)
    with django_assert_max_num_queries(6) as ctx:
        client.get(reverse("audit:log"))
    assert not any("COUNT(" in q["sql"].upper() for q in ctx.captured_queries)


def test_the_auditor_finds_a_woman_by_name_or_national_code_and_staff_by_name(client_as, make_user):
    from tavana.people.models import Person

    clerk = make_user(roles.REGISTRAR, username="r-17")
    other = make_user(roles.REGISTRAR, username="r-18")
    clerk.first_name, clerk.last_name = "زهرا", "کاظمی"
    clerk.save()
    her = Person.objects.create(
        first_name="مریم", last_name="احمدی", name_key="مریم احمدی", national_code="0013542419"
    )
    someone = Person.objects.create(first_name="سارا", last_name="نیکو", name_key="سارا نیکو")
    for actor, person in ((clerk, her), (other, someone)):
        audit_write(
            actor=actor,
            action="person.update",
            object_type="people.person",
            object_id=person.pk,
            person_id=person.pk,
            after={"mobile": "09121111111"},
        )
    client = client_as(roles.AUDITOR)

    def rows(**query):
        body = client.get(reverse("audit:log"), query).content.decode()
        return body.count('data-testid="audit-person"'), body

    # by name (Arabic ي as typed on many keyboards), by national code in Persian digits
    n, body = rows(person="مريم احمدی")
    assert n == 1 and "مریم احمدی" in body and "سارا نیکو" not in body.split("<tbody>")[1]
    assert rows(person="۰۰۱۳۵۴۲۴۱۹")[0] == 1
    # by a staff member's name, not only her username
    n, body = rows(user="کاظمی")
    assert n == 1 and "مریم احمدی" in body.split("<tbody>")[1]
    # what a record is, in Persian; actions chosen by their Persian names
    assert 'data-testid="audit-record">فرد' in body and "people.person" not in body
    assert '<option value="person.update">' in body
    assert rows(person="کسی که نیست")[0] == 0
