"""Booths: claims (one holder per booth, whatever the concurrency), the waitlist,
a booth's status, hand adjustments before publishing, attendance and sales,
and the SMS that announce them."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone

from tavana.audit.services import audit_write
from tavana.businesses.models import Producer
from tavana.core.domain.jalali import format_jalali
from tavana.core.domain.persian_text import clean, to_persian_digits
from tavana.core.errors import ServiceError
from tavana.notifications.services import sms_queue
from tavana.notifications.sms_templates import sms_render
from tavana.people.consents import consent_holders
from tavana.people.domain.consent import SMS

from ..models import Assignment, Event, Round
from ..selectors import waitlist

SMS_KIND = "bazaars.booth"


class BoothTaken(ServiceError):
    """Every booth of the event is taken (the caller may stop offering more)."""

    code = "booth_taken"


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
    return sms_render(
        "bazaars.booth_offer",
        غرفه=to_persian_digits(a.booth_no),
        بازارچه=e.name,
        مکان=e.venue.name,
        از=format_jalali(e.start_date),
        تا=format_jalali(e.end_date),
    )


def sms_announce(assignments: list[Assignment], waiting: Sequence[Producer] = ()) -> int:
    """Queue the SMS in the notifications outbox (a background task sends them
    after commit, outside quiet hours, retrying a provider that fails). Each
    booth keeps its SMS: it counts as announced once the provider accepted it
    (`Assignment.notified_at`). Returns the number of messages queued."""
    # only women whose consent to SMS is in force (the others hear it from staff)
    agreed = consent_holders(
        person_ids=[a.producer.person_id for a in assignments] + [p.person_id for p in waiting],
        purpose=SMS,
    )
    announced = []
    for a in assignments:
        person = a.producer.person
        if person.mobile and person.pk in agreed:
            a.sms = sms_queue(
                mobile=person.mobile, text=_booth_text(a), kind=SMS_KIND, person_id=person.pk
            )
            announced.append(a)
    Assignment.objects.bulk_update(announced, ["sms"])
    told = [p for p in waiting if p.person.mobile and p.person_id in agreed]
    for p in told:
        sms_queue(
            mobile=p.person.mobile,
            text=sms_render("bazaars.waitlist"),
            kind=SMS_KIND,
            person_id=p.person_id,
        )
    return len(announced) + len(told)


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
            sms_announce(
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
    today = today or timezone.localdate()
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


def assignment_accept(*, actor, assignment: Assignment, today=None) -> Assignment:
    """She says she will come to the booth she was given (from her own pages, or
    staff on her word by telephone): a published round, a booth still hers, an
    event not yet begun. Saying it twice changes nothing. Declining is
    `assignment_set_status(status=DECLINED)`, which offers the booth to the
    waitlist."""
    today = today or timezone.localdate()
    with transaction.atomic():
        a = (
            Assignment.objects.select_for_update()
            .select_related("event__round", "producer")
            .get(pk=assignment.pk)
        )
        if a.event.round.status != Round.PUBLISHED:
            raise ServiceError("نتیجهٔ این دوره هنوز اعلام نشده است.")
        if a.status != Assignment.ASSIGNED:
            raise ServiceError(f"این غرفه «{a.get_status_display()}» است و پذیرفتنی نیست.")
        if a.event.start_date < today:
            raise ServiceError("این بازارچه آغاز شده است؛ برای غرفه با مرکز تماس بگیرید.")
        if a.accepted_at is None:
            a.accepted_at = timezone.now()
            a.save(update_fields=["accepted_at", "updated_at"])
            audit_write(
                actor=actor,
                action="bazaar.booth_accept",
                obj=a,
                person_id=a.producer.person_id,
                after={"event": a.event_id, "booth_no": a.booth_no},
            )
    return a


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
            held = (
                Assignment.objects.select_for_update()
                .filter(event=event, producer=producer, status__in=Assignment.HELD)
                .first()
            )
            if held is None:
                raise ServiceError("این تولیدکننده در این بازارچه غرفه‌ای ندارد.")
            a = held
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
