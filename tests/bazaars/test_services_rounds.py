"""A round's life as data (domain/rounds.py): every change of status leaves a
history row, a failed allocation returns the round to where it was, and a
booth counts as announced only once the SMS provider accepted its message."""

import datetime as dt

import pytest
from django.utils import timezone

from tavana.accounts import roles
from tavana.bazaars import services
from tavana.bazaars.domain import allocation as engine
from tavana.bazaars.domain import rounds
from tavana.bazaars.models import Assignment, Round, RoundStatusChange
from tavana.core.errors import ServiceError
from tavana.core.models import JobProgress
from tavana.core.sms import MemorySmsBackend, SmsProviderError
from tavana.notifications import services as notifications
from tavana.notifications.models import SmsOutbox

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(make_user):
    return make_user(roles.BAZAAR_ORGANISER)


@pytest.fixture(autouse=True)
def _daytime(monkeypatch):
    """SMS go at once (no quiet hours) in these tests."""
    policy = notifications.policy_get()
    policy.quiet_start = policy.quiet_end = dt.time(0, 0)
    policy.save()
    MemorySmsBackend.outbox.clear()
    yield
    MemorySmsBackend.outbox.clear()


def _moves(r: Round) -> list[tuple[str, str]]:
    return list(RoundStatusChange.objects.filter(round=r).values_list("source", "target"))


def _round_with_applicants(organiser, booths=1, women=2):
    r = services.round_create(actor=organiser, name="بازارچه‌های آزمایشی")
    e = f.event(r, booths=booths)
    ps = [f.producer(primary_earner=i == 0) for i in range(women)]
    for p in ps:
        f.apply(p, e)
    return r, e, ps


def test_the_moves_allowed_are_a_table():
    rounds.check_move(rounds.DRAFT, rounds.SOLVING)
    rounds.check_move(rounds.SOLVED, rounds.SOLVING)
    for source, target in [
        (rounds.DRAFT, rounds.SOLVED),
        (rounds.SOLVING, rounds.SOLVING),
        (rounds.DRAFT, rounds.PUBLISHED),
        (rounds.PUBLISHED, rounds.SOLVING),
    ]:
        with pytest.raises(rounds.RoundMoveError) as e:
            rounds.check_move(source, target)
        assert rounds.LABELS[target] in str(e.value)
    assert rounds.back_from_solving(has_result=True) == rounds.SOLVED
    assert rounds.back_from_solving(has_result=False) == rounds.DRAFT


def test_every_change_of_status_leaves_a_history_row(organiser, django_capture_on_commit_callbacks):
    r, _e, _ps = _round_with_applicants(organiser)
    assert _moves(r) == [("", Round.DRAFT)]
    f.applications_closed(r)
    with django_capture_on_commit_callbacks(execute=True):
        services.round_allocate_start(actor=organiser, round_=r)
    r.refresh_from_db()
    assert r.status == Round.SOLVED
    job = JobProgress.objects.get(task_id=r.task_id)
    assert job.finished and not job.failed
    with django_capture_on_commit_callbacks(execute=True):
        f.publish(organiser, r)
    assert _moves(r) == [
        ("", Round.DRAFT),
        (Round.DRAFT, Round.SOLVING),
        (Round.SOLVING, Round.SOLVED),
        (Round.SOLVED, Round.PUBLISHED),
    ]
    assert set(RoundStatusChange.objects.filter(round=r).values_list("by", flat=True)) == {
        organiser.pk
    }


def test_a_round_is_neither_allocated_nor_published_before_its_application_deadline(
    organiser,
):
    r, e, _ps = _round_with_applicants(organiser)
    with pytest.raises(ServiceError) as refused:
        services.round_allocate_start(actor=organiser, round_=r)
    assert refused.value.code == "round_applications_open"
    assert "مهلت ثبت درخواست" in refused.value.message
    r.refresh_from_db()
    assert r.status == Round.DRAFT and _moves(r) == [("", Round.DRAFT)]
    services.round_allocate(actor=organiser, round_=r)  # (as a re-run would have left it)
    with pytest.raises(ServiceError) as refused:
        services.round_publish(actor=organiser, round_=r, confirmed=2)
    assert refused.value.code == "round_applications_open"
    r.refresh_from_db()
    assert r.status == Round.SOLVED


def test_publishing_sends_only_the_number_of_sms_the_organiser_confirmed(organiser):
    r, _e, _ps = _round_with_applicants(organiser)
    services.round_allocate(actor=organiser, round_=r)
    f.applications_closed(r)
    assert services.round_publish_count(r) == 2  # one booth, one woman waiting
    with pytest.raises(ServiceError) as refused:
        services.round_publish(actor=organiser, round_=r, confirmed=1)
    assert refused.value.code == "round_publish_unconfirmed" and "۲ پیامک" in refused.value.message
    r.refresh_from_db()
    assert r.status == Round.SOLVED and not SmsOutbox.objects.exists()
    assert services.round_publish(actor=organiser, round_=r, confirmed=2) == 2


