"""Her bazaars through the test client: rounds open to her category, ranked
choices (refused clearly and kept), the result only once published, and
accepting or declining her booth with the waitlist moving as for staff."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tavana.accounts import roles
from tavana.audit.models import AuditEntry
from tavana.bazaars import selectors, services
from tavana.bazaars.models import Application, Assignment
from tavana.core.sms import MemorySmsBackend
from tavana.portal.bazaars.forms import WRONG_CHOICE
from tests.bazaars import factories as f
from tests.field_errors import errors_untied

from .woman import empty_outbox, signed_in  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_outbox")]

APPLY = "portal:bazaar_apply"


@pytest.fixture
def organiser(make_user):
    return make_user(roles.BAZAAR_ORGANISER)


@pytest.fixture
def her():
    return f.producer("handicrafts")


def _post(client, r, **choices):
    data = {f"r{r.pk}-{k}": v for k, v in choices.items()}
    return client.post(reverse(APPLY, args=[r.pk]), data)


def _by_self(person, action):
    return AuditEntry.objects.filter(
        action=action, person_id=person.pk, actor_username=f"self:{person.pk}", actor__isnull=True
    )


def test_a_woman_who_is_no_producer_is_told_how_to_become_one(client):
    body = signed_in(client, f.person()).get(reverse("portal:bazaars")).content.decode()
    assert 'data-testid="not-a-producer"' in body and "apply-form" not in body


def test_she_sees_only_rounds_open_to_her_category_today(client, her):
    today = dt.date.today()
    r = f.round_("دورهٔ بهاری")
    mine = f.event(r)
    other = f.event(r)
    other.categories.add(f.category("pottery"))
    closed = f.event(f.round_("دورهٔ بسته"))
    closed.apply_until = today - dt.timedelta(days=1)
    closed.save()
    solved = f.event(f.round_("دورهٔ تقسیم‌شده", status="solved"))
    body = signed_in(client, her.person).get(reverse("portal:bazaars")).content.decode()
    assert f'value="{mine.pk}"' in body
    assert f'value="{other.pk}"' not in body
    assert f'value="{closed.pk}"' not in body and f'value="{solved.pk}"' not in body
    assert "دورهٔ بهاری" in body and "دورهٔ بسته" not in body


def test_she_applies_with_ranked_choices_audited_as_her_own(client, her):
    r = f.round_()
    a, b = f.event(r), f.event(r)
    r2 = _post(signed_in(client, her.person), r, choice_1=b.pk, choice_2=a.pk)
    assert r2.status_code == 302 and r2["Location"] == reverse("portal:bazaars")
    ranks = dict(Application.objects.filter(producer=her).values_list("event_id", "rank"))
    assert ranks == {b.pk: 1, a.pk: 2}
    assert not Application.objects.filter(producer=her, entered_by__isnull=False).exists()
    assert _by_self(her.person, "bazaar.application_record").count() == 1
    body = client.get(reverse("portal:bazaars")).content.decode()
    assert 'data-testid="my-choices"' in body and "نتیجه هنوز اعلام نشده" in body


def test_after_the_deadline_she_is_told_so_and_her_choice_is_kept(client, her):
    r = f.round_()
    e = f.event(r)
    page = signed_in(client, her.person).get(reverse("portal:bazaars")).content.decode()
    assert f'value="{e.pk}"' in page
    e.apply_until = dt.date.today() - dt.timedelta(days=1)  # the window closes meanwhile
    e.save()
    resp = _post(client, r, choice_1=e.pk)
    body = resp.content.decode()
    assert resp.status_code == 400
    assert "مهلت ثبت درخواست" in body and "به پایان رسیده است" in body
    assert f'<option value="{e.pk}" selected>' in body  # what she chose stays chosen
    assert 'aria-invalid="true"' in body and f"r{r.pk}-errors" in body
    assert errors_untied(body) == []
    assert not Application.objects.filter(producer=her).exists()


def test_wrong_choices_are_refused_beside_their_fields(client, her):
    r = f.round_()
    a, b = f.event(r), f.event(r)
    foreign = f.event(f.round_("دورهٔ دیگر"))
    signed_in(client, her.person)
    body = _post(client, r, choice_1=a.pk, choice_2=a.pk).content.decode()
    assert "این بازارچه را در انتخاب بالاتری آورده‌اید." in body
    assert f'id="id_r{r.pk}-choice_2-error"' in body
    assert errors_untied(body) == []
    body = _post(client, r, choice_1=foreign.pk).content.decode()
    assert WRONG_CHOICE in body
    body = _post(client, r).content.decode()
    assert "دست‌کم یک بازارچه را انتخاب کنید." in body
    b.categories.add(f.category("pottery"))
    resp = _post(client, r, choice_1=b.pk)
    assert resp.status_code == 400 and "را نمی‌پذیرد" in resp.content.decode()
    assert not Application.objects.filter(producer=her).exists()


def test_the_result_shows_only_once_published(client, her, organiser):
    r = f.round_()
    e = f.event(r, booths=1)
    f.apply(her, e)
    services.round_allocate(actor=organiser, round_=r)
    body = signed_in(client, her.person).get(reverse("portal:bazaars")).content.decode()
    assert "my-booth" not in body and "نتیجه هنوز اعلام نشده" in body
    f.publish(organiser, r)
    body = client.get(reverse("portal:bazaars")).content.decode()
    assert 'data-testid="my-booth"' in body and "غرفهٔ شمارهٔ ۱" in body


def test_she_accepts_her_booth(client, her, organiser):
    r = f.round_()
    e = f.event(r, booths=1)
    f.apply(her, e)
    services.round_allocate(actor=organiser, round_=r)
    f.publish(organiser, r)
    booth = Assignment.objects.get(producer=her)
    resp = signed_in(client, her.person).post(reverse("portal:booth_accept", args=[booth.pk]))
    assert resp.status_code == 302
    booth.refresh_from_db()
    assert booth.accepted_at is not None and booth.status == Assignment.ASSIGNED
    assert _by_self(her.person, "bazaar.booth_accept").count() == 1
    client.post(reverse("portal:booth_accept", args=[booth.pk]))  # twice: nothing more
    assert _by_self(her.person, "bazaar.booth_accept").count() == 1
    assert 'data-testid="booth-accepted"' in client.get(reverse("portal:bazaars")).content.decode()
    staff = Client()
    staff.force_login(organiser)  # the organiser's event page says she accepted
    page = staff.get(reverse("bazaars:event", args=[e.pk])).content.decode()
    assert 'data-testid="booth-accepted"' in page and "پذیرفت (" in page


def test_her_decline_moves_the_waitlist_as_a_staff_decline_does(
    client, her, organiser, django_capture_on_commit_callbacks
):
    r = f.round_()
    e = f.event(r, booths=1)
    f.apply(her, e)
    others = [f.producer(), f.producer()]
    for p in others:
        f.apply(p, e)
    services.round_allocate(actor=organiser, round_=r)
    # she holds the one booth: move it to her if the solver gave it to another
    held = Assignment.objects.get(event=e, status=Assignment.ASSIGNED)
    if held.producer_id != her.pk:
        services.assignment_adjust(actor=organiser, round_=r, producer=held.producer, event=e,
                                   add=False, reason="آزمون")  # fmt: skip
        services.assignment_adjust(actor=organiser, round_=r, producer=her, event=e, add=True,
                                   reason="آزمون")  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        f.publish(organiser, r)
    next_in_line = selectors.waitlist(e)[0]["producer"]
    booth = Assignment.objects.get(producer=her, status=Assignment.ASSIGNED)
    signed_in(client, her.person)
    url = reverse("portal:booth_decline", args=[booth.pk])
    assert client.get(url).status_code == 200
    unsure = client.post(url, {})
    assert unsure.status_code == 400 and "تیک بزنید" in unsure.content.decode()
    MemorySmsBackend.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"sure": "on"}).status_code == 302
    booth.refresh_from_db()
    assert booth.status == Assignment.DECLINED
    offered = Assignment.objects.get(event=e, status=Assignment.ASSIGNED)
    assert offered.producer_id == next_in_line.pk and offered.source == Assignment.WAITLIST
    assert [m.mobile for m in MemorySmsBackend.outbox] == [next_in_line.person.mobile]
    assert _by_self(her.person, "bazaar.booth_status").count() == 1
    # the booth passed on is recorded under her name, on the other woman's record
    assert AuditEntry.objects.filter(
        action="bazaar.booth_claim", person_id=next_in_line.person_id,
        actor_username=f"self:{her.person_id}",
    ).count() == 1  # fmt: skip


def test_her_waitlist_place_is_shown_after_publishing(client, her, organiser):
    r = f.round_()
    e = f.event(r, booths=1)
    winner = f.producer(primary_earner=True)
    f.apply(winner, e)
    f.apply(her, e)
    services.round_allocate(actor=organiser, round_=r)
    f.publish(organiser, r)
    body = signed_in(client, her.person).get(reverse("portal:bazaars")).content.decode()
    assert "نفر ۱ در فهرست انتظار" in body


def test_another_womans_booth_is_not_found(client, her, organiser):
    r = f.round_()
    e = f.event(r, booths=1)
    other = f.producer()
    f.apply(other, e)
    services.round_allocate(actor=organiser, round_=r)
    f.publish(organiser, r)
    booth = Assignment.objects.get(producer=other)
    signed_in(client, her.person)
    assert client.post(reverse("portal:booth_accept", args=[booth.pk])).status_code == 404
    assert client.get(reverse("portal:booth_decline", args=[booth.pk])).status_code == 404
    booth.refresh_from_db()
    assert booth.accepted_at is None and booth.status == Assignment.ASSIGNED


def test_signed_out_she_is_sent_to_sign_in(client):
    for name in ("portal:bazaars", "portal:work", "portal:inbox"):
        resp = client.get(reverse(name))
        assert resp.status_code == 302 and resp["Location"] == reverse("portal:sign_in")


def test_her_bazaars_page_reads_a_bounded_number_of_times(
    client, her, organiser, django_assert_max_num_queries
):
    """Open rounds, her choices and published results: the queries grow with the
    choices she has to wait for (one waitlist each), not with the events."""
    for n in range(3):
        r = f.round_(f"دورهٔ {n}")
        events = [f.event(r, booths=1) for _ in range(3)]
        f.apply(her, *events)
        f.apply(f.producer(primary_earner=True), events[0])
        if n < 2:
            f.applications_closed(r)
            services.round_allocate(actor=organiser, round_=r)
            f.publish(organiser, r)
    for _ in range(4):
        f.event(f.round_("دورهٔ باز"))
    signed_in(client, her.person)
    with django_assert_max_num_queries(32):
        response = client.get(reverse("portal:bazaars"))
    page = response.content.decode()
    assert response.status_code == 200 and "دورهٔ باز" in page  # the rounds open to her
    assert "دورهٔ 0" in page or "دورهٔ ۰" in page  # and the published results of hers
