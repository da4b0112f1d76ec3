"""Simultaneous enrolments and a withdrawal racing them never seat more women
than the course holds (PostgreSQL, real threads)."""

import threading

import pytest
from django.db import connection, connections

from tavana.accounts import roles
from tavana.accounts.models import User
from tavana.training import services
from tavana.training.models import CourseEnrolment

from . import factories as f

pytestmark = pytest.mark.django_db(transaction=True)

CLAIMS = 16


def test_sixteen_registrars_at_once_fill_three_seats_and_queue_the_rest():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks); run with DATABASE_URL=postgres://…")
    actor = User.objects.create_user(username="reg", role=roles.REGISTRAR)
    c = f.course(capacity=3)
    first = services.enrol(actor=actor, course=c, person=f.person(first="آغاز"))
    women = [f.person(first=f"زن{i}") for i in range(CLAIMS)]
    start = threading.Barrier(CLAIMS + 1)
    failed = []

    def claim(p):
        try:
            start.wait()
            services.enrol(actor=actor, course=c, person=p)
        except Exception as exc:  # pragma: no cover - shown on failure
            failed.append(repr(exc))
        finally:
            connections.close_all()

    def leave():
        try:
            start.wait()
            services.withdraw(actor=actor, enrolment=first)
        except Exception as exc:  # pragma: no cover
            failed.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim, args=(p,)) for p in women]
    threads.append(threading.Thread(target=leave))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failed, failed
    rows = CourseEnrolment.objects.filter(course=c)
    assert rows.filter(status=CourseEnrolment.ENROLLED).count() == 3
    assert rows.filter(status=CourseEnrolment.WAITLISTED).count() == CLAIMS - 3
    # first come, first seated: whenever the withdrawal landed, the seats went to
    # the three earliest requests and the rest wait in order
    newcomers = list(rows.exclude(pk=first.pk).order_by("requested_at", "id"))
    assert [e.status for e in newcomers[:3]] == ["enrolled"] * 3
