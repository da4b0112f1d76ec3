"""Twenty simultaneous claims on the last booth: exactly one holder (PostgreSQL, real threads)."""

import threading

import pytest
from django.db import connection, connections

from tavana.bazaars import services
from tavana.bazaars.models import Assignment

from . import factories as f

pytestmark = pytest.mark.django_db(transaction=True)

CLAIMS = 20


@pytest.mark.parametrize("attempt", range(5))
def test_twenty_claims_on_the_last_booth_leave_one_holder(attempt):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks); run with DATABASE_URL=postgres://…")
    r = f.round_()
    e = f.event(r, booths=3)
    for n in (1, 2):
        Assignment.objects.create(event=e, producer=f.producer(), booth_no=n)
    claimants = [f.producer().pk for _ in range(CLAIMS)]
    start = threading.Barrier(CLAIMS)
    won, lost, failed = [], [], []

    def claim(pid):
        try:
            start.wait()
            services.booth_claim(actor=None, event_id=e.pk, producer_id=pid)
            won.append(pid)
        except services.BoothTaken:
            lost.append(pid)
        except Exception as exc:  # pragma: no cover - shown on failure
            failed.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim, args=(pid,)) for pid in claimants]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failed, failed
    assert len(won) == 1 and len(lost) == CLAIMS - 1
    held = Assignment.objects.filter(event=e, status__in=Assignment.HELD)
    assert held.count() == 3
    assert sorted(held.values_list("booth_no", flat=True)) == [1, 2, 3]
    assert held.get(booth_no=3).producer_id == won[0]
