"""Organisers' pages for bazaars, and the public list of upcoming bazaars."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from tavana.accounts.access import require
from tavana.accounts.matrix import PUBLIC
from tavana.core.domain.jalali import jalali_year_of
from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.errors import service_errors_as_message
from tavana.core.paging import page_of
from tavana.core.progress import progress_get

from . import selectors, services
from .domain import rounds as round_rules
from .forms import AdjustForm, ApplicationForm, EventForm, RecordForm, RoundForm, StatusForm
from .models import Application, Assignment, Event, Round

MANAGE = "bazaar.manage"


@require(MANAGE)
@require_http_methods(["GET", "POST"])
def home(request):
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            r = services.round_create(actor=request.user, **form.cleaned_data)
            return redirect("bazaars:round", round_id=r.pk)
    rounds = Round.objects.annotate(
        n_events=Count("events", distinct=True),
        n_apps=Count("events__applications", distinct=True),
    ).order_by("-id")
    return render(request, "bazaars/home.html", {"form": form, "page": page_of(request, rounds)})


def _round(round_id: int) -> Round:
    return get_object_or_404(Round, pk=round_id)


@require(MANAGE)
def round_detail(request, round_id: int):
    r = _round(round_id)
    events = (
        r.events.select_related("venue__district")
        .prefetch_related("categories")
        .annotate(
            n_apps=Count("applications", distinct=True),
            n_held=Count(
                "assignments",
                filter=Q(assignments__status__in=Assignment.HELD),
                distinct=True,
            ),
        )
    )
    job = progress_get(task_id=r.task_id) if r.task_id else None
    open_until = round_rules.applications_still_open(
        [e.apply_until for e in events], timezone.localdate()
    )
    return render(
        request,
        "bazaars/round.html",
        {"round": r, "events": events, "job": job, "open_until": open_until},
    )


@require(MANAGE)
@require_http_methods(["GET", "POST"])
def event_new(request, round_id: int):
    r = _round(round_id)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        categories = data.pop("categories")
        with form.showing_service_errors():
            services.event_create(actor=request.user, round_=r, data=data, categories=categories)
            messages.success(request, "بازارچه ساخته شد.")
            return redirect("bazaars:round", round_id=r.pk)
    return render(request, "bazaars/event_new.html", {"round": r, "form": form})


@require(MANAGE)
@require_http_methods(["GET", "POST"])
def applications(request, round_id: int):
    r = _round(round_id)
    form = ApplicationForm(request.POST or None, round_=r)
    if request.method == "POST" and form.is_valid():
        producer = form.cleaned_data["producer"]
        with form.showing_service_errors():
            made = services.application_record(
                actor=request.user, producer=producer, events=form.events()
            )
            messages.success(
                request,
                f"{to_persian_digits(len(made))} درخواست برای تولیدکنندهٔ "
                f"{to_persian_digits(producer.pk)} ثبت شد.",
            )
            return redirect("bazaars:applications", round_id=r.pk)
    apps = (
        Application.objects.filter(event__round=r)
        .select_related("producer__person", "producer__category", "event__venue")
        .order_by("-id")
    )
    return render(
        request,
        "bazaars/applications.html",
        {"round": r, "form": form, "apps": page_of(request, apps, per_page=100)},
    )


@require(MANAGE)
def demand(request, round_id: int):
    r = _round(round_id)
    return render(
        request, "bazaars/demand.html", {"round": r, "report": selectors.demand_report(r)}
    )


@require(MANAGE)
@require_POST
def allocate(request, round_id: int):
    r = _round(round_id)
    with service_errors_as_message(request):
        services.round_allocate_start(actor=request.user, round_=r)
        return redirect("bazaars:result", round_id=r.pk)
    return redirect("bazaars:round", round_id=r.pk)


@require(MANAGE)
def result(request, round_id: int):
    r = _round(round_id)
    job = progress_get(task_id=r.task_id) if r.task_id else None
    held = (
        Assignment.objects.filter(event__round=r)
        .select_related("event__venue", "producer__person", "producer__category")
        .order_by("event__venue__name", "booth_no")
    )
    waiting = Application.objects.none()
    if r.status in (Round.SOLVED, Round.PUBLISHED):
        served = set(
            Assignment.objects.filter(event__round=r, status__in=Assignment.HELD).values_list(
                "producer_id", flat=True
            )
        )
        waiting = (
            Application.objects.filter(event__round=r, rank=1)
            .exclude(producer_id__in=served)
            .select_related("producer__person", "event__venue")
            .order_by("producer__person__last_name", "producer_id")
        )
    form = AdjustForm(round_=r)
    return render(
        request,
        "bazaars/result.html",
        {
            "round": r,
            "job": job,
            "stats": r.result or {},
            "held": page_of(request, held, per_page=100),
            "waiting": page_of(request, waiting, per_page=100, param="waiting_page"),
            "form": form,
        },
    )


@require(MANAGE)
@require_POST
def adjust(request, round_id: int):
    r = _round(round_id)
    form = AdjustForm(request.POST, round_=r)
    if form.is_valid():
        d = form.cleaned_data
        with service_errors_as_message(request):
            services.assignment_adjust(
                actor=request.user,
                round_=r,
                producer=d["producer"],
                event=d["event"],
                add=d["action"] == "add",
                reason=d["reason"],
            )
            messages.success(request, "تغییر دستی ثبت شد.")
    else:
        messages.error(request, " ".join(str(m) for errs in form.errors.values() for m in errs))
    return redirect("bazaars:result", round_id=r.pk)


@require(MANAGE)
@require_POST
def publish(request, round_id: int):
    """First press: how many SMS publishing sends, to confirm; the confirmation
    (with that number) publishes."""
    r = _round(round_id)
    confirmed = request.POST.get("confirmed", "")
    if not confirmed.isdigit():
        return render(
            request,
            "bazaars/publish_confirm.html",
            {"round": r, "count": services.round_publish_count(r)},
        )
    with service_errors_as_message(request):
        sent = services.round_publish(actor=request.user, round_=r, confirmed=int(confirmed))
        messages.success(request, f"نتیجه منتشر شد و {sent} پیامک در صف ارسال است.")
    return redirect("bazaars:result", round_id=r.pk)


@require(MANAGE)
def event_detail(request, event_id: int):
    event = get_object_or_404(Event.objects.select_related("venue", "round"), pk=event_id)
    booths = event.assignments.select_related("producer__person", "producer__category")
    return render(
        request,
        "bazaars/event.html",
        {
            "event": event,
            "booths": booths,
            "held": selectors.held_count(event),
            "waitlist": page_of(
                request, selectors.waitlist(event), per_page=50, param="waitlist_page"
            ),
            "status_form": StatusForm(),
            "record_form": RecordForm(),
        },
    )


def _assignment(assignment_id: int) -> Assignment:
    return get_object_or_404(
        Assignment.objects.select_related("event__round", "producer__person"), pk=assignment_id
    )


@require(MANAGE)
@require_POST
def booth_status(request, assignment_id: int):
    a = _assignment(assignment_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        with service_errors_as_message(request):
            offered = services.assignment_set_status(
                actor=request.user,
                assignment=a,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
            text = "وضعیت غرفه ثبت شد."
            if offered:
                text += (
                    f" غرفهٔ آزادشده به تولیدکنندهٔ "
                    f"{to_persian_digits(offered[0].producer_id)} از فهرست انتظار رسید."
                )
            messages.success(request, text)
    return redirect("bazaars:event", event_id=a.event_id)


@require(MANAGE)
@require_POST
def booth_record(request, assignment_id: int):
    a = _assignment(assignment_id)
    form = RecordForm(request.POST)
    if form.is_valid():
        with service_errors_as_message(request):
            services.booth_record(
                actor=request.user,
                assignment=a,
                days_present=form.cleaned_data["days_present"],
                sales=form.cleaned_data["sales"],
            )
            messages.success(request, "حضور و فروش ثبت شد.")
    else:
        messages.error(request, " ".join(str(m) for errs in form.errors.values() for m in errs))
    return redirect("bazaars:event", event_id=a.event_id)


@require(MANAGE)
def figures(request):
    today = timezone.localdate()
    try:
        jy = int(request.GET.get("year") or jalali_year_of(today))
    except ValueError:
        jy = jalali_year_of(today)
    jy = min(max(jy, 1390), 1500)
    return render(
        request,
        "bazaars/figures.html",
        {"f": selectors.year_figures(jy), "years": range(jalali_year_of(today), 1399, -1)},
    )


@require(PUBLIC)
def upcoming(request):
    """Upcoming bazaars for everyone: name, place, dates, categories. No person."""
    events = selectors.upcoming_events(timezone.localdate())
    return render(request, "bazaars/upcoming.html", {"events": events})
