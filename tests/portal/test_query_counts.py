"""Her own lists (courses open to her, her corrections, rounds and booths, her
messages, consents, work) take the same number of queries however many rows;
each page shows the rows added."""

import datetime as dt
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from tavana.notifications.models import SmsOutbox
from tavana.people import consents
from tavana.people.domain import consent as rules
from tavana.people.services_herself import change_request_by_herself
from tavana.production import services as production
from tests.bazaars import factories as bf
from tests.production import factories as pf
from tests.query_counts import assert_pinned
from tests.training import factories as tf

from .woman import signed_in

pytestmark = pytest.mark.django_db
_n = itertools.count(1)


def test_courses_open_to_her(client):
    signed_in(client, tf.person("مریم", "کاظمی"))
    first = timezone.localdate() + dt.timedelta(days=5)

    def more(n=3):
        for _ in range(n):
            tf.course(capacity=5, first=first, title=f"گلدوزی {next(_n)}")

    more(1)
    page = assert_pinned(client, reverse("portal:courses"), more, PINNED["courses"])
    assert page.count("گلدوزی ") >= 4


def test_her_corrections(client):
    her = tf.person("مریم", "کاظمی")
    her.father_name = "علی"
    her.save(update_fields=["father_name"])
    signed_in(client, her)
    fields = iter([("father_name", "علیرضا"), ("first_name", "مریما"), ("last_name", "کاظم")])

    def more(n=2):
        for _ in range(n):
            field, value = next(fields)
            change_request_by_herself(person=her, field=field, value=value, reason="در شناسنامه")

    more(1)
    page = assert_pinned(client, reverse("portal:corrections"), more, PINNED["corrections"])
    assert "علیرضا" in page and "مریما" in page and "کاظم" in page


def test_rounds_open_to_her_and_her_choices(client):
    her = bf.producer("handicrafts")
    signed_in(client, her.person)

    def more(n=3):
        for _ in range(n):
            bf.apply(her, bf.event(bf.round_(f"دورهٔ {next(_n)}")))

    more(1)
    page = assert_pinned(client, reverse("portal:bazaars"), more, PINNED["bazaars"])
    assert page.count("دورهٔ ") >= 4


def test_her_messages(client):
    her = bf.person(mobile="09125550001")
    signed_in(client, her)

    def more(n=3):
        for _ in range(n):
            SmsOutbox.objects.create(
                mobile="09125550001", text=f"غرفهٔ شمارهٔ {next(_n)} برای شما",
                kind="bazaars.booth", not_before=timezone.now(),
            )  # fmt: skip

    more(1)
    page = assert_pinned(client, reverse("portal:inbox"), more, PINNED["inbox"])
    assert page.count('<li class="card') == 4


def test_her_consents(client, make_user):
    her = tf.person("مریم", "کاظمی")
    staff = make_user("registrar", username="reg")
    signed_in(client, her)

    def more():
        for purpose in (rules.SERVICES, rules.SMS):
            consents.consent_give(actor=staff, person=her, purpose=purpose)

    page = assert_pinned(client, reverse("portal:consents"), more, PINNED["consents"])
    assert page.count('action="/my/consents/') >= 2  # each one she gave can be withdrawn


def test_her_work(client):
    actor = pf.coordinator()
    o, item, good, nosheba, week = pf.worked_order(actor)
    signed_in(client, good.person)

    def more():
        for days in (7, 14, 21):
            production.worklog_add(
                actor=actor, item=item, week_of=week - dt.timedelta(days=days),
                rows=[(good, 5, 0)],
            )  # fmt: skip

    page = assert_pinned(client, reverse("portal:work"), more, PINNED["work"])
    assert page.count("هفتهٔ منتهی به") == 4  # her weeks, the three added too


PINNED = {"courses": 7, "corrections": 5, "bazaars": 8, "inbox": 9, "consents": 7, "work": 8}
