"""Security finding 4: a registrar of district 7 opened courses in other districts
and saw their women (names, outcomes, attendance) and a certificate with a
woman's full name. Rosters show only women in the viewer's scope."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tavana.accounts import roles
from tavana.training import services
from tavana.training.models import Certificate, CourseEnrolment

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def course_in_four():
    """A finished course at a centre of district 4: one woman of district 4 with a
    certificate, one of district 7 seated, one of district 4 waiting."""
    c = f.course(f.centre(4), capacity=2, sessions=1, title="چرم‌دوزی")
    four = f.person(first="ناهید", last="چهارمی", number=4)
    seven = f.person(first="سپیده", last="هفتمی", number=7)
    waiting = f.person(first="وحیده", last="منتظری", number=4)
    e_four, e_seven = f.seat(c, four), f.seat(c, seven)
    f.seat(c, waiting, status=CourseEnrolment.WAITLISTED)
    for e in (e_four, e_seven):
        services.attendance_mark(
            actor=c.trainer, session=c.sessions.get(), enrolment=e, present=True
        )
    return c, e_four, e_seven


def test_registrar_of_another_district_sees_only_her_women(client_as, course_in_four):
    c, e_four, e_seven = course_in_four
    client = client_as(roles.REGISTRAR)
    client.user.districts.add(f.district(7))
    page = client.get(reverse("training:course", args=[c.pk])).content.decode()
    assert "سپیده هفتمی" in page  # hers
    assert "ناهید" not in page and "چهارمی" not in page and "وحیده" not in page
    assert 'data-testid="not-shown">۲ نفر' in page
    assert "۲ از ۲" in page  # the course's own counts are unchanged


def test_certificate_of_a_woman_outside_her_scope_is_not_found(client_as, course_in_four):
    c, e_four, e_seven = course_in_four
    admin = f.User.objects.create_user(username="adm", role=roles.ADMINISTRATOR)
    services.course_finish(actor=admin, course=c)
    assert Certificate.objects.count() == 2
    client = client_as(roles.REGISTRAR)
    client.user.districts.add(f.district(7))
    assert client.get(reverse("training:certificate", args=[e_four.pk])).status_code == 404
    page = client.get(reverse("training:certificate", args=[e_seven.pk])).content.decode()
    assert "سپیده هفتمی" in page


def test_who_runs_the_course_sees_the_whole_roster(client_as, course_in_four):
    c, *_ = course_in_four
    manager = client_as(roles.CENTRE_MANAGER)
    manager.user.centres.add(c.centre)
    page = manager.get(reverse("training:course", args=[c.pk])).content.decode()
    assert "ناهید چهارمی" in page and "سپیده هفتمی" in page and "وحیده منتظری" in page
    assert "not-shown" not in page
    manager.force_login(c.trainer)
    page = manager.get(reverse("training:course", args=[c.pk])).content.decode()
    assert "ناهید چهارمی" in page and "سپیده هفتمی" in page


def test_enrol_page_counts_the_whole_course(client_as):
    c = f.course(f.centre(4), capacity=2, first=timezone.localdate())
    f.seat(c, f.person(first="ناهید", last="چهارمی", number=4))
    client = client_as(roles.REGISTRAR)
    client.user.districts.add(f.district(7))
    page = client.get(reverse("training:enrol", args=[c.pk])).content.decode()
    assert 'data-testid="seated-count">۱<' in page and "ناهید" not in page
