"""Security finding 14 (confirm or scope): the bazaar organiser sees every
producer of the city and their sales, whatever her districts. Decision
(docs/security.md): confirmed — bazaars and their booth allocation are
city-wide — but what she sees of a producer is the selling record, not the
woman's file."""

import pytest
from django.urls import reverse

from tavana.accounts import roles
from tavana.core.domain.identifiers import make_national_code
from tavana.core.models import District

from . import factories as f

pytestmark = pytest.mark.django_db


def test_organiser_sees_a_producer_of_another_district_but_not_her_file(client_as):
    client = client_as(roles.BAZAAR_ORGANISER)
    four = District.objects.create(number=4, name="منطقهٔ ۴")
    nineteen = District.objects.create(number=19, name="منطقهٔ ۱۹")
    client.user.districts.set([four])
    p = f.producer()
    code = make_national_code("004445556")
    p.person.__class__.objects.filter(pk=p.person_id).update(
        district=nineteen,
        national_code=code,
        address="کوچهٔ محرمانه",
        monthly_income=4321987,
        health_notes="canary-health-14",
    )
    listing = client.get(reverse("businesses:list")).content.decode()
    assert p.person.full_name in listing  # city-wide: she allocates booths city-wide
    page = client.get(reverse("businesses:producer", args=[p.pk])).content.decode()
    assert p.person.full_name in page
    for secret in (code, "کوچهٔ محرمانه", "4321987", "۴۳۲۱۹۸۷", "canary-health-14", p.person.mobile):
        assert secret not in page and secret not in listing
    # her file stays within the organiser's districts
    assert client.get(reverse("people:detail", args=[p.person_id])).status_code == 404
