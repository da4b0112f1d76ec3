"""A round's life: created, its booths allocated by the exact engine (in a
background task, with progress), published with SMS. Every change of its
status follows domain/rounds.py and leaves a RoundStatusChange row."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable

import jdatetime
from django.db import transaction
from django.utils import timezone

from tavana.audit.services import audit_write
from tavana.businesses.models import Producer
from tavana.core.domain.jalali import format_jalali
from tavana.core.domain.persian_text import clean
from tavana.core.errors import ServiceError
from tavana.core.progress import progress_finish, progress_start

from ..domain import allocation as engine
from ..domain import rounds
from ..models import Application, Assignment, Round, RoundStatusChange
from ..selectors import opportunities, producer_priorities, round_year
from .booths import sms_announce

BUSY = "این دوره در حال تقسیم یا منتشرشده است."


def _round_move(*, actor, round_: Round, target: str, note: str = "", fields=()) -> None:
    """Move a (locked) round to `target`, saving `fields` with it, and record the
    change."""
    try:
        rounds.check_move(round_.status, target)
    except rounds.RoundMoveError as e:
        raise ServiceError(str(e), code="round_status") from None
    source = round_.status
    round_.status = target
    round_.save(update_fields=["status", *fields, "updated_at"])
    RoundStatusChange.objects.create(
        round=round_, source=source, target=target, at=timezone.now(), by=actor, note=note[:300]
    )


def _locked(round_: Round) -> Round:
    return Round.objects.select_for_update().get(pk=round_.pk)


def _applications_closed(r: Round, doing: str) -> None:
    """Refuse to allocate or publish while any of the round's events still takes
    applications."""
    until = rounds.applications_still_open(
        list(r.events.values_list("apply_until", flat=True)), timezone.localdate()
    )
    if until is not None:
        raise ServiceError(
            f"مهلت ثبت درخواست تا {format_jalali(until)} باز است؛ {doing} پس از پایان مهلت "
            "ممکن است تا درخواست کسی که در مهلت می‌آید بی‌پاسخ نماند.",
            code="round_applications_open",
        )


def round_publish_count(round_: Round) -> int:
    """How many SMS publishing the round would send now (one per booth held, one
    per applicant left waiting, each with a mobile): asked before sending."""
    held = Assignment.objects.filter(event__round=round_, status__in=Assignment.HELD).exclude(
        producer__person__mobile=""
    )
    served = Assignment.objects.filter(event__round=round_, status__in=Assignment.HELD).values(
        "producer_id"
    )
    waiting = (
        Producer.objects.filter(applications__event__round=round_)
        .exclude(pk__in=served)
        .exclude(person__mobile="")
        .distinct()
    )
    return held.count() + waiting.count()


def round_create(*, actor, name: str, quota: int = 1) -> Round:
    name = clean(name)
    if not name:
        raise ServiceError({"name": "نام دوره را بنویسید."})
    with transaction.atomic():
        r = Round.objects.create(name=name, quota=max(1, quota), created_by=actor)
        RoundStatusChange.objects.create(round=r, target=r.status, at=r.created_at, by=actor)
        audit_write(actor=actor, action="bazaar.round_create", obj=r, after={"name": name})
    return r


# ------------------------------------------------------------------ allocation


def round_allocate_start(*, actor, round_: Round) -> Round:
    """Start allocating a round's booths in the background: the round is marked
    solving and, once that commits, the task is queued; its progress is served
    under the round's `task_id`. A draft or solved (unpublished) round only."""
    from ..tasks import KIND, allocate_round

    with transaction.atomic():
        r = _locked(round_)
        if r.status not in (Round.DRAFT, Round.SOLVED):
            raise ServiceError(BUSY, code="round_busy")
        _applications_closed(r, "تقسیم غرفه‌ها")
        r.task_id = uuid.uuid4().hex
        _round_move(actor=actor, round_=r, target=Round.SOLVING, fields=["task_id"])
        progress_start(task_id=r.task_id, kind=KIND, owner=actor, total=100, message="در صف تقسیم")

        def enqueue() -> None:
            try:
                allocate_round.enqueue(r.pk, getattr(actor, "pk", None), r.task_id)
            except Exception:
                message = "کار تقسیم در صف قرار نگرفت."
                _allocation_failed(actor=actor, round_=r, message=message)
                progress_finish(task_id=r.task_id, failed=True, message=message)
                raise

        transaction.on_commit(enqueue)
    return r


