"""The training demo loader: every centre, a year of courses, deterministic and idempotent."""

import datetime as dt

import pytest

from tavana.core.geography import load_geography
from tavana.people.models import Person
from tavana.training.models import (
    Centre,
    Certificate,
    Course,
    CourseEnrolment,
    CourseSession,
    RenovationProject,
)
from tavana_demo.training import load_centres, load_training

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 1, 15)


def _load():
    load_geography(lambda s: None)
    load_centres(lambda s: None)
    districts = list(Centre.objects.values_list("district_id", flat=True).distinct())
    Person.objects.bulk_create(
        [
            Person(first_name="زن", last_name=str(i), name_key=f"زن {i}", district_id=d)
            for d in districts
            for i in range(25)
        ]
    )
    return load_training(lambda s: None, today=TODAY)


def test_a_year_of_courses_at_every_open_centre_and_nothing_twice():
    counts = _load()
    assert Centre.objects.count() == 95
    open_centres = Centre.objects.exclude(status=Centre.CLOSED)
    assert set(Course.objects.values_list("centre", flat=True)) == set(
        open_centres.values_list("pk", flat=True)
    )
    assert RenovationProject.objects.filter(programme_year=1403).exists()
    dates = CourseSession.objects.values_list("date", flat=True)
    assert min(dates) < TODAY - dt.timedelta(days=250) and max(dates) > TODAY
    assert CourseEnrolment.objects.filter(status="waitlisted").exists()
    # nobody waits for a course with a free seat (course 279 once did)
    for course in Course.objects.filter(enrolments__status="waitlisted").distinct():
        seated = course.enrolments.exclude(status__in=["waitlisted", "withdrawn"]).count()
        assert seated == course.capacity, course.pk
    completed = CourseEnrolment.objects.filter(status="completed")
    assert completed.count() == Certificate.objects.count() > 0
    assert counts["courses"] == Course.objects.count()
    assert load_training(lambda s: None, today=TODAY) is None
    assert Course.objects.count() == counts["courses"]
