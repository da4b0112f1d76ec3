"""The person page shows her businesses and bazaar history to those who work with them."""

import pytest
from django.urls import reverse

from tavana.accounts import roles
from tavana.bazaars.models import Assignment
from tavana.core.domain.jalali import jalali_year_of

from . import factories as f

pytestmark = pytest.mark.django_db


def test_person_page_lists_her_booths_and_this_years_opportunities(client_as):
    producer = f.producer()
    ev = f.event(f.round_())
    Assignment.objects.create(
        event=ev, producer=producer, booth_no=3, sales=1250000, status=Assignment.ATTENDED
    )
    client = client_as(roles.ADMINISTRATOR)
    body = client.get(reverse("people:detail", args=[producer.person_id])).content.decode()
    assert "کسب‌وکار و بازارچه‌ها" in body
    assert ev.venue.name in body and "۱٬۲۵۰٬۰۰۰" in body
    expected = (
        1
        if jalali_year_of(ev.start_date) == jalali_year_of(__import__("datetime").date.today())
        else 0
    )
    assert (
        f'data-testid="opportunities">{str(expected).translate(str.maketrans("01", "۰۱"))}<' in body
    )


def test_a_woman_with_no_business_or_booth_has_no_such_section(client_as):
    person = f.person()
    body = (
        client_as(roles.ADMINISTRATOR)
        .get(reverse("people:detail", args=[person.pk]))
        .content.decode()
    )
    assert "کسب‌وکار و بازارچه‌ها" not in body
