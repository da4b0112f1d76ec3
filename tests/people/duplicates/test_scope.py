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


def test_the_queue_finds_her_pairs_below_many_she_cannot_see(make_user, pair):
    """The queue reads the open pairs likeliest first a slice at a time: pairs of
    other districts ranked above hers fill whole slices, and hers are still found,
    in order, with a pair that has only one side in her scope."""
    from tavana.people.duplicates.selectors import open_queue

    registrar, mine, theirs, c = pair
    six = make_user(roles.REGISTRAR, username="six_too")
    six.districts.set(District.objects.filter(number=6))

    def woman(district, name):
        return services.person_create(
            actor=six if district == "6" else registrar,
            data={"first_name": name, "last_name": "کاظمی", "district": district},
        )

    for k in range(12):  # 12 pairs in district 6 alone, all likelier than hers
        duplicates.duplicate_candidate_record(
            person_a_id=woman("6", "مینا").pk, person_b_id=woman("6", "مینو").pk,
            score=0.99 - k / 1000, reasons=[],
        )  # fmt: skip
    both = duplicates.duplicate_candidate_record(
        person_a_id=woman("9", "لیلا").pk, person_b_id=woman("4", "لیلی").pk, score=0.5, reasons=[]
    )
    assert [x.pk for x in open_queue(actor=registrar, limit=2)] == [c.pk, both.pk]
    assert [x.pk for x in open_queue(actor=registrar, limit=1)] == [c.pk]
    assert len(open_queue(actor=six, limit=100)) == 13  # c has her woman on one side
    assert open_queue(actor=registrar, limit=5)[0].b_visible is False  # theirs, masked
