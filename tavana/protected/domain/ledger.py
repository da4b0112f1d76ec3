"""The release campaign's money: an append-only ledger of moves between accounts,
in whole rials. Pure Python (no Django).

Accounts: the donors (money comes in), the pooled fund, each case, and "paid"
(money paid out to whom a case's debt is owed). Entries:

* gift_pool   donor → pool     a payment to the pooled fund
* gift_case   donor → case     a directed gift to one case
* allocate    pool  → case     staff allocate the pooled fund
* settle      case  → paid     a case's money paid to the creditor
* release     case  → pool     what a closed case held goes back to the pool
* reversal    the exact opposite of one earlier entry (a correction); the
              original stays, and a corrected amount is a new entry after it

Nothing is ever changed or deleted. `replay` walks the entries in order and
refuses a ledger in which an account would go below zero; `trace` follows every
rial first-in-first-out from the gift it came from to the case that holds it
or the debt it settled.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

GIFT_POOL = "gift_pool"
GIFT_CASE = "gift_case"
ALLOCATE = "allocate"
SETTLE = "settle"
RELEASE = "release"
REVERSAL = "reversal"
KIND_LABELS = {
    GIFT_POOL: "کمک به صندوق مشترک",
    GIFT_CASE: "کمک به یک پرونده",
    ALLOCATE: "تخصیص از صندوق مشترک",
    SETTLE: "پرداخت به طلبکار",
    RELEASE: "بازگشت مانده به صندوق مشترک",
    REVERSAL: "اصلاح (برگشت یک ردیف)",
}
KINDS = tuple(KIND_LABELS)
GIFTS = frozenset({GIFT_POOL, GIFT_CASE})


@dataclass(frozen=True)
class Entry:
    id: int
    kind: str
    amount: int
    donor: int | None = None
    case: int | None = None
    corrects: int | None = None


class LedgerRefused(Exception):
    """The entry would break the ledger; the Persian reason is the message."""


@dataclass
class Balances:
    pool: int = 0
    cases: dict[int, int] = field(default_factory=dict)  # what each case holds now
    paid: dict[int, int] = field(default_factory=dict)  # what each case paid out
    given: dict[int, int] = field(default_factory=dict)  # what each donor gave (net)
    gifts: int = 0  # every gift, net of corrections

    def funded(self, case: int) -> int:
        """Money the case has received and not given back: held plus paid out."""
        return self.cases.get(case, 0) + self.paid.get(case, 0)

    def check_sum(self) -> bool:
        """Every rial given is in the pool, in a case, or paid out."""
        return self.gifts == self.pool + sum(self.cases.values()) + sum(self.paid.values())


def _effective(entries: Sequence[Entry]) -> list[Entry]:
    """The entries in force: an entry and its reversal cancel out."""
    reversed_ids = {e.corrects for e in entries if e.kind == REVERSAL}
    return [e for e in entries if e.kind != REVERSAL and e.id not in reversed_ids]


def _check_shape(e: Entry, by_id: dict[int, Entry], reversed_ids: set[int]) -> None:
    if e.amount <= 0:
        raise LedgerRefused("مبلغ باید بیشتر از صفر باشد.")
    if e.kind not in KIND_LABELS:
        raise LedgerRefused("نوع ردیف شناخته نیست.")
    if e.kind in GIFTS and e.donor is None:
        raise LedgerRefused("کمک بدون نیکوکار ثبت نمی‌شود.")
    if e.kind in (GIFT_CASE, ALLOCATE, SETTLE, RELEASE) and e.case is None:
        raise LedgerRefused("پرونده را انتخاب کنید.")
    if e.kind == REVERSAL:
        original = by_id.get(e.corrects) if e.corrects is not None else None
        if original is None or original.kind == REVERSAL:
            raise LedgerRefused("ردیفی که اصلاح می‌شود پیدا نشد.")
        if original.id in reversed_ids:
            raise LedgerRefused("این ردیف پیش‌تر اصلاح شده است.")
        if original.amount != e.amount:
            raise LedgerRefused("ردیف اصلاحی باید همان مبلغ ردیف اصلی را برگرداند.")


def replay(entries: Iterable[Entry]) -> Balances:
    """The balances after the entries, in order; LedgerRefused if any entry is
    malformed or the ledger in force would take an account below zero."""
    entries = list(entries)
    by_id: dict[int, Entry] = {}
    reversed_ids: set[int] = set()
    for e in entries:
        _check_shape(e, by_id, reversed_ids)
        by_id[e.id] = e
        if e.kind == REVERSAL and e.corrects is not None:
            reversed_ids.add(e.corrects)
    b = Balances()
    for e in _effective(entries):
        _apply(b, e)
    return b


def _take(balance: dict[int, int], key: int, amount: int, message: str) -> None:
    if balance.get(key, 0) < amount:
        raise LedgerRefused(message)
    balance[key] -= amount


def _apply(b: Balances, e: Entry) -> None:
    case = e.case if e.case is not None else -1
    if e.kind in GIFTS:
        donor = e.donor if e.donor is not None else -1
        b.given[donor] = b.given.get(donor, 0) + e.amount
        b.gifts += e.amount
        if e.kind == GIFT_POOL:
            b.pool += e.amount
        else:
            b.cases[case] = b.cases.get(case, 0) + e.amount
    elif e.kind == ALLOCATE:
        if b.pool < e.amount:
            raise LedgerRefused("موجودی صندوق مشترک برای این تخصیص کافی نیست.")
        b.pool -= e.amount
        b.cases[case] = b.cases.get(case, 0) + e.amount
    elif e.kind == SETTLE:
        _take(b.cases, case, e.amount, "موجودی این پرونده برای این پرداخت کافی نیست.")
        b.paid[case] = b.paid.get(case, 0) + e.amount
    elif e.kind == RELEASE:
        _take(b.cases, case, e.amount, "این پرونده این مبلغ را در اختیار ندارد.")
        b.pool += e.amount


def check_append(entries: Sequence[Entry], new: Entry) -> Balances:
    """The balances with `new` appended, or LedgerRefused with the reason (a
    correction that would leave money already spent without its source is refused:
    correct the later entries first)."""
    return replay([*entries, new])


# ------------------------------------------------------------------- tracing


@dataclass(frozen=True)
class Flow:
    """`amount` rials of gift `gift` (from `donor`) are held by `case` (None: still
    in the pool) or, when `settled`, were paid out for it by entry `settle`."""

    gift: int
    donor: int | None
    amount: int
    case: int | None
    settle: int | None = None

    @property
    def settled(self) -> bool:
        return self.settle is not None


def _pop(queue: deque, amount: int) -> list[tuple[int, int | None, int]]:
    """Take `amount` from the front of a queue of [gift, donor, remaining] lots."""
    out = []
    while amount > 0:
        lot = queue[0]
        take = min(amount, lot[2])
        out.append((lot[0], lot[1], take))
        lot[2] -= take
        amount -= take
        if lot[2] == 0:
            queue.popleft()
    return out


def trace(entries: Iterable[Entry]) -> list[Flow]:
    """Every rial in force, from its gift to where it is now (first in, first out)."""
    entries = list(entries)
    replay(entries)  # refuses a ledger that does not balance
    pool: deque = deque()
    cases: dict[int, deque] = defaultdict(deque)
    flows: list[Flow] = []
    for e in _effective(entries):
        case = e.case if e.case is not None else -1
        if e.kind == GIFT_POOL:
            pool.append([e.id, e.donor, e.amount])
        elif e.kind == GIFT_CASE:
            cases[case].append([e.id, e.donor, e.amount])
        elif e.kind == ALLOCATE:
            cases[case].extend([g, d, a] for g, d, a in _pop(pool, e.amount))
        elif e.kind == RELEASE:
            pool.extend([g, d, a] for g, d, a in _pop(cases[case], e.amount))
        elif e.kind == SETTLE:
            flows += [Flow(g, d, a, case, e.id) for g, d, a in _pop(cases[case], e.amount)]
    for case, queue in cases.items():
        flows += [Flow(g, d, a, case) for g, d, a in queue if a]
    flows += [Flow(g, d, a, None) for g, d, a in pool if a]
    return flows
