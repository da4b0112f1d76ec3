"""Donors and money on the database: a directed gift and a pooled allocation settle
a case; the ledger balances and is append-only; corrections are reversals; the
donor's page and receipt and the thank-you SMS say nothing about the woman; the
public page shows totals and keeps what was typed; the release registers her once."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tavana.accounts import roles
from tavana.audit.models import AuditEntry
from tavana.core.errors import ServiceError
from tavana.core.sms import MemorySmsBackend
from tavana.notifications.models import SmsOutbox
from tavana.people.models import Person
from tavana.people.selectors import household_members
from tavana.protected.domain import ledger as L
from tavana.protected.release import selectors, services
from tavana.protected.release.models import (
    AppendOnly,
    CaseChild,
    FollowUp,
    LedgerEntry,
    Pledge,
)

from .factories import district19, staff
from .release_factories import release_staff, verified_case

pytestmark = pytest.mark.django_db
SECRETS = ("فاطمه", "کرمانی", "قرچک", "چک برگشتی", "جرم مالی", "0013542419")


@pytest.fixture
def team(make_user):
    return (
        release_staff(make_user, roles.SOCIAL_WORKER, "rel_a"),
        release_staff(make_user, roles.SOCIAL_WORKER, "rel_b"),
    )


def _settle_with_gift_and_pool(a, b):
    today = timezone.localdate()
    case = verified_case(a, b, debt=100_000_000, children=2)
    other = verified_case(a, b, debt=500_000_000, children=0, national_code="")
    donor = services.donor_save(actor=a, name="شرکت نیکوکار", mobile="۰۹۱۲۱۲۳۴۵۶۷")
    gift = services.payment_record(actor=a, donor=donor, amount=40_000_000, on=today, case=case)
    pooler = services.donor_save(actor=a, name="خیر ناشناس")
    services.payment_record(actor=a, donor=pooler, amount=70_000_000, on=today)
    allocation = services.allocation_propose(actor=b)
    assert allocation.proposal["chosen"] == [case.pk]  # the other needs more than the pool
    services.allocation_decide(actor=b, allocation=allocation, case_ids=[case.pk])
    services.settle_all(actor=a, case=case, on=today)
    case.refresh_from_db()
    return case, other, donor, gift


def test_a_directed_gift_and_the_pool_settle_a_case_and_the_ledger_balances(team):
    a, b = team
    MemorySmsBackend.outbox.clear()
    case, other, donor, gift = _settle_with_gift_and_pool(*team)
    assert case.status == "settled"
    b_ = services.ledger_balances()
    assert b_.check_sum() and b_.pool == 10_000_000 and b_.paid[case.pk] == 100_000_000
    flows = L.trace(services.money.ledger_entries())
    settled = {(f.donor, f.amount) for f in flows if f.settled and f.case == case.pk}
    assert settled == {(donor.pk, 40_000_000), (donor.pk + 1, 60_000_000)}
    # the thank-you SMS: amount and receipt, nothing about her
    texts = list(SmsOutbox.objects.values_list("text", flat=True))
    assert texts and all(not any(s in t for s in SECRETS) for t in texts)
    assert AuditEntry.objects.filter(action="release.pool_decide").exists()


def test_the_ledger_is_append_only_and_corrections_are_reversals(team):
    a, b = team
    case, other, donor, gift = _settle_with_gift_and_pool(a, b)
    with pytest.raises(AppendOnly):
        gift.delete()
    gift.amount = 1
    with pytest.raises(AppendOnly):
        gift.save()
    # the gift's money is already paid out: its reversal is refused with the reason
    with pytest.raises(ServiceError) as e:
        services.entry_reverse(
            actor=a, entry=LedgerEntry.objects.get(pk=gift.pk), reason="مبلغ اشتباه"
        )
    assert e.value.code == "ledger_refused"
    extra = services.payment_record(actor=a, donor=donor, amount=5_000_000, on=timezone.localdate())
    n = LedgerEntry.objects.count()
    services.entry_reverse(actor=a, entry=extra, reason="پرداخت دوباره ثبت شده بود")
    assert LedgerEntry.objects.count() == n + 1
    assert LedgerEntry.objects.filter(pk=extra.pk).exists()
    assert services.ledger_balances().check_sum()


def test_the_donor_sees_codes_amounts_and_outcomes_only(client, team):
    case, other, donor, gift = _settle_with_gift_and_pool(*team)
    page = client.get(reverse("release_public:donor", args=[donor.token])).content.decode()
    assert "بدهی پرداخت شد" in page
    from tavana.core.domain.persian_text import to_persian_digits

    assert to_persian_digits(case.code) in page
    receipt = client.get(reverse("release_public:receipt", args=[donor.token, gift.pk]))
    body = receipt.content.decode()
    assert to_persian_digits(gift.receipt_no) in body
    for s in SECRETS:
        assert s not in page and s not in body, s
    assert client.get(reverse("release_public:donor", args=["not-a-token"])).status_code == 404


def test_the_public_page_shows_totals_and_keeps_what_was_typed(client, team):
    cache.clear()
    _settle_with_gift_and_pool(*team)
    page = client.get(reverse("release_public:campaign")).content.decode()
    assert "۱۱۰٬۰۰۰٬۰۰۰" in page  # raised
    for s in SECRETS:
        assert s not in page
    bad = client.post(reverse("release_public:campaign"), {"name": "علی نیک‌اندیش",
                      "mobile": "۰۹۱۲", "amount": "۵۰۰۰۰۰"})  # fmt: skip
    assert bad.status_code == 422 and "علی نیک‌اندیش" in bad.content.decode()
    assert not Pledge.objects.filter(source="public").exists()
    ok = client.post(reverse("release_public:campaign"), {"name": "علی نیک‌اندیش",
                     "mobile": "۰۹۱۲۷۶۵۴۳۲۱", "amount": "۵۰۰۰۰۰"})  # fmt: skip
    assert ok.status_code == 302
    assert Pledge.objects.get(source="public").amount == 500_000
    for _ in range(12):
        last = client.post(reverse("release_public:campaign"), {"name": "x"})
    assert last.status_code == 429 and "کمی بعد" in last.content.decode()


def test_release_registers_her_once_with_a_support_level_and_follow_ups(team, client, make_user):
    from tavana.casework.models import SupportLevel, SupportStatus

    a, b = team
    case, *_ = _settle_with_gift_and_pool(a, b)
    existing = Person.objects.create(first_name="فاطمه", last_name="کرمانی",
                                     national_code="0013542419", name_key="فاطمه کرمانی",
                                     district=district19())  # fmt: skip
    candidates = services.registry_candidates(actor=a, case=case)
    assert candidates and candidates[0]["id"] == existing.pk
    level = SupportLevel.objects.filter(active=True).order_by("order").first()
    CaseChild.objects.filter(case=case).update(last_name="کرمانی")
    n = Person.objects.count()
    services.case_release(actor=a, case=case, released_on=timezone.localdate(),
                          register_new=True, level_code=level.code, social_worker=b,
                          employment_offer="offered", register_children=True)  # fmt: skip
    case.refresh_from_db()
    assert case.person == existing  # never a second person: only her two children are new
    assert Person.objects.count() == n + 2
    kids = household_members(actor=a, person=existing)
    assert {k["person"].first_name for k in kids} == {"علی", "زهرا"}
    assert all(c.person_id for c in CaseChild.objects.filter(case=case))
    assert SupportStatus.objects.get(person=existing).level == level
    assert case.status == "released"
    assert sorted(FollowUp.objects.filter(case=case).values_list("month", flat=True)) == [1, 3, 12]
    # outside the protected views her record carries no mark
    for role in (roles.REGISTRAR, roles.ADMINISTRATOR):
        client.force_login(staff(make_user, role, username=f"look_{role}"))
        page = client.get(reverse("people:detail", args=[existing.pk])).content.decode()
        assert "کرمانی" in page
        for mark in ("آزادسازی", "زندانی", "قرچک", "ندامتگاه", case.code, "چک برگشتی"):
            assert mark not in page, (role, mark)
    client.force_login(b)
    page = client.get(reverse("people:detail", args=[existing.pk])).content.decode()
    assert "پروندهٔ آزادسازی" in page  # the cleared worker sees the protected section
    for fu in FollowUp.objects.filter(case=case):
        services.followup_record(actor=b, followup=fu, outcome="well")
    case.refresh_from_db()
    assert case.status == "followed_up"
    fig = selectors.figures(actor=b, full=False)
    assert dict(fig["statuses"])["پیگیری‌شده"] is None  # under ten: suppressed for partners


def test_pledges_are_counted_per_client_behind_the_trusted_proxy(client, settings):
    """The pledge form's limit is core.throttle's, per client behind the proxy."""
    cache.clear()
    settings.TRUSTED_PROXIES = ("10.0.0.5/32",)
    url = reverse("release_public:campaign")

    def post(address: str):
        return client.post(url, {"name": "x"}, REMOTE_ADDR="10.0.0.5",
                           HTTP_X_FORWARDED_FOR=address)  # fmt: skip

    answers = [post("203.0.113.9").status_code for _ in range(11)]
    assert answers[:10] == [422] * 10 and answers[10] == 429
    assert post("203.0.113.10").status_code == 422  # another client: still answered
