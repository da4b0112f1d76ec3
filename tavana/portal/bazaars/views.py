"""Her bazaars: rounds open to her category, her ranked choices, the published
result, and accepting or declining the booth she was given. Every write goes
through the bazaars' own services with `Herself` as the actor, so it is audited
under her name and the waitlist moves exactly as when staff record it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from tavana.bazaars import selectors as bazaars
from tavana.bazaars.models import Assignment
from tavana.bazaars.services import application_record, assignment_accept, assignment_set_status
from tavana.businesses.selectors import producer_of_person
from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.errors import service_errors_as_message
from tavana.core.herself import Herself

from .. import access
from .forms import ChoicesForm, DeclineForm

DECLINE_REASON = "انصراف خود تولیدکننده از درگاه"


def _open_rounds(producer, today, *, bound: ChoicesForm | None = None, bound_round=None):
    """The rounds she may apply to today, each with its events and a form; a
    refused form (`bound`) takes its round's place, kept as she filled it."""
    rows: dict[int, dict] = {}
    for e in bazaars.events_open_to(producer=producer, today=today):
        rows.setdefault(e.round_id, {"round": e.round, "events": []})["events"].append(e)
    for rid, row in rows.items():
        row["form"] = ChoicesForm(events=row["events"], prefix=f"r{rid}")
    if bound is not None:
        rows[bound_round.pk] = {"round": bound_round, "events": list(bound.events.values()),
                                "form": bound}  # fmt: skip
    return list(rows.values())


def _page(request, person_id: int, *, bound=None, bound_round=None, status=200):
    producer = producer_of_person(person_id=person_id)
    context = {"producer": producer}
    if producer is not None:
        today = timezone.localdate()
        context["open_rounds"] = _open_rounds(producer, today, bound=bound, bound_round=bound_round)
        context["own_rounds"] = bazaars.own_rounds(producer=producer)
        context["today"] = today
    return render(request, "portal/bazaars.html", context, status=status)


@access.woman_required
def bazaars_page(request, person_id: int):
    return _page(request, person_id)


@require_POST
@access.woman_required
def bazaar_apply(request, round_id: int, person_id: int):
    producer = producer_of_person(person_id=person_id)
    events = bazaars.round_events(round_id=round_id)
    if producer is None or not events:
        raise Http404
    form = ChoicesForm(request.POST, events=events, prefix=f"r{round_id}")
    if form.is_valid():
        with form.showing_service_errors():
            made = application_record(
                actor=Herself(person_id), producer=producer, events=form.cleaned_data["events"]
            )
            messages.success(
                request,
                f"درخواست شما برای {to_persian_digits(str(len(made)))} بازارچه ثبت شد. "
                "پس از اعلام نتیجه، همین‌جا و با پیامک خبرتان می‌کنیم.",
            )
            return redirect("portal:bazaars")
    return _page(request, person_id, bound=form, bound_round=events[0].round, status=400)


def _own_booth(person_id: int, assignment_id: int) -> Assignment:
    producer = producer_of_person(person_id=person_id)
    booth = None
    if producer is not None:
        booth = bazaars.own_booth_get(producer=producer, assignment_id=assignment_id)
    if booth is None:
        raise Http404
    return booth


@require_POST
@access.woman_required
def booth_accept(request, assignment_id: int, person_id: int):
    booth = _own_booth(person_id, assignment_id)
    with service_errors_as_message(request):
        assignment_accept(actor=Herself(person_id), assignment=booth)
        messages.success(request, f"غرفهٔ «{booth.event.name}» را پذیرفتید. منتظر دیدارتان هستیم.")
    return redirect("portal:bazaars")


@require_http_methods(["GET", "POST"])
@access.woman_required
def booth_decline(request, assignment_id: int, person_id: int):
    booth = _own_booth(person_id, assignment_id)
    if booth.status != Assignment.ASSIGNED:
        messages.error(request, f"این غرفه «{booth.get_status_display()}» است.")
        return redirect("portal:bazaars")
    form = DeclineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            assignment_set_status(
                actor=Herself(person_id),
                assignment=booth,
                status=Assignment.DECLINED,
                reason=DECLINE_REASON,
            )
            messages.success(request, "انصراف شما ثبت شد. امیدواریم در بازارچهٔ بعدی ببینیمتان.")
            return redirect("portal:bazaars")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "portal/booth_decline.html", {"booth": booth, "form": form}, status=status
    )