def test_a_round_being_solved_or_published_is_not_started_again(organiser):
    r, _e, _ps = _round_with_applicants(organiser)
    Round.objects.filter(pk=r.pk).update(status=Round.SOLVING)
    with pytest.raises(ServiceError) as e:
        services.round_allocate_start(actor=organiser, round_=r)
    assert e.value.code == "round_busy" and "در حال تقسیم" in e.value.message
    assert _moves(r) == [("", Round.DRAFT)]


def test_a_failed_first_allocation_returns_the_round_to_draft(organiser, monkeypatch):
    r, _e, _ps = _round_with_applicants(organiser)

    def broken(*a, **k):
        raise RuntimeError("solver crashed")

    monkeypatch.setattr(engine, "solve", broken)
    with pytest.raises(RuntimeError):
        services.round_allocate(actor=organiser, round_=r)
    r.refresh_from_db()
    assert r.status == Round.DRAFT and not Assignment.objects.exists()
    assert _moves(r)[-1] == (Round.SOLVING, Round.DRAFT)


def test_a_failed_rerun_keeps_the_solved_round_and_its_booths(
    organiser, monkeypatch, django_capture_on_commit_callbacks
):
    """The bug the transition table fixed: a failed re-run used to leave a draft
    round that still held the old booths."""
    r, e, ps = _round_with_applicants(organiser)
    services.round_allocate(actor=organiser, round_=r)
    held = list(Assignment.objects.values_list("event_id", "producer_id"))
    assert held == [(e.pk, ps[0].pk)]

    def broken(*a, **k):
        raise RuntimeError("solver crashed")

    monkeypatch.setattr(engine, "solve", broken)
    f.applications_closed(r)
    with django_capture_on_commit_callbacks(execute=True):
        services.round_allocate_start(actor=organiser, round_=r)
    r.refresh_from_db()
    assert r.status == Round.SOLVED
    assert list(Assignment.objects.values_list("event_id", "producer_id")) == held
    job = JobProgress.objects.get(task_id=r.task_id)
    assert job.failed and "خطای پیش‌بینی‌نشده" in job.message
    assert _moves(r)[-2:] == [(Round.SOLVED, Round.SOLVING), (Round.SOLVING, Round.SOLVED)]


def test_the_instance_is_built_from_the_database_as_the_command_would_read_it(organiser):
    r, e, ps = _round_with_applicants(organiser, booths=2, women=3)
    e.category_cap = 0.5
    e.save()
    direct = services.round_instance(r)
    as_json = engine.parse_instance(
        {
            "round": str(r.pk),
            "events": [
                {
                    "id": e.pk,
                    "start": direct.events[0].start.strftime("%Y-%m-%d"),
                    "end": direct.events[0].end.strftime("%Y-%m-%d"),
                    "booths": 2,
                    "category_cap": 0.5,
                    "district": e.venue.district_id,
                }
            ],
            "applicants": [
                {
                    "id": p.pk,
                    "category": str(p.category_id),
                    "priority": int(i == 0),
                    "past": 0,
                    "quota": 1,
                }
                for i, p in enumerate(ps)
            ],
            "applications": [{"applicant": p.pk, "event": e.pk, "rank": 1} for p in ps],
        }
    )
    assert direct == as_json
    assert engine.solve(direct).assignments == engine.solve(as_json).assignments


def test_a_booth_is_announced_when_the_provider_accepts_its_sms(
    organiser, monkeypatch, django_capture_on_commit_callbacks
):
    r, e, ps = _round_with_applicants(organiser)
    services.round_allocate(actor=organiser, round_=r)

    def down(messages):
        raise SmsProviderError("unreachable")

    monkeypatch.setattr("tavana.notifications.services.sms_send", down)
    with django_capture_on_commit_callbacks(execute=True):
        assert f.publish(organiser, r) == 2
    booth = Assignment.objects.select_related("sms").get(event=e)
    assert booth.sms is not None and booth.notified_at is None  # queued, not accepted
    assert booth.sms.attempts == 1  # to be retried later
    monkeypatch.undo()
    later = timezone.now() + dt.timedelta(hours=1)
    assert notifications.sms_flush(now=later) == 2
    booth = Assignment.objects.select_related("sms").get(event=e)
    assert booth.notified_at == later
    texts = {m.mobile: m.text for m in MemorySmsBackend.outbox}
    assert "غرفهٔ شمارهٔ ۱" in texts[ps[0].person.mobile]
    assert "فهرست انتظار" in texts[ps[1].person.mobile]
    assert SmsOutbox.objects.filter(sent_at__isnull=True).count() == 0
