"""The release campaign's pure rules, without a database: the ledger balances
(a property test over random histories), every rial is traced from its gift, and
the pool proposal frees the most mothers, then children, then the longest waiting."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tavana.protected.domain import ledger as L
from tavana.protected.domain import pool, release


def test_the_move_table():
    release.check_move("identified", "verified", actor_id=1, identified_by_id=2)
    with pytest.raises(release.MoveRefused):
        release.check_move("identified", "verified", actor_id=1, identified_by_id=1)
    with pytest.raises(release.MoveRefused):
        release.check_move("fundraising", "settled", need=10)
    with pytest.raises(release.MoveRefused):
        release.check_move("released", "closed", reason="x")
    assert release.add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert release.add_months(dt.date(2025, 3, 5), 12) == dt.date(2026, 3, 5)


def test_a_correction_is_a_reversal_and_spent_money_cannot_lose_its_source():
    e = [L.Entry(1, L.GIFT_POOL, 100, donor=7), L.Entry(2, L.ALLOCATE, 80, case=3)]
    with pytest.raises(L.LedgerRefused):
        L.check_append(e, L.Entry(3, L.REVERSAL, 100, donor=7, corrects=1))
    e2 = [L.Entry(1, L.GIFT_POOL, 100, donor=7)]
    b = L.check_append(e2, L.Entry(2, L.REVERSAL, 100, donor=7, corrects=1))
    assert b.gifts == 0 and b.pool == 0
    with pytest.raises(L.LedgerRefused):
        L.replay(
            [*e2, L.Entry(2, L.REVERSAL, 100, corrects=1), L.Entry(3, L.REVERSAL, 100, corrects=1)]
        )


def test_trace_follows_pooled_money_first_in_first_out():
    entries = [
        L.Entry(1, L.GIFT_POOL, 60, donor=1),
        L.Entry(2, L.GIFT_POOL, 60, donor=2),
        L.Entry(3, L.GIFT_CASE, 10, donor=3, case=9),
        L.Entry(4, L.ALLOCATE, 90, case=9),
        L.Entry(5, L.SETTLE, 100, case=9),
    ]
    flows = L.trace(entries)
    settled = {(f.gift, f.amount) for f in flows if f.settled}
    assert settled == {(3, 10), (1, 60), (2, 30)}
    assert [(f.gift, f.amount, f.case) for f in flows if not f.settled] == [(2, 30, None)]


@st.composite
def histories(draw):
    """Random sequences of ledger operations, each kept only if the ledger allows it."""
    entries: list[L.Entry] = []
    for n in range(1, draw(st.integers(1, 40)) + 1):
        kind = draw(st.sampled_from([*L.KINDS]))
        amount = draw(st.integers(1, 1000))
        case = draw(st.integers(1, 4))
        donor = draw(st.integers(1, 3))
        corrects = None
        if kind == L.REVERSAL:
            if not entries:
                continue
            original = draw(st.sampled_from(entries))
            corrects, amount = original.id, original.amount
            donor, case = original.donor or donor, original.case or case
        e = L.Entry(n, kind, amount, donor=donor, case=case, corrects=corrects)
        try:
            L.check_append(entries, e)
        except L.LedgerRefused:
            continue
        entries.append(e)
    return entries


@settings(max_examples=300, deadline=None)
@given(histories())
def test_the_sums_balance_and_every_rial_is_traced(entries):
    b = L.replay(entries)
    assert b.check_sum()
    assert b.pool >= 0 and all(v >= 0 for v in b.cases.values())
    flows = L.trace(entries)
    # every rial given is in exactly one place: the pool, a case, or a settled debt
    assert sum(f.amount for f in flows) == b.gifts
    assert sum(f.amount for f in flows if f.settled) == sum(b.paid.values())
    assert sum(f.amount for f in flows if f.case is None) == b.pool
    for case, held in b.cases.items():
        assert sum(f.amount for f in flows if f.case == case and not f.settled) == held
    for donor, given_ in b.given.items():
        assert sum(f.amount for f in flows if f.donor == donor) == given_


def test_the_pool_frees_the_most_mothers_before_children():
    c = [
        pool.Candidate(1, "a", 90, children=5, waiting_days=10),
        pool.Candidate(2, "b", 50, children=1, waiting_days=10),
        pool.Candidate(3, "c", 50, children=1, waiting_days=20),
    ]
    p = pool.propose(c, 100)
    assert set(p.chosen) == {2, 3} and p.mothers == 2 and p.left == 0
    assert "مادران بیشتری" in p.reasons[1]


def test_then_children_then_the_longest_waiting():
    c = [
        pool.Candidate(1, "a", 50, children=1, waiting_days=300),
        pool.Candidate(2, "b", 50, children=3, waiting_days=5),
        pool.Candidate(3, "c", 50, children=3, waiting_days=50),
    ]
    assert pool.propose(c, 100).chosen == (2, 3)
    assert pool.propose(c, 50).chosen == (3,)
    assert pool.propose(c, 10).chosen == ()
    assert "بیشتر" in pool.propose(c, 10).reasons[1]
