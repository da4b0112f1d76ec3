"""A social worker finds an overdue follow-up in her inbox and in her daily digest,
and the reminder takes her to where it is done."""

import datetime as dt

import pytest
from django.utils import timezone

from tavana.accounts import roles
from tavana.casework.models import CaseAssignment, PlanAction, PlanGoal
from tavana.notifications.services import notify_run
from tests.training.factories import person

from .conftest import login, screens

pytestmark = pytest.mark.django_db(transaction=True)


def test_overdue_follow_up_in_inbox_and_daily_digest(page, make_user):
    worker = make_user(roles.SOCIAL_WORKER, username="fatemeh")
    woman = person("مریم", "رضایی")
    worker.districts.set([woman.district])
    today = timezone.localdate()
    CaseAssignment.objects.create(worker=worker, person=woman, start_date=today)
    goal = PlanGoal.objects.create(person=woman, title="یافتن کار", created_by=worker)
    action = PlanAction.objects.create(
        goal=goal, description="تماس با کارگاه خیاطی", follow_up_on=today - dt.timedelta(days=4)
    )
    notify_run(daily=True)

    login(page, "fatemeh")
    assert page.get_by_test_id("inbox-count").inner_text() == "۱"
    page.get_by_test_id("inbox-link").click()
    item = page.get_by_test_id("notification")
    assert "تماس با کارگاه خیاطی" in item.inner_text() and "۴ روز" in item.inner_text()
    assert "پیگیری‌های گذشته از موعد" in item.inner_text()
    screens(page, "notifications-inbox")
    page.get_by_role("link", name="خلاصهٔ روزانه").click()
    digest = page.get_by_test_id("digest").inner_text()
    assert "تماس با کارگاه خیاطی" in digest and "مریم رضایی" in digest
    screens(page, "notifications-digest")
    page.get_by_test_id("inbox-link").click()
    page.get_by_role("link", name="انجامش بده").click()
    page.wait_for_url(f"**/casework/actions/{action.pk}/done/")
    page.fill("#id_outcome", "با کارگاه تماس گرفتم؛ مصاحبه دارد.")
    page.get_by_role("button", name="ثبت").click()
    page.wait_for_url(f"**/people/{woman.pk}/")
    notify_run(daily=True)
    page.goto(page.base_url + "/notifications/")
    assert "اعلانی در این فهرست نیست" in page.content()
