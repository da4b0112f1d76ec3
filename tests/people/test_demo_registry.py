"""The registry's demo loader at a small scale, and the scan that fills the review queue."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tavana.accounts import roles
from tavana.audit.models import AuditEntry
from tavana.core.domain.identifiers import is_valid_mobile, is_valid_national_code
from tavana.core.geography import load_geography
from tavana.people.duplicates.services import duplicate_mark_not_same
from tavana.people.duplicates.tasks import scan_registry
from tavana.people.models import (
    Consent,
    DuplicateCandidate,
    Household,
    Membership,
    Person,
    Registration,
)
from tavana.people.selectors import age_on, children_under_20
from tavana_demo.people import load_registry

pytestmark = pytest.mark.django_db

WOMEN, CHILDREN, DUPLICATES = 500, 200, 12


def _load(lines=None):
    out = lines.append if lines is not None else lambda line: None
    load_geography(out)
    return load_registry(out, women=WOMEN, children=CHILDREN, duplicates=DUPLICATES)


@pytest.fixture
def loaded():
    return _load()


def _fingerprint() -> list:
    persons = list(
        Person.objects.order_by("id").values_list(
            "id", "national_code", "first_name", "last_name", "father_name", "sex",
            "birth_date", "mobile", "district_id", "neighbourhood_id", "address",
            "education", "occupation", "marital_status", "monthly_income", "health_notes",
            "as_typed", "name_key",
        )
    )  # fmt: skip
    regs = list(
        Registration.objects.order_by("id").values_list(
            "person_id", "channel", "referred_by", "registered_at", "basis", "primary_earner",
            "basis_review_date",
        )
    )  # fmt: skip
    members = list(
        Membership.objects.order_by("id").values_list(
            "household_id", "person_id", "relation", "start_date"
        )
    )
    consents = list(Consent.objects.order_by("id").values_list("person_id", "purpose", "given_on"))
    queue = list(
        DuplicateCandidate.objects.order_by("person_a_id", "person_b_id").values_list(
            "person_a_id", "person_b_id", "score", "reasons"
        )
    )
    return [persons, regs, members, consents, queue]


def _wipe() -> None:
    DuplicateCandidate.objects.all().delete()
    Consent.objects.all().delete()
    Registration.objects.all().delete()
    Membership.objects.all().delete()
    Household.objects.all().delete()
    Person.objects.all().delete()


def test_counts_and_shape(loaded):
    women = Person.objects.filter(sex=Person.FEMALE, registration__isnull=False)
    assert women.count() == WOMEN + DUPLICATES
    assert loaded["women"] == WOMEN and loaded["duplicates"] == DUPLICATES
    assert Person.objects.count() == loaded["persons"]
    assert Registration.objects.count() == WOMEN + DUPLICATES
    # every registered woman heads a household and agreed to the Center's services
    assert Membership.objects.filter(relation=Membership.HEAD).count() == WOMEN + DUPLICATES
    assert Consent.objects.filter(purpose="services").count() == WOMEN + DUPLICATES
    channels = set(Registration.objects.values_list("channel", flat=True))
    assert channels == {"staff", "import", "partner", "campaign"}
    assert not Registration.objects.filter(channel="partner", referred_by="").exists()
    assert (
        Registration.objects.filter(basis="carries").count()
        > Registration.objects.filter(basis="wants").count()
        > 0
    )
    today = timezone.localdate()
    for review in Registration.objects.values_list("basis_review_date", flat=True):
        assert 0 < (review - today).days <= 366
    # spouses (men) of some women, spread over many districts, south more than north
    assert Person.objects.filter(sex=Person.MALE, memberships__relation="spouse").exists()
    assert Person.objects.values("district").distinct().count() >= 18
    south = Person.objects.filter(district__number__in=range(15, 21)).count()
    north = Person.objects.filter(district__number__in=range(1, 4)).count()
    assert south > 3 * north
    # one summary audit entry, not one per person
    assert AuditEntry.objects.filter(action="demo.load").count() == 1
    assert not AuditEntry.objects.filter(action="person.create").exists()


def test_identifiers_and_spelling(loaded):
    codes = list(Person.objects.exclude(national_code=None).values_list("national_code", flat=True))
    assert len(codes) > WOMEN
    assert all(is_valid_national_code(c) for c in codes)
    mobiles = list(Person.objects.exclude(mobile="").values_list("mobile", flat=True))
    assert all(is_valid_mobile(m) for m in mobiles)
    for p in Person.objects.only("first_name", "last_name", "father_name", "neighbourhood"):
        for name in (p.first_name, p.last_name, p.father_name):
            assert "ي" not in name and "ك" not in name  # stored in Persian letters
        if p.neighbourhood_id:
            assert p.neighbourhood.district_id == p.district_id
    # what a duplicate's registrar typed in Arabic letters is kept beside the clean name
    typed = [p.as_typed for p in Person.objects.exclude(as_typed={})]
    assert any("ي" in v or "ك" in v for t in typed for v in t.values())


def test_children_under_20_derived_from_birth_dates(loaded):
    today = timezone.localdate()
    children = Person.objects.filter(memberships__relation=Membership.CHILD)
    young = [p for p in children if age_on(p.birth_date, today) < 20]
    assert len(young) == CHILDREN == loaded["children"]
    assert {age_on(p.birth_date, today) for p in young} >= set(range(0, 20, 3))
    assert all(0 <= age_on(p.birth_date, today) for p in young)
    # the selector finds a mother's children under 20 from the household
    mother_id = (
        Membership.objects.filter(
            relation=Membership.HEAD, household__memberships__relation="child"
        )
        .values_list("person_id", flat=True)
        .first()
    )
    mother = Person.objects.get(pk=mother_id)
    kids = children_under_20(actor=None, person=mother)
    assert kids and all(age_on(k.birth_date, today) < 20 for k in kids)
    assert all(k.birth_date > mother.birth_date for k in kids)


def test_deterministic():
    first = _load()
    before = _fingerprint()
    _wipe()
    second = _load()
    assert _fingerprint() == before
    assert first["planted"] == second["planted"]


def test_idempotent(loaded):
    count = Person.objects.count()
    lines = []
    assert _load(lines) is None
    assert Person.objects.count() == count
    assert any(str(count) in line for line in lines)


def test_planted_duplicates_land_in_the_queue(loaded):
    planted = {tuple(sorted(p[:2])) for p in loaded["planted"]}
    queued = set(DuplicateCandidate.objects.values_list("person_a_id", "person_b_id"))
    assert planted <= queued
    # hardly anything else: spouses, children, mothers and namesakes are not proposed
    assert len(queued - planted) <= len(planted) // 10
    assert loaded["scan"]["new"] == len(queued)
    for c in DuplicateCandidate.objects.all():
        assert c.status == DuplicateCandidate.OPEN and c.source == "scan" and c.reasons


def test_pair_marked_not_same_is_not_proposed_again(loaded, make_user):
    reviewer = make_user(roles.ADMINISTRATOR)  # a reviewer whose scope holds the pair
    candidate = DuplicateCandidate.objects.order_by("id").first()
    duplicate_mark_not_same(actor=reviewer, candidate=candidate)
    total = DuplicateCandidate.objects.count()
    result = scan_registry(actor=reviewer)
    assert result["new"] == 0 and result["known"] == result["pairs"] == total
    assert DuplicateCandidate.objects.count() == total
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.NOT_SAME
    assert AuditEntry.objects.filter(action="duplicate.scan").count() == 2


def test_rows_added_after_the_load_get_fresh_ids(loaded, make_user):
    """The loader writes explicit ids; the id sequences (PostgreSQL) must follow them."""
    from tavana.people.services import child_register, person_create

    registrar = make_user(roles.REGISTRAR)
    top = Person.objects.order_by("-id").values_list("id", flat=True).first()
    woman = person_create(
        actor=registrar,
        data={
            "first_name": "نرگس",
            "last_name": "تازه‌وارد",
            "father_name": "رضا",
            "district": "4",
            "other_id_kind": "passport",
            "other_id": "P9876543",
            "no_code_reason": "تبعهٔ خارجی",
        },
        registration={"channel": "staff", "basis": "carries", "consents": ["services"]},
    )
    child = child_register(
        actor=registrar, parent=woman, data={"first_name": "سارا", "last_name": "تازه‌وارد"}
    )
    assert top < woman.pk < child.pk
    assert woman.registration.pk and child.memberships.get().household_id
