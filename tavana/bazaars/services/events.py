"""Events of a round and the producers' applications to them."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils import timezone

from tavana.audit.services import audit_write
from tavana.businesses.models import Producer
from tavana.core.domain.jalali import format_jalali
from tavana.core.domain.numbers import format_number
from tavana.core.domain.persian_text import clean
from tavana.core.errors import ServiceError
from tavana.core.herself import staff_or_none
from tavana.core.labels import public_name_check

from ..domain.venues import booths_left, booths_that_fit
from ..models import Application, Event, Round, Venue

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
    if data.get("venue") is None:
        errors["venue"] = "محل برگزاری را برگزینید."
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


def venue_area_check(venue: Venue, data: dict) -> str:
    """Why the event's booths do not fit in the venue's area, with the events held
    there on any of the same days (all rounds); "" when they fit or the area is
    not recorded."""
    fit = booths_that_fit(venue.area_m2, venue.booth_size_m2)
    start, end, wanted = data.get("start_date"), data.get("end_date"), data.get("booths") or 0
    if fit is None or not (start and end):
        return ""
    taken = (
        Event.objects.filter(venue=venue, start_date__lte=end, end_date__gte=start).aggregate(
            n=Sum("booths")
        )["n"]
        or 0
    )
    left = booths_left(fit, taken)
    if left is None or wanted <= left:
        return ""
    n = format_number
    why = (
        f"«{venue.name}» {n(venue.area_m2)} مترمربع است و حداکثر {n(fit)} غرفهٔ "
        f"{n(venue.booth_size_m2)} مترمربعی در آن جا می‌شود"
    )
    if taken:
        why += (
            f"؛ {n(taken)} غرفه از آن در همین روزها به بازارچه‌های دیگر داده شده"
            f" و {n(left)} غرفه مانده است"
        )
    return why + f". {n(wanted)} غرفه در این محل جا نمی‌شود."


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
        # the venue's row is locked: two events made at once cannot both take its last booths
        venue = Venue.objects.select_for_update().get(pk=data["venue"].pk)
        too_many = venue_area_check(venue, data)
        if too_many:
            raise ServiceError({"booths": too_many})
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
    categories an event does not take. The woman's own pages (`tavana.portal`) call
    this same service with `Herself` as the actor (audited under her own name)."""
    today = today or timezone.localdate()
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
            Application(producer=producer, event=e, rank=start + i, entered_by=staff_or_none(actor))
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
