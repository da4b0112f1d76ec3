"""The road back's offers are enrolments, not notes: an accepted training offer is a
seat (or a waitlist place) through training's own service, an accepted employment
offer makes her a worker of a production workshop through production's service.
Neither record says where she came from."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tavana.accounts import roles
from tavana.audit.models import AuditEntry
from tavana.casework.models import SupportLevel
from tavana.core.errors import ServiceError
from tavana.people.models import Person
from tavana.production.models import Worker
from tavana.protected.release import services
from tavana.protected.release.models import ReleaseCase
from tavana.training.models import Course, CourseEnrolment
from tests.production import factories as pf
from tests.training import factories as tf

from .release_factories import release_staff, verified_case

pytestmark = pytest.mark.django_db
MARKS = ("آزادسازی", "زندان", "ندامتگاه", "قرچک", "چک برگشتی", "release")


@pytest.fixture
def team(make_user):
    return (
        release_staff(make_user, roles.SOCIAL_WORKER, "off_a"),
        release_staff(make_user, roles.SOCIAL_WORKER, "off_b"),
    )


def _settled(a, b) -> ReleaseCase:
    case = verified_case(a, b, debt=10_000_000, children=0)
    donor = services.donor_save(actor=a, name="نیکوکار")
    services.payment_record(actor=a, donor=donor, amount=10_000_000, on=timezone.localdate(),
                            case=case)  # fmt: skip
    services.settle_all(actor=a, case=case, on=timezone.localdate())
    case.refresh_from_db()
    assert case.status == "settled"
    return case


def _level() -> str:
    level = SupportLevel.objects.filter(active=True).order_by("order").first()
    assert level is not None
    return level.code


def _release(a, b, case, **kw) -> ReleaseCase:
    return services.case_release(actor=a, case=case, released_on=timezone.localdate(),
                                 register_new=True, level_code=_level(), social_worker=b, **kw)  # fmt: skip


def test_accepted_offers_enrol_her_in_a_course_and_a_workshop(team):
    a, b = team
    case = _settled(a, b)
    course = tf.course(capacity=2, sessions=30)
    unit = pf.unit(a, {pf.product(): 30})
    _release(a, b, case, training_offer="accepted", training_course=course,
             employment_offer="accepted", employment_unit=unit)  # fmt: skip
    case.refresh_from_db()
    her = case.person
    seat = CourseEnrolment.objects.get(course=course, person=her)
    assert case.training_enrolment == seat and seat.status == CourseEnrolment.ENROLLED
    worker = Worker.objects.get(person=her)
    assert case.employment_worker == worker and worker.unit == unit
    # the records in training and production are ordinary: no mark of where she came from
    for action in ("training.enrol", "production.worker_save"):
        entry = AuditEntry.objects.get(action=action, person_id=her.pk)
        text = f"{entry.before} {entry.after} {entry.reason}"
        assert not any(m in text for m in MARKS), (action, text)


def test_a_full_course_puts_her_on_its_waitlist(team, make_user):
    a, b = team
    course = tf.course(capacity=1, sessions=30)
    tf.seat(course, tf.person("مینا", "صادقی"))
    case = _settled(a, b)
    _release(a, b, case, training_offer="accepted", training_course=course)
    case.refresh_from_db()
    assert case.training_enrolment.status == CourseEnrolment.WAITLISTED


def test_a_refused_enrolment_is_shown_beside_its_field_and_nothing_is_written(team):
    a, b = team
    case = _settled(a, b)
    closed = tf.course(sessions=30, status=Course.FINISHED)
    n = Person.objects.count()
    for kw, field in (
        ({"training_offer": "accepted"}, "training_course"),
        ({"employment_offer": "accepted"}, "employment_unit"),
        ({"training_offer": "accepted", "training_course": closed}, "training_course"),
    ):
        with pytest.raises(ServiceError) as e:
            _release(a, b, case, **kw)
        assert field in e.value.errors, (kw, e.value.errors)
        case.refresh_from_db()
        assert case.status == "settled" and case.person_id is None
        assert Person.objects.count() == n  # the whole release rolled back


def test_an_offer_answered_after_release_enrols_her_through_the_page(team, client):
    a, b = team
    case = _settled(a, b)
    _release(a, b, case, employment_offer="offered", training_offer="offered")
    unit = pf.unit(a, {pf.product(): 30})
    client.force_login(a)
    page = client.get(reverse("release:case", args=[case.pk])).content.decode()
    assert 'data-testid="offer-form"' in page and unit.name in page
    url = reverse("release:case_offer", args=[case.pk])
    bad = client.post(url, {"offer-kind": "employment", "offer-answer": "accepted"})
    assert bad.status_code == 422
    assert "کارگاه تولیدی‌ای را" in bad.content.decode()
    assert not Worker.objects.filter(person_id=case.person_id).exists()
    ok = client.post(url, {"offer-kind": "employment", "offer-answer": "accepted",
                           "offer-employment_unit": str(unit.pk)})  # fmt: skip
    assert ok.status_code == 302
    case.refresh_from_db()
    assert case.employment_offer == "accepted" and case.employment_worker.unit == unit
    assert (
        client.post(url, {"offer-kind": "training", "offer-answer": "declined"}).status_code == 302
    )
    case.refresh_from_db()
    assert case.training_offer == "declined" and case.training_enrolment is None
    page = client.get(reverse("release:case", args=[case.pk])).content.decode()
    assert unit.name in page and "نپذیرفت" in page
    again = client.post(url, {"offer-kind": "employment", "offer-answer": "accepted",
                              "offer-employment_unit": str(unit.pk)})  # fmt: skip
    assert again.status_code == 422 and "پیش‌تر در همین پیشنهاد" in again.content.decode()
