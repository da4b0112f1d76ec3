"""Writes of bazaars: rounds, events, applications, allocation, booths, SMS.

Every service takes the acting user, owns its transaction and audits what it
changes. Public names pass `tavana.core.labels.public_name_check`; SMS go out on
commit and say where and when, never why a woman is served.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from tavana.audit.services import audit_write
from tavana.businesses.models import Producer
from tavana.core.domain.jalali import format_jalali, to_jalali_iso
from tavana.core.domain.persian_text import clean, to_persian_digits
from tavana.core.errors import ServiceError
from tavana.core.labels import public_name_check
from tavana.core.sms import SmsMessage
from tavana.notifications.services import sms_queue

from .domain import allocation as engine
from .models import Application, Assignment, Event, Round
from .selectors import opportunities, producer_priorities, round_year, waitlist


class BoothTaken(ServiceError):
    """Every booth of the event is taken (the caller may stop offering more)."""

    code = "booth_taken"


def _today() -> dt.date:
    return timezone.localdate()


# ------------------------------------------------------------------ rounds, events


def round_create(*, actor, name: str, quota: int = 1) -> Round:
    name = clean(name)
    if not name:
        raise ServiceError({"name": "نام دوره را بنویسید."})
    with transaction.atomic():
        r = Round.objects.create(name=name, quota=max(1, quota), created_by=actor)
        audit_write(actor=actor, action="bazaar.round_create", obj=r, after={"name": name})
    return r


EVENT_FIELDS = (
    "kind",
    "name",
    "venue",
    "start_date",
    "end_date",
    "booths",
    "category_cap",
    "apply_from",
    "apply_until",
)


def event_check(data: dict) -> dict[str, str]:
    """Field errors of an event, in Persian (also used by the form)."""
    errors: dict[str, str] = {}
    check = public_name_check(data.get("name"))
    if not check.ok:
        errors["name"] = check.reason
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        errors["end_date"] = "تاریخ پایان پیش از تاریخ شروع است."
    a, b = data.get("apply_from"), data.get("apply_until")
    if a and b and b < a:
        errors["apply_until"] = "پایان ثبت درخواست پیش از شروع آن است."
    if b and start and b >= start:
        errors["apply_until"] = "ثبت درخواست باید پیش از شروع بازارچه به پایان برسد."
    cap = data.get("category_cap")
    if cap is not None and not (0 < cap <= 1):
        errors["category_cap"] = "سقف سهم هر دسته باید عددی بزرگ‌تر از صفر و حداکثر ۱ باشد."
    return errors


def event_create(*, actor, round_: Round, data: dict, categories=()) -> Event:
    if round_.status != Round.DRAFT:
        raise ServiceError("غرفه‌های این دوره تقسیم شده است؛ بازارچهٔ تازه را در دورهٔ دیگری بسازید.")
    data = dict(data)
    data["name"] = clean(data.get("name") or "")
    if data.get("booths") in (None, "") and data.get("venue") is not None:
        data["booths"] = data["venue"].booth_count
    errors = event_check(data)
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        event = Event.objects.create(round=round_, **{k: data.get(k) for k in EVENT_FIELDS})
        if categories:
            event.categories.set(categories)
        audit_write(
            actor=actor,
            action="bazaar.event_create",
            obj=event,
            after={"name": event.name, "venue": event.venue_id, "booths": event.booths},
        )
    return event


# ------------------------------------------------------------------ applications


def application_record(
    *, actor, producer: Producer, events: list[Event], today: dt.date | None = None
) -> list[Application]:
    """Record a producer's ranked choices (first = rank 1, after any she already has
    in the round). Refuses, with a Persian reason each, choices from several rounds,
    a closed round, duplicates, choices outside the application window, and
    categories an event does not take. Self-service will call this same service."""
    today = today or _today()
    if not events:
        raise ServiceError({"events": "دست‌کم یک بازارچه را انتخاب کنید."})
    rounds = {e.round_id for e in events}
    if len(rounds) > 1:
        raise ServiceError({"events": "همهٔ انتخاب‌ها باید از یک دوره باشند."})
    round_ = events[0].round
    if round_.status != Round.DRAFT:
        raise ServiceError("غرفه‌های این دوره تقسیم شده است و درخواست تازه پذیرفته نمی‌شود.")
    if not producer.active:
        raise ServiceError("این تولیدکننده غیرفعال است.")
    errors: list[str] = []
    seen: set[int] = set()
    existing = set(
        Application.objects.filter(producer=producer, event__in=events).values_list(
            "event_id", flat=True
        )
    )
    for e in events:
        if e.pk in seen:
            errors.append(f"«{e.name} — {e.venue.name}» دو بار انتخاب شده است.")
            continue
        seen.add(e.pk)
        if e.pk in existing:
            errors.append(f"برای «{e.name} — {e.venue.name}» پیش‌تر درخواست ثبت شده است.")
        if today < e.apply_from:
            errors.append(
                f"ثبت درخواست برای «{e.name} — {e.venue.name}» از {format_jalali(e.apply_from)} آغاز می‌شود."
            )
        elif today > e.apply_until:
            errors.append(
                f"مهلت ثبت درخواست برای «{e.name} — {e.venue.name}» "
                f"در {format_jalali(e.apply_until)} به پایان رسیده است."
            )
        cats = {c.pk: c.name for c in e.categories.all()}
        if cats and producer.category_id not in cats:
            errors.append(
                f"«{e.name} — {e.venue.name}» دستهٔ «{producer.category.name}» را نمی‌پذیرد."
            )
    if errors:
        raise ServiceError({"events": " ".join(errors)})
    with transaction.atomic():
        start = (
            Application.objects.filter(producer=producer, event__round=round_).aggregate(
                m=Max("rank")
            )["m"]
            or 0
        )
        made = [
            Application(producer=producer, event=e, rank=start + i, entered_by=actor)
            for i, e in enumerate(events, start=1)
        ]
        try:
            with transaction.atomic():
                Application.objects.bulk_create(made)
        except IntegrityError:
            raise ServiceError("برای یکی از این بازارچه‌ها پیش‌تر درخواست ثبت شده است.") from None
        audit_write(
            actor=actor,
            action="bazaar.application_record",
            obj=producer,
            person_id=producer.person_id,
            after={"events": [e.pk for e in events], "ranks": [a.rank for a in made]},
        )
    return made


# ------------------------------------------------------------------ allocation


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
    data = {
        "round": str(round_.pk),
        "events": [
            {
                "id": e.pk,
                "start": to_jalali_iso(e.start_date),
                "end": to_jalali_iso(e.end_date),
                "booths": e.booths,
                "category_cap": e.category_cap,
                "district": e.venue.district_id,
            }
            for e in events
        ],
        "applicants": [
            {
                "id": p,
                "category": str(cats[p]),
                "priority": prio.get(p, 0),
                "past": past.get(p, 0),
                "quota": round_.quota,
            }
            for p in pids
        ],
        "applications": [{"applicant": p, "event": e, "rank": r} for p, e, r in apps],
    }
    return engine.parse_instance(data)


def _tiers(instance, results: dict[str, engine.Result]) -> list[dict]:
    applicants = defaultdict(int)
    for a in instance.applicants:
        applicants[(a.past, a.priority)] += 1
    rows = []
    for past, priority in instance.tiers():
        row = {"past": past, "priority": priority, "applicants": applicants[(past, priority)]}
        for name, res in results.items():
            row[name] = res.served().get((past, priority), 0)
        rows.append(row)
    return rows


def round_allocate(
    *,
    actor,
    round_: Round,
    time_limit: float | None = None,
    progress: Callable[[str, float], None] | None = None,
) -> dict:
    """Solve the round exactly, store the booths (replacing an unpublished result),
    and keep beside them what a lottery (seed = the round's id) and
    first-come-first-served would have given on the same applications."""
    if round_.status == Round.PUBLISHED:
        raise ServiceError("این دوره منتشر شده است و دوباره تقسیم نمی‌شود.")
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
    by_event = defaultdict(list)
    for producer_id, event_id in best.assignments:
        by_event[event_id].append(producer_id)
    with transaction.atomic():
        Assignment.objects.filter(event__round=round_).delete()
        Assignment.objects.bulk_create(
            [
                Assignment(event_id=eid, producer_id=pid, booth_no=n, source=Assignment.SOLVER)
                for eid, pids in by_event.items()
                for n, pid in enumerate(sorted(pids), start=1)
            ]
        )
        round_.result = stats
        round_.status = Round.SOLVED
        round_.solved_at = timezone.now()
        round_.save(update_fields=["result", "status", "solved_at", "updated_at"])
        audit_write(
            actor=actor,
            action="bazaar.round_allocate",
            obj=round_,
            after={k: stats[k] for k in ("optimal", "served", "booths_assigned", "rank_sum")},
        )
    return stats


# ------------------------------------------------------------------ booths


def booth_claim(
    *, actor, event_id: int, producer_id: int, source: str = Assignment.WAITLIST, reason: str = ""
) -> Assignment:
    """Give a producer a free booth at an event. The event row is locked
    (select_for_update), so concurrent claims queue: never more holders than
    booths; a unique constraint on (event, booth) is the backstop."""
    with transaction.atomic():
        event = Event.objects.select_for_update().select_related("round").get(pk=event_id)
        producer = Producer.objects.select_related("category").get(pk=producer_id)
        held = list(
            Assignment.objects.filter(event=event, status__in=Assignment.HELD).values_list(
                "booth_no", "producer_id", "producer__category_id"
            )
        )
        if any(pid == producer_id for _, pid, _ in held):
            raise ServiceError("این تولیدکننده در همین بازارچه غرفه دارد.")
        if len(held) >= event.booths:
            raise BoothTaken(f"همهٔ غرفه‌های «{event.name} — {event.venue.name}» پر است.")
        if event.category_cap is not None:
            cap = max(1, int(event.category_cap * event.booths))
            if sum(1 for *_, c in held if c == producer.category_id) >= cap:
                raise ServiceError(
                    f"سهم دستهٔ «{producer.category.name}» در این بازارچه پر است "
                    f"(حداکثر {to_persian_digits(cap)} غرفه)."
                )
        mine = list(
            Assignment.objects.filter(producer_id=producer_id, status__in=Assignment.HELD)
            .exclude(event=event)
            .values_list("event__round_id", "event__start_date", "event__end_date")
        )
        if sum(1 for r, _, _ in mine if r == event.round_id) >= event.round.quota:
            raise ServiceError("سهم این تولیدکننده از غرفه‌های این دوره پر است.")
        if any(s <= event.end_date and event.start_date <= e for _, s, e in mine):
            raise ServiceError("این تولیدکننده در همین روزها در بازارچهٔ دیگری غرفه دارد.")
        used = {n for n, _, _ in held}
        booth_no = next(n for n in range(1, event.booths + 1) if n not in used)
        try:
            with transaction.atomic():
                a = Assignment.objects.create(
                    event=event,
                    producer_id=producer_id,
                    booth_no=booth_no,
                    source=source,
                    status_reason=reason,
                )
        except IntegrityError:
            raise BoothTaken("این غرفه هم‌زمان به نفر دیگری رسید.") from None
        audit_write(
            actor=actor,
            action="bazaar.booth_claim",
            obj=a,
            person_id=producer.person_id,
            after={"event": event.pk, "booth_no": booth_no, "source": source},
            reason=reason,
        )
    return a


def _booth_text(a: Assignment) -> str:
    e = a.event
    return (
        f"غرفهٔ شمارهٔ {to_persian_digits(a.booth_no)} در «{e.name}»، {e.venue.name}، "
        f"از {format_jalali(e.start_date)} تا {format_jalali(e.end_date)} برای شما در نظر گرفته شد. "
        "برای پذیرفتن یا انصراف با مرکز تماس بگیرید."
    )


WAITLIST_TEXT = (
    "در این نوبت غرفه‌ای به درخواست شما نرسید و نام شما در فهرست انتظار است؛ "
    "اگر غرفه‌ای آزاد شود با شما تماس می‌گیریم."
)


def _notify(assignments: list[Assignment], waiting: list[Producer] = ()) -> None:
    """Queue the SMS (they go after commit, outside quiet hours); record when each
    booth was announced."""
    messages = [
        SmsMessage(mobile=a.producer.person.mobile, text=_booth_text(a))
        for a in assignments
        if a.producer.person.mobile
    ]
    messages += [
        SmsMessage(mobile=p.person.mobile, text=WAITLIST_TEXT) for p in waiting if p.person.mobile
    ]
    if assignments:
        Assignment.objects.filter(pk__in=[a.pk for a in assignments]).update(
            notified_at=timezone.now()
        )
    for m in messages:
        sms_queue(mobile=m.mobile, text=m.text, kind="bazaars.booth")


def waitlist_fill(*, actor, event: Event, notify: bool = True) -> list[Assignment]:
    """Offer the event's free booths to its waitlist, in the fair order."""
    made: list[Assignment] = []
    with transaction.atomic():
        for row in waitlist(event):
            free = event.booths - event.assignments.filter(status__in=Assignment.HELD).count()
            if free <= 0:
                break
            try:
                made.append(
                    booth_claim(
                        actor=actor,
                        event_id=event.pk,
                        producer_id=row["producer"].pk,
                        source=Assignment.WAITLIST,
                        reason="واگذاری غرفهٔ آزادشده به فهرست انتظار",
                    )
                )
            except BoothTaken:
                break
            except ServiceError:
                continue
        if made and notify:
            _notify(
                list(
                    Assignment.objects.filter(pk__in=[a.pk for a in made]).select_related(
                        "event__venue", "producer__person"
                    )
                )
            )
    return made


TRANSITIONS = {
    Assignment.ASSIGNED: {
        Assignment.ATTENDED,
        Assignment.DECLINED,
        Assignment.CANCELLED,
        Assignment.NO_SHOW,
    },
    Assignment.ATTENDED: {Assignment.NO_SHOW},
    Assignment.NO_SHOW: set(),
    Assignment.DECLINED: set(),
    Assignment.CANCELLED: set(),
}


def assignment_set_status(
    *, actor, assignment: Assignment, status: str, reason: str = "", today=None
) -> list[Assignment]:
    """Change a booth's state (audited). A declined, cancelled or no-show booth is
    freed and, while the event is not over and the round is published, offered
    to the waitlist in the fair order. Returns the booths so offered."""
    today = today or _today()
    with transaction.atomic():
        a = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if status not in TRANSITIONS.get(a.status, set()):
            raise ServiceError(
                f"وضعیت «{a.get_status_display()}» را نمی‌توان به "
                f"«{dict(Assignment.STATUS_CHOICES).get(status, status)}» تغییر داد."
            )
        before = a.status
        a.status = status
        a.status_reason = clean(reason)[:300]
        a.save(update_fields=["status", "status_reason", "updated_at"])
        audit_write(
            actor=actor,
            action="bazaar.booth_status",
            obj=a,
            person_id=a.producer.person_id,
            before={"status": before},
            after={"status": status},
            reason=a.status_reason,
        )
        event = a.event
        offered: list[Assignment] = []
        if (
            status in Assignment.FREED
            and event.round.status == Round.PUBLISHED
            and event.end_date >= today
        ):
            offered = waitlist_fill(actor=actor, event=event)
    return offered


def assignment_adjust(
    *, actor, round_: Round, producer: Producer, event: Event, add: bool, reason: str
) -> Assignment:
    """A hand adjustment before publishing: give or take back a booth, with a reason."""
    reason = clean(reason)
    if not reason:
        raise ServiceError({"reason": "دلیل تغییر دستی را بنویسید."})
    if round_.status != Round.SOLVED:
        raise ServiceError("تغییر دستی فقط پس از تقسیم و پیش از انتشار ممکن است.")
    if event.round_id != round_.pk:
        raise ServiceError({"event": "این بازارچه از این دوره نیست."})
    with transaction.atomic():
        if add:
            a = booth_claim(
                actor=actor,
                event_id=event.pk,
                producer_id=producer.pk,
                source=Assignment.MANUAL,
                reason=reason,
            )
        else:
            a = (
                Assignment.objects.select_for_update()
                .filter(event=event, producer=producer, status__in=Assignment.HELD)
                .first()
            )
            if a is None:
                raise ServiceError("این تولیدکننده در این بازارچه غرفه‌ای ندارد.")
            a.status = Assignment.CANCELLED
            a.status_reason = reason[:300]
            a.save(update_fields=["status", "status_reason", "updated_at"])
        audit_write(
            actor=actor,
            action="bazaar.booth_adjust",
            obj=a,
            person_id=producer.person_id,
            after={"event": event.pk, "add": add, "booth_no": a.booth_no},
            reason=reason,
        )
    return a


def round_publish(*, actor, round_: Round) -> int:
    """Publish the round: every applicant is told by SMS where and when she sells,
    or that she is on the waitlist. Returns the number of messages queued."""
    with transaction.atomic():
        r = Round.objects.select_for_update().get(pk=round_.pk)
        if r.status != Round.SOLVED:
            raise ServiceError("فقط دوره‌ای که تقسیم شده و منتشر نشده است منتشر می‌شود.")
        r.status = Round.PUBLISHED
        r.published_at = timezone.now()
        r.save(update_fields=["status", "published_at", "updated_at"])
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
        _notify(held, waiting)
        audit_write(
            actor=actor,
            action="bazaar.round_publish",
            obj=r,
            after={"booths": len(held), "waiting": len(waiting)},
        )
    round_.status, round_.published_at = r.status, r.published_at
    return sum(1 for a in held if a.producer.person.mobile) + sum(
        1 for p in waiting if p.person.mobile
    )


def booth_record(
    *, actor, assignment: Assignment, days_present: int | None, sales: int | None
) -> Assignment:
    """Record attendance (days present) and sales (toman) of a booth."""
    with transaction.atomic():
        a = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if a.status in (Assignment.DECLINED, Assignment.CANCELLED):
            raise ServiceError("این غرفه واگذار نشده است؛ فروش و حضور برای آن ثبت نمی‌شود.")
        before = {"days_present": a.days_present, "sales": a.sales, "status": a.status}
        a.days_present, a.sales = days_present, sales
        if days_present:
            a.status = Assignment.ATTENDED
        elif days_present == 0 and a.status == Assignment.ASSIGNED:
            a.status = Assignment.NO_SHOW
        a.save(update_fields=["days_present", "sales", "status", "updated_at"])
        audit_write(
            actor=actor,
            action="bazaar.booth_record",
            obj=a,
            person_id=a.producer.person_id,
            before=before,
            after={"days_present": days_present, "sales": sales, "status": a.status},
        )
    return a
