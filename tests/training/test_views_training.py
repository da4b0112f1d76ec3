"""Training pages through the test client."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tavana.accounts import roles
from tavana.core.domain.jalali import format_jalali
from tavana.training import services
from tavana.training.models import Attendance, Certificate, Course, CourseEnrolment
from tests.field_errors import errors_untied, messages_of

from . import factories as f

pytestmark = pytest.mark.django_db


def test_centre_manager_schedules_a_course_at_her_centre(client_as):
    client = client_as(roles.CENTRE_MANAGER)
    centre = f.centre()
    client.user.centres.add(centre)
    t = f.trainer()
    first = timezone.localdate() + dt.timedelta(days=3)
    response = client.post(
        reverse("training:course_new"),
        {
            "title": "آشپزی سنتی",
            "kind": "skills",
            "centre": centre.pk,
            "trainer": t.pk,
            "capacity": "۱۵",
            "threshold": "75",
            "first_date": format_jalali(first),
            "weekdays": ["5", "1"],
            "session_count": "8",
            "start_time": "09:00",
            "end_time": "12:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    course = Course.objects.get(title="آشپزی سنتی")
    assert course.sessions.count() == 8 and course.capacity == 15
    page = client.get(response["Location"]).content.decode()
    assert "آشپزی سنتی" in page and "۸" in page


def test_course_form_keeps_what_she_typed_on_an_error(client_as):
    client = client_as(roles.CENTRE_MANAGER)
    centre = f.centre()
    client.user.centres.add(centre)
    response = client.post(
        reverse("training:course_new"),
        {"title": "گل‌سازی", "kind": "skills", "centre": centre.pk, "capacity": "10"},
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "گل‌سازی" in body and "is-invalid" in body
    assert errors_untied(body) == []


def test_registrar_enrols_a_woman_found_by_name(client_as):
    client = client_as(roles.REGISTRAR)
    client.user.districts.add(f.district(4))
    c = f.course(capacity=1, first=timezone.localdate())
    a = f.person(first="مهسا", last="کریمی")
    b = f.person(first="مهسا", last="کریم‌زاده")
    url = reverse("training:enrol", args=[c.pk])
    found = client.get(url, {"q": "مهسا"}, HTTP_HX_REQUEST="true").content.decode()
    assert "مهسا کریمی" in found
    assert client.post(url, {"person_id": a.pk}).status_code == 302
    assert client.post(url, {"person_id": b.pk}).status_code == 302
    status = dict(CourseEnrolment.objects.values_list("person_id", "status"))
    assert status == {a.pk: "enrolled", b.pk: "waitlisted"}
    outsider = f.person(first="نسرین", number=9)
    assert client.post(url, {"person_id": outsider.pk}).status_code == 404


def test_trainer_marks_attendance_with_one_tap(client_as):
    client = client_as(roles.TRAINER)
    c = f.course(t=client.user, first=timezone.localdate())
    e = f.seat(c, f.person())
    s = c.sessions.first()
    page = client.get(reverse("training:attendance", args=[s.pk])).content.decode()
    assert "فاطمه رضایی" in page and "ثبت نشده" in page
    url = reverse("training:attendance_mark", args=[s.pk, e.pk])
    row = client.post(url, {"present": "1"}, HTTP_HX_REQUEST="true").content.decode()
    assert "حاضر" in row and 'id="present-count"' in row
    assert Attendance.objects.get(session=s, enrolment=e).present
    other = f.course(first=timezone.localdate())
    assert (
        client.get(reverse("training:attendance", args=[other.sessions.first().pk])).status_code
        == 404
    )


def test_certificate_page_and_public_check(client_as, client):
    manager = client_as(roles.ADMINISTRATOR)
    c = f.course(sessions=1, title="چرم‌دوزی")
    w = f.person(first="فاطمه", last="رضایی")
    e = services.enrol(actor=manager.user, course=c, person=w)
    services.attendance_mark(actor=c.trainer, session=c.sessions.get(), enrolment=e, present=True)
    services.course_finish(actor=manager.user, course=c)
    cert = Certificate.objects.get()
    page = manager.get(reverse("training:certificate", args=[e.pk])).content.decode()
    assert "فاطمه رضایی" in page and "چرم‌دوزی" in page and cert.code[:5] in page
    assert "سرپرست" not in page
    manager.logout()
    public = client.get(reverse("training:verify"), {"code": cert.code}).content.decode()
    assert "معتبر" in public and "ف. ر." in public and "چرم‌دوزی" in public
    assert "فاطمه" not in public and "رضایی" not in public and c.centre.name not in public
    missing = client.get(reverse("training:verify"), {"code": "AAAAA-BBBBB"}).content.decode()
    assert "پیدا نشد" in missing


def test_centre_pages_and_capacity_view_render(client_as):
    client = client_as(roles.ADMINISTRATOR)
    c = f.course()
    shows = {
        reverse("training:centres"): [c.centre.name],
        reverse("training:centre", args=[c.centre_id]): [c.centre.name, c.title],
        reverse("training:capacity"): [c.centre.name],
        reverse("training:courses"): [c.title, c.centre.name],
        reverse("training:course", args=[c.pk]): [c.title, c.centre.name],
    }
    for url, texts in shows.items():
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert all(t in page for t in texts), (url, texts)


def test_a_centre_manager_sees_only_her_centres(client_as):
    client = client_as(roles.CENTRE_MANAGER)
    mine, other = f.centre(), f.centre()
    client.user.centres.add(mine)
    assert client.get(reverse("training:centre", args=[other.pk])).status_code == 404
    listing = client.get(reverse("training:centres")).content.decode()
    assert mine.name in listing and other.name not in listing


def test_renovation_project_with_milestones(client_as):
    client = client_as(roles.ADMINISTRATOR)
    centre = f.centre()
    r = client.post(
        reverse("training:project_new", args=[centre.pk]),
        {
            "title": "نوسازی تأسیسات",
            "budget_toman": "۲٬۵۰۰٬۰۰۰٬۰۰۰",
            "start_date": "1403/04/01",
            "end_date": "1403/09/30",
            "milestones": "تخریب | ۱۴۰۳/۰۵/۰۱\nنصب | 1403/08/15",
        },
    )
    assert r.status_code == 302
    project = centre.renovations.get()
    assert project.budget_toman == 2_500_000_000 and project.milestones.count() == 2
    m = project.milestones.first()
    client.post(reverse("training:milestone_done", args=[m.pk]))
    project.refresh_from_db()
    assert project.status == "underway"
    page = client.get(reverse("training:centre", args=[centre.pk])).content.decode()
    assert "۲٬۵۰۰٬۰۰۰٬۰۰۰" in page or "۲,۵۰۰,۰۰۰,۰۰۰" in page


def test_list_pages_do_not_query_per_row(client_as, django_assert_max_num_queries):
    client = client_as(roles.ADMINISTRATOR)
    for _ in range(6):
        c = f.course()
        f.seat(c, f.person())
    names = [c.centre.name for c in Course.objects.select_related("centre")]
    with django_assert_max_num_queries(12):
        courses = client.get(reverse("training:courses"))
    assert courses.status_code == 200 and all(n in courses.content.decode() for n in names)
    with django_assert_max_num_queries(12):
        centres = client.get(reverse("training:centres"))
    assert centres.status_code == 200 and all(n in centres.content.decode() for n in names)
    with django_assert_max_num_queries(14):
        capacity = client.get(reverse("training:capacity"))
    assert capacity.status_code == 200 and all(n in capacity.content.decode() for n in names)


def test_centre_manager_edits_her_centre(client_as):
    client = client_as(roles.CENTRE_MANAGER)
    centre = f.centre()
    client.user.centres.add(centre)
    r = client.post(
        reverse("training:centre_edit", args=[centre.pk]),
        {"status": "renovation", "rooms": "۶", "capacity": "90", "facilities": "کارگاه خیاطی"},
    )
    assert r.status_code == 302
    centre.refresh_from_db()
    assert (centre.status, centre.rooms, centre.capacity) == ("renovation", 6, 90)
    assert not centre.has_production_workshop


def test_the_enrol_page_says_why_a_woman_cannot_join(client_as):
    client = client_as(roles.REGISTRAR)
    client.user.districts.add(f.district(4))
    basic = f.course(title="خیاطی مقدماتی")
    advanced = f.course(title="خیاطی پیشرفته", first=timezone.localdate())
    advanced.prerequisites.add(basic)
    w = f.person()
    r = client.post(reverse("training:enrol", args=[advanced.pk]), {"person_id": w.pk})
    assert r.status_code == 422
    assert "پیش‌نیاز" in r.content.decode() and "خیاطی مقدماتی" in r.content.decode()


def test_trainer_home_lists_todays_classes(client_as):
    client = client_as(roles.TRAINER)
    c = f.course(t=client.user, first=timezone.localdate(), title="سفالگری")
    page = client.get(reverse("core:home")).content.decode()
    assert "کلاس‌های امروز من" in page and "سفالگری" in page
    assert reverse("training:attendance", args=[c.sessions.first().pk]) in page


def test_person_page_lists_her_courses(client_as):
    client = client_as(roles.ADMINISTRATOR)
    c = f.course(title="شمع‌سازی")
    w = f.person()
    f.seat(c, w)
    page = client.get(reverse("people:detail", args=[w.pk])).content.decode()
    assert "دوره‌ها و گواهی‌ها" in page and "شمع‌سازی" in page


def test_a_course_is_given_to_the_unit_she_chooses_and_can_move(client_as):
    from tavana.accounts.models import OrgUnit
    from tavana.audit.models import AuditEntry

    client = client_as(roles.CENTRE_MANAGER)
    centre = f.centre()
    client.user.centres.add(centre)
    units = list(OrgUnit.objects.filter(active=True).order_by("pk")[:2])
    first = timezone.localdate() + dt.timedelta(days=3)
    response = client.post(
        reverse("training:course_new"),
        {"title": "خیاطی", "kind": "skills", "centre": centre.pk, "trainer": f.trainer().pk,
         "capacity": "12", "threshold": "75", "first_date": format_jalali(first),
         "weekdays": ["1"], "session_count": "4", "start_time": "09:00", "end_time": "11:00",
         "org_unit": units[0].pk},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    course = Course.objects.get(title="خیاطی")
    assert course.org_unit == units[0]
    page = client.get(response["Location"]).content.decode()
    assert units[0].name in page and 'data-testid="form-course-unit"' in page

    moved = client.post(
        reverse("training:course_unit", args=[course.pk]), {"org_unit": units[1].pk}
    )
    assert moved.status_code == 302
    course.refresh_from_db()
    assert course.org_unit == units[1]
    entry = AuditEntry.objects.filter(action="training.course_unit").latest("pk")
    assert entry.before == {"org_unit": units[0].name}

    units[0].active = False
    units[0].save(update_fields=["active"])
    refused = client.post(
        reverse("training:course_unit", args=[course.pk]), {"org_unit": units[0].pk}
    )
    course.refresh_from_db()
    assert course.org_unit == units[1]
    assert "واحد سازمانی فعال" in client.get(refused["Location"]).content.decode()


def test_a_trainer_cannot_move_a_course(client_as):
    c = f.course()
    from tavana.accounts.models import OrgUnit

    unit = OrgUnit.objects.filter(active=True).first()
    client = client_as(roles.TRAINER)
    response = client.post(reverse("training:course_unit", args=[c.pk]), {"org_unit": unit.pk})
    assert response.status_code == 403


def test_a_centre_manager_sees_attendance_of_her_centres_courses_but_does_not_mark(client_as):
    client = client_as(roles.CENTRE_MANAGER)
    mine = f.centre()
    client.user.centres.add(mine)
    c = f.course(c=mine, first=timezone.localdate() - dt.timedelta(days=3))
    e = f.seat(c, f.person())
    s = c.sessions.first()
    Attendance.objects.create(session=s, enrolment=e, present=True, marked_by=c.trainer)
    course_page = client.get(reverse("training:course", args=[c.pk])).content.decode()
    assert reverse("training:attendance", args=[s.pk]) in course_page
    # attendance exists: the roll shows it (it showed «—» until the course ended)
    assert "۱۰۰٪" in course_page or "۲۵٪" in course_page
    r = client.get(reverse("training:attendance", args=[s.pk]))
    assert r.status_code == 200  # it was 403
    page = r.content.decode()
    assert 'data-testid="read-only"' in page and "disabled" in page
    mark = reverse("training:attendance_mark", args=[s.pk, e.pk])
    assert client.post(mark, {"present": "0"}).status_code == 403
    other = f.course(first=timezone.localdate())
    assert (
        client.get(reverse("training:attendance", args=[other.sessions.first().pk])).status_code
        == 404
    )


def test_a_centres_capacity_cannot_fall_below_a_current_course_seats(client_as):
    client = client_as(roles.CENTRE_MANAGER)
    centre = f.centre(capacity=60)
    client.user.centres.add(centre)
    f.course(c=centre, capacity=20, title="خیاطی پیشرفته")
    r = client.post(
        reverse("training:centre_edit", args=[centre.pk]),
        {"status": "active", "rooms": "4", "capacity": "15", "facilities": ""},
    )
    assert r.status_code == 422
    page = r.content.decode()
    assert "خیاطی پیشرفته" in page and "۲۰ نفر" in page
    centre.refresh_from_db()
    assert centre.capacity == 60


def test_prerequisite_choices_say_which_course_when_titles_repeat(client_as):
    client = client_as(roles.ADMINISTRATOR)
    here, there = f.centre(), f.centre()
    a = f.course(c=here, title="خیاطی مقدماتی")
    b = f.course(c=there, title="خیاطی مقدماتی")
    body = client.get(reverse("training:course_new")).content.decode()
    for course, centre in ((a, here), (b, there)):
        assert course.distinct_label in body and centre.name in course.distinct_label
    assert a.distinct_label != b.distinct_label
    # a list to choose from, not loose <option>s outside any <select> (they
    # could not be chosen, and stretched the page past a phone's width)
    field = re.search(r'<select name="prerequisites"[^>]*>(.*?)</select>', body, re.S)
    assert field and "multiple" in field.group(0) and a.distinct_label in field.group(1)
    c = f.course(c=here, title="خیاطی پیشرفته")
    c.prerequisites.add(a)
    page = client.get(reverse("training:course", args=[c.pk])).content.decode()
    assert a.distinct_label in page


def test_a_refused_capacity_is_said_beside_its_box_keeping_what_was_typed(client_as):
    client = client_as(roles.CENTRE_MANAGER)
    centre = f.centre()
    client.user.centres.add(centre)
    c = f.course(centre, capacity=3, first=timezone.localdate() + dt.timedelta(days=3))
    f.seat(c, f.person("مینا", "احمدی"))
    f.seat(c, f.person("سارا", "کریمی"))
    url = reverse("training:course_capacity", args=[c.pk])
    for typed, said in (("۱", "اکنون ۲ نفر ثبت‌نام شده‌اند"), ("سه", "عدد")):
        response = client.post(url, {"capacity": typed})
        body = response.content.decode()
        assert response.status_code == 422
        assert errors_untied(body) == []
        assert said in messages_of(body)["capacity"]
        assert f'value="{typed}"' in body
    c.refresh_from_db()
    assert c.capacity == 3
    assert client.post(url, {"capacity": "۴"})["Location"] == reverse(
        "training:course", args=[c.pk]
    )
    c.refresh_from_db()
    assert c.capacity == 4
