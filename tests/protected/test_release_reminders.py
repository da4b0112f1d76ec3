"""Follow-ups after release remind her social worker (the case code only), and a
pledge is closed by the payment recorded for it."""

import datetime as dt

import pytest
from django.utils import timezone

from tavana.accounts import roles
from tavana.core.errors import ServiceError
from tavana.protected.release import services
from tavana.protected.release.models import FollowUp, Pledge
from tavana.protected.release.reminders import followups_due

from .release_factories import release_staff, verified_case

pytestmark = pytest.mark.django_db


def test_a_follow_up_due_reminds_her_social_worker_without_naming_her(make_user):
    a = release_staff(make_user, roles.SOCIAL_WORKER, "rm_a")
    b = release_staff(make_user, roles.SOCIAL_WORKER, "rm_b")
    case = verified_case(a, b)
    case.social_worker = b
    case.save()
    today = timezone.localdate()
    FollowUp.objects.create(case=case, month=1, due_on=today - dt.timedelta(days=2))
    FollowUp.objects.create(case=case, month=3, due_on=today + dt.timedelta(days=60))
    reminders = list(followups_due(today, 7))
    assert len(reminders) == 1
    r = reminders[0]
    assert r.recipient_id == b.pk and "۲ روز گذشته" in r.text
    for secret in (case.first_name, case.last_name, case.prison, "زندان", "آزادسازی"):
        assert secret not in r.text
    FollowUp.objects.filter(case=case, month=1).update(done_on=today, outcome="well")
    assert list(followups_due(today, 7)) == []


def test_a_payment_fulfils_the_donors_pledge(make_user):
    a = release_staff(make_user, roles.SOCIAL_WORKER, "pl_a")
    donor = services.donor_save(actor=a, name="نیکوکار")
    other = services.donor_save(actor=a, name="دیگری")
    pledge = services.pledge_create(actor=None, donor=donor, amount=2_000_000)
    with pytest.raises(ServiceError) as e:
        services.payment_record(actor=a, donor=other, amount=2_000_000,
                                on=timezone.localdate(), pledge=pledge)  # fmt: skip
    assert "pledge" in e.value.errors
    services.payment_record(actor=a, donor=donor, amount=2_000_000, on=timezone.localdate(),
                            pledge=pledge)  # fmt: skip
    pledge.refresh_from_db()
    assert pledge.status == Pledge.FULFILLED