def _allocation_failed(*, actor, round_: Round, message: str) -> None:
    """A failed allocation returns the round to where it was: to its stored
    result when it has one (a re-run), else to draft, with the reason."""
    with transaction.atomic():
        r = _locked(round_)
        if r.status == Round.SOLVING:
            target = rounds.back_from_solving(has_result=r.solved_at is not None)
            _round_move(actor=actor, round_=r, target=target, note=message)
    round_.status = r.status


def round_instance(round_: Round) -> engine.Instance:
    """The engine's instance for a round, from the database: priority is her
    Registration.primary_earner, past her opportunities this Jalali year."""
    events = list(round_.events.select_related("venue").order_by("id"))
    apps = list(
        Application.objects.filter(event__round=round_)
        .order_by("id")
        .values_list("producer_id", "event_id", "rank")
    )
    pids = sorted({p for p, _, _ in apps})
    cats = dict(Producer.objects.filter(pk__in=pids).values_list("id", "category_id"))
    past = opportunities(pids, round_year(round_), exclude_round=round_)
    prio = producer_priorities(pids)
    return engine.Instance(
        round=str(round_.pk),
        events=[
            engine.Event(
                id=e.pk,
                start=jdatetime.date.fromgregorian(date=e.start_date),
                end=jdatetime.date.fromgregorian(date=e.end_date),
                booths=e.booths,
                category_cap=e.category_cap,
                district=e.venue.district_id,
            )
            for e in events
        ],
        applicants=[
            engine.Applicant(
                id=p,
                category=str(cats[p]),
                priority=prio.get(p, 0),
                past=past.get(p, 0),
                quota=round_.quota,
            )
            for p in pids
        ],
        applications=[engine.Application(applicant=p, event=e, rank=r) for p, e, r in apps],
    )


def _tiers(instance, results: dict[str, engine.Result]) -> list[dict]:
    applicants: dict[tuple[int, int], int] = defaultdict(int)
    for a in instance.applicants:
        applicants[(a.past, a.priority)] += 1
    rows = []
    for past, priority in instance.tiers():
        row = {"past": past, "priority": priority, "applicants": applicants[(past, priority)]}
        for name, res in results.items():
            row[name] = res.served().get((past, priority), 0)
        rows.append(row)
    return rows


def _solve(round_: Round, time_limit, progress) -> tuple[engine.Result, dict]:
    """The exact allocation and, beside it, what a lottery (seed = the round's id)
    and first-come-first-served would have given on the same applications."""
    instance = round_instance(round_)
    best = engine.solve(instance, time_limit=time_limit, progress=progress)
    problems = engine.check_feasible(instance, best.assignments)
    if problems:  # pragma: no cover - the engine is tested; never store a broken result
        raise ServiceError("نتیجهٔ تقسیم با قواعد سازگار نیست: " + "؛ ".join(problems[:3]))
    lot = engine.lottery(instance, seed=round_.pk)
    fcfs = engine.first_come_first_served(instance)
    results = {"optimal": best, "lottery": lot, "fcfs": fcfs}
    stats = {
        "optimal": best.optimal,
        "seconds": round(best.seconds, 2),
        "applicants": len(instance.applicants),
        "applications": len(instance.applications),
        "booths": sum(e.booths for e in instance.events),
        "lottery_seed": round_.pk,
        "tiers": _tiers(instance, results),
        "served": {k: sum(r.served().values()) for k, r in results.items()},
        "booths_assigned": {k: r.booths_assigned for k, r in results.items()},
        "rank_sum": {k: r.rank_sum for k, r in results.items()},
    }
    return best, stats


