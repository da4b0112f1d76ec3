"""Finding 1 of the security probe: the duplicate review must not cross district
scope. A registrar of districts 4 and 9 opened a pair whose other woman lives in
district 6, saw her identity, and merged her own record into it."""

import pytest
from django.urls import reverse

from tavana.accounts import roles
from tavana.core.domain.identifiers import make_national_code
from tavana.core.errors import ServiceError
from tavana.core.models import District
from tavana.people import services
from tavana.people.duplicates import services as duplicates
from tavana.people.models import DuplicateCandidate, Person

pytestmark = pytest.mark.django_db

OTHER_CODE = make_national_code("007654321")


@pytest.fixture
def pair(make_user):
    d = {n: District.objects.create(number=n, name=f"منطقهٔ {n}") for n in (4, 6, 9)}
    registrar = make_user(roles.REGISTRAR, username="four_nine")
    registrar.districts.set([d[4], d[9]])
    six = make_user(roles.REGISTRAR, username="six")
    six.districts.set([d[6]])
    mine = services.person_create(
        actor=registrar,
        data={"first_name": "سمیرا", "last_name": "کاظمی", "father_name": "رضا", "district": "4"},
    )
    theirs = services.person_create(
        actor=six,
        data={
            "national_code": OTHER_CODE,
            "first_name": "سمیه",
            "last_name": "کاظمی‌نژاد",
            "father_name": "رضا",
            "birth_date": "1361/02/03",
            "mobile": "09127776655",
            "address": "خیابان محرمانه، پلاک ۷۷",
            "district": "6",
        },
    )
    c = duplicates.duplicate_candidate_record(
        person_a_id=mine.pk, person_b_id=theirs.pk, score=0.9, reasons=["نام پدر یکسان"]
    )
    return registrar, mine, theirs, c


def test_other_side_is_masked_in_queue_and_pair_page(client, pair):
    registrar, mine, theirs, c = pair
    client.force_login(registrar)
    assert client.get(reverse("people:detail", args=[theirs.pk])).status_code == 404
    for url in (reverse("people:duplicates"), reverse("people:duplicate", args=[c.pk])):
        page = client.get(url).content.decode()
        for secret in ("سمیه", "کاظمی‌نژاد", "۰۹۱۲۷۷۷۶۶۵۵", "09127776655", "محرمانه"):
            assert secret not in page, (url, secret)
        assert OTHER_CODE not in page
        assert "خارج از محدودهٔ شما" in page
        assert "منطقهٔ ۶" in page or "منطقهٔ 6" in page  # her district, as the form shows
    page = client.get(reverse("people:duplicate", args=[c.pk])).content.decode()
    assert "سمیرا" in page  # her own side is shown
    assert 'value="keep_a"' not in page and 'data-testid="out-of-scope"' in page


@pytest.mark.parametrize("action", ["keep_a", "keep_b", "not_same"])
def test_posting_a_decision_about_an_out_of_scope_woman_is_refused(client, pair, action):
    registrar, mine, theirs, c = pair
    client.force_login(registrar)
    response = client.post(
        reverse("people:duplicate", args=[c.pk]), {"action": action}, follow=True
    )
    assert "خارج از محدودهٔ دسترسی شماست" in response.content.decode()
    c.refresh_from_db()
    assert c.status == DuplicateCandidate.OPEN
    assert not Person.objects.filter(merged_into__isnull=False).exists()


def test_the_services_refuse_too(pair):
    registrar, mine, theirs, c = pair
    with pytest.raises(ServiceError) as err:
        duplicates.person_merge(actor=registrar, keep=theirs, drop=mine)
    assert err.value.code == "out_of_scope"
    with pytest.raises(ServiceError):
        duplicates.duplicate_mark_not_same(actor=registrar, candidate=c)


def test_an_administrator_of_the_whole_registry_reviews_and_merges(client, make_user, pair):
    _, mine, theirs, c = pair
    client.force_login(make_user(roles.ADMINISTRATOR, username="boss"))
    page = client.get(reverse("people:duplicate", args=[c.pk])).content.decode()
    assert "سمیه" in page and 'value="keep_a"' in page
    client.post(reverse("people:duplicate", args=[c.pk]), {"action": "keep_b"})
    mine.refresh_from_db()
    assert mine.merged_into_id == theirs.pk
