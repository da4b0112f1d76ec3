"""Donors that are organisations are the partners context's organisations: chosen
from its list or created there through its service; the name lives there only."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from tavana.accounts import roles
from tavana.audit.models import AuditEntry
from tavana.core.errors import ServiceError
from tavana.partners.models import Organisation
from tavana.partners.services import organisation_save
from tavana.protected.release import selectors, services
from tavana.protected.release.models import Donor

from .release_factories import release_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(make_user):
    return release_staff(make_user, roles.SOCIAL_WORKER, "rel_donors")


def _org(actor, name="خیریهٔ مهر محله", code="mehr"):
    return organisation_save(actor=actor, data={"code": code, "name": name, "kind": "charity"})


def test_an_organisation_donor_is_a_partners_organisation_chosen_from_its_list(worker):
    org = _org(worker)
    donor = services.donor_save(actor=worker, kind=Donor.ORGANISATION, organisation=org)
    assert donor.organisation == org and donor.name == "" and donor.label == "خیریهٔ مهر محله"
    # one source of truth: renamed in the partners context, renamed everywhere
    organisation_save(actor=worker, organisation=org,
                      data={"name": "خیریهٔ مهر", "kind": "charity"})  # fmt: skip
    donor.refresh_from_db()
    assert donor.label == "خیریهٔ مهر"
    assert [d.label for d in selectors.donor_list(actor=worker)] == ["خیریهٔ مهر"]


def test_a_new_organisation_is_created_in_the_partners_context(worker):
    donor = services.donor_save(actor=worker, kind=Donor.ORGANISATION,
                                organisation_name="شركت فولاد نيك", organisation_kind="other")  # fmt: skip
    org = Organisation.objects.get(pk=donor.organisation_id)
    assert org.name == "شرکت فولاد نیک" and org.kind == "other"  # tidied ی/ک
    assert AuditEntry.objects.filter(action="partners.organisation_save", object_id=str(org.pk))


def test_refusals_name_the_field_and_write_nothing(worker):
    org = _org(worker)
    services.donor_save(actor=worker, kind=Donor.ORGANISATION, organisation=org)
    cases = [
        ({"kind": Donor.INDIVIDUAL, "name": " "}, "name"),
        ({"kind": Donor.ORGANISATION}, "organisation"),
        ({"kind": Donor.ORGANISATION, "organisation": org}, "organisation"),  # already a donor
        ({"kind": Donor.ORGANISATION, "organisation_name": "خيريه مهر محله"}, "organisation_name"),
    ]
    before = (Donor.objects.count(), Organisation.objects.count())
    for kwargs, field in cases:
        with pytest.raises(ServiceError) as e:
            services.donor_save(actor=worker, **kwargs)
        assert field in e.value.errors, (kwargs, e.value.errors)
    assert (Donor.objects.count(), Organisation.objects.count()) == before


def test_the_database_refuses_a_donor_with_both_or_neither(worker):
    org = _org(worker)
    with pytest.raises(IntegrityError), transaction.atomic():
        Donor.objects.create(code="X1", kind=Donor.ORGANISATION, name="نام", organisation=org)
    with pytest.raises(IntegrityError), transaction.atomic():
        Donor.objects.create(code="X2", kind=Donor.INDIVIDUAL, name="")


def test_the_donors_page_links_an_organisation_wrong_then_right(client, worker):
    org = _org(worker)
    client.force_login(worker)
    url = reverse("release:donors")
    page = client.get(url).content.decode()
    assert "خیریهٔ مهر محله" in page  # offered in the list of organisations
    bad = client.post(url, {"kind": "organisation", "organisation": "", "organisation_name": "",
                            "mobile": "۰۹۱۲۱۱۱۲۲۳۳"})  # fmt: skip
    assert bad.status_code == 422
    body = bad.content.decode()
    assert "سازمان را از فهرست" in body and "۰۹۱۲۱۱۱۲۲۳۳" in body
    ok = client.post(url, {"kind": "organisation", "organisation": str(org.pk),
                           "mobile": "۰۹۱۲۱۱۱۲۲۳۳"})  # fmt: skip
    assert ok.status_code == 302
    donor = Donor.objects.get(organisation=org)
    assert donor.mobile == "09121112233"
    again = client.post(url, {"kind": "organisation", "organisation": str(org.pk)})
    assert again.status_code == 422 and "پیش‌تر نیکوکار ثبت شده" in again.content.decode()
    detail = client.get(reverse("release:donor", args=[donor.pk])).content.decode()
    assert "خیریهٔ مهر محله" in detail and 'data-testid="donor-organisation"' in detail


def test_the_payment_form_offers_cases_and_pledges_in_persian_digits(client, worker, make_user):
    from tavana.core.domain.persian_text import to_persian_digits

    from .release_factories import verified_case

    verifier = release_staff(make_user, roles.SOCIAL_WORKER, "rel_donors_b")
    case = verified_case(worker, verifier)
    donor = services.donor_save(actor=worker, name="شرکت نیکوکار", mobile="۰۹۱۲۱۲۳۴۵۶۷")
    services.pledge_create(actor=worker, donor=donor, amount=2_500_000)
    client.force_login(worker)
    page = client.get(reverse("release:donor", args=[donor.pk])).content.decode()
    assert f">{to_persian_digits(case.code)}</option>" in page
    assert f">{case.code}</option>" not in page
    assert "۲٬۵۰۰٬۰۰۰ ریال</option>" in page and "2,500,000" not in page