def round_allocate(
    *,
    actor,
    round_: Round,
    time_limit: float | None = None,
    progress: Callable[[str, float], None] | None = None,
) -> dict:
    """Solve the round exactly and store the booths (replacing an unpublished
    result) with the fairness figures. The background task calls this for a
    round marked solving; called on a draft or solved round it marks it solving
    itself. If anything fails the round goes back to where it was."""
    with transaction.atomic():
        r = _locked(round_)
        if r.status == Round.PUBLISHED:
            raise ServiceError("این دوره منتشر شده است و دوباره تقسیم نمی‌شود.")
        if r.status != Round.SOLVING:
            _round_move(actor=actor, round_=r, target=Round.SOLVING)
    try:
        best, stats = _solve(r, time_limit, progress)
    except ServiceError as e:
        _allocation_failed(actor=actor, round_=r, message=e.message)
        raise
    except BaseException:
        _allocation_failed(actor=actor, round_=r, message="خطای پیش‌بینی‌نشده در تقسیم غرفه‌ها")
        raise
    by_event = defaultdict(list)
    for producer_id, event_id in best.assignments:
        by_event[event_id].append(producer_id)
    with transaction.atomic():
        r = _locked(r)
        Assignment.objects.filter(event__round=r).delete()
        Assignment.objects.bulk_create(
            [
                Assignment(event_id=eid, producer_id=pid, booth_no=n, source=Assignment.SOLVER)
                for eid, pids in by_event.items()
                for n, pid in enumerate(sorted(pids), start=1)
            ]
        )
        r.result, r.solved_at = stats, timezone.now()
        _round_move(actor=actor, round_=r, target=Round.SOLVED, fields=["result", "solved_at"])
        audit_write(
            actor=actor,
            action="bazaar.round_allocate",
            obj=r,
            after={k: stats[k] for k in ("optimal", "served", "booths_assigned", "rank_sum")},
        )
    round_.status, round_.result, round_.solved_at = r.status, r.result, r.solved_at
    return stats


# ------------------------------------------------------------------ publishing


def round_publish(*, actor, round_: Round, confirmed: int) -> int:
    """Publish the round: every applicant is told by SMS where and when she sells,
    or that she is on the waitlist. `confirmed` is the number of messages the
    organiser was shown and agreed to send (`round_publish_count`); if it is no
    longer the number, she is asked again. Returns the number queued."""
    with transaction.atomic():
        r = _locked(round_)
        if r.status != Round.SOLVED:
            raise ServiceError("فقط دوره‌ای که تقسیم شده و منتشر نشده است منتشر می‌شود.")
        _applications_closed(r, "انتشار نتیجه")
        now = round_publish_count(r)
        if confirmed != now:
            raise ServiceError(
                f"انتشار {now} پیامک می‌فرستد؛ این شمار را ببینید و دوباره تأیید کنید.",
                code="round_publish_unconfirmed",
            )
        r.published_at = timezone.now()
        _round_move(actor=actor, round_=r, target=Round.PUBLISHED, fields=["published_at"])
        held = list(
            Assignment.objects.filter(event__round=r, status__in=Assignment.HELD).select_related(
                "event__venue", "producer__person"
            )
        )
        served = {a.producer_id for a in held}
        waiting = list(
            Producer.objects.filter(applications__event__round=r)
            .exclude(pk__in=served)
            .distinct()
            .select_related("person")
        )
        sent = sms_announce(held, waiting)
        audit_write(
            actor=actor,
            action="bazaar.round_publish",
            obj=r,
            after={"booths": len(held), "waiting": len(waiting)},
        )
    round_.status, round_.published_at = r.status, r.published_at
    return sent
