"""Every use of her record that needs her consent checks it first: an SMS
(the notifications' gate and the bazaars' announcements), a record-level
research extract. (A partner referral: tests/casework.)"""

import datetime as dt

import pytest

from tavana.bazaars.services.booths import sms_announce
from tavana.core.errors import ServiceError
from tavana.insights.sharing import research_rows
from tavana.notifications.models import SmsOutbox
from tavana.notifications.services import sms_queue
from tavana.people.consents import consent_withdraw
from tavana.people.models import Consent

from ..bazaars import factories as f

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def test_an_sms_to_a_woman_without_consent_is_refused_in_persian():
    agreed = f.person()
    refused = f.person(sms_consent=False)
    assert sms_queue(mobile=agreed.mobile, text="کلاس فردا ساعت ۹", person_id=agreed.pk)
    with pytest.raises(ServiceError) as e:
        sms_queue(mobile=refused.mobile, text="کلاس فردا ساعت ۹", person_id=refused.pk)
    assert e.value.code == "consent_missing" and "پیامک" in e.value.message
    assert SmsOutbox.objects.filter(mobile=refused.mobile).count() == 0


def test_a_withdrawn_consent_stops_the_next_sms():
    her = f.person()
    consent_withdraw(actor=None, person=her, purpose="sms")
    with pytest.raises(ServiceError):
        sms_queue(mobile=her.mobile, text="بازارچه", person_id=her.pk)


def test_bazaar_announcements_go_only_to_women_who_agreed():
    agreed, not_asked = f.producer(), f.producer(sms_consent=False)
    assert sms_announce([], [agreed, not_asked]) == 1
    assert list(SmsOutbox.objects.values_list("mobile", flat=True)) == [agreed.person.mobile]


def test_a_research_extract_holds_only_women_who_agreed_to_research():
    women = [f.person() for _ in range(3)]
    for w in women:
        w.birth_date = dt.date(1980, 1, 1)
        w.save(update_fields=["birth_date"])
    Consent.objects.create(person=women[0], purpose="research", given_on=TODAY)
    Consent.objects.create(person=women[1], purpose="research", given_on=TODAY)
    consent_withdraw(actor=None, person=women[1], purpose="research")
    rows = research_rows(None, TODAY - dt.timedelta(days=30), TODAY)
    assert len(rows) == 1
