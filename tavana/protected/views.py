"""Pages of the protected programmes, at /protected/.

Each view passes the matrix gate (`require`), then the clearance gate in
`access.py`; a user without clearance (or a live emergency grant for the woman)
gets 404, never 403, so nothing confirms that a programme record exists.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from tavana.accounts.access import require
from tavana.core.domain.jalali import jalali_today
from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.paging import pager
from tavana.people.models import Person
from tavana.people.selectors import person_scope

from . import selectors, services
from .access import access_participant_by_id, access_programme
from .forms import (
    MONTH_NAMES,
    RECORD_FORMS,
    EmergencyForm,
    EnrolForm,
    GoalStatusForm,
    PrisonEnrolForm,
    StatementForm,
    StatusForm,
)
from .models import Programme, ReintegrationGoal
from .services import kinds_for


@require("protected.work")
def home(request):
    programmes = selectors.programme_list(actor=request.user)
    if not programmes:
        raise Http404
    return render(request, "protected/home.html", {"programmes": programmes})


@require("protected.work")
def programme_detail(request, code: str):
    programme = access_programme(request.user, code)
    if programme.code == Programme.RELEASE:  # the release campaign has its own pages
        return redirect("release:home")
    query = request.GET.get("q", "").strip()
    rows = selectors.participant_list(
        actor=request.user, programme=programme, query=query, paged=pager(request)
    )
    return render(
        request,
        "protected/programme.html",
        {"programme": programme, "rows": rows, "q": query},
    )


@require("protected.work")
@require_http_methods(["GET", "POST"])
def enrol(request, code: str):
    programme = access_programme(request.user, code)
    if programme.code == Programme.RELEASE:  # cases are opened at release:case_new
        raise Http404
    form_class = PrisonEnrolForm if programme.is_prison else EnrolForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = Person.objects.filter(
            national_code=form.cleaned_data["national_code"], merged_into__isnull=True
        ).first()
        if person is None:
            form.add_error(
                "national_code",
                "کسی با این کد ملی در سامانه ثبت نشده است؛ نخست او را مانند هر مراجع دیگری ثبت‌نام کنید.",
            )
        else:
            with form.showing_service_errors():
                participant = services.participant_enrol(
                    actor=request.user,
                    programme=programme,
                    person=person,
                    joined_on=form.cleaned_data["joined_on"],
                    referral=form.referral() if programme.is_prison else None,
                )
                messages.success(request, f"{person.full_name} به برنامه افزوده شد.")
                return redirect("protected:participant", participant_id=participant.pk)
    return render(request, "protected/enrol.html", {"programme": programme, "form": form})


def _participant_page(request, participant, by_emergency, forms_bound=None, status=200):
    data = selectors.participant_detail(
        actor=request.user, participant=participant, by_emergency=by_emergency
    )
    record_forms = []
    for kind in kinds_for(participant.programme):
        form_class, title = RECORD_FORMS[kind]
        form = (forms_bound or {}).get(kind) or form_class(prefix=kind)
        record_forms.append({"kind": kind, "title": title, "form": form})
    today = jalali_today()
    return render(
        request,
        "protected/participant.html",
        {
            **data,
            "by_emergency": by_emergency,
            "record_forms": record_forms,
            "open_kind": next(iter(forms_bound or {}), ""),
            "status_form": StatusForm(initial={"status": participant.status}),
            "goal_statuses": GoalStatusForm.base_fields["status"].choices,
            "month_names": MONTH_NAMES,
            "statement_year": today.year,
        },
        status=status,
    )


@require("protected.work")
def participant_detail(request, participant_id: int):
    participant, by_emergency = access_participant_by_id(request.user, participant_id)
    return _participant_page(request, participant, by_emergency)


@require("protected.work")
@require_POST
def record_add(request, participant_id: int, kind: str):
    participant, by_emergency = access_participant_by_id(request.user, participant_id)
    if kind not in kinds_for(participant.programme):
        raise Http404
    form_class, _ = RECORD_FORMS[kind]
    form = form_class(request.POST, prefix=kind)
    if form.is_valid():
        with form.showing_service_errors():
            services.record_add(
                actor=request.user, participant=participant, kind=kind, data=form.cleaned_data
            )
            messages.success(request, "ثبت شد.")
            return redirect("protected:participant", participant_id=participant.pk)
    return _participant_page(request, participant, by_emergency, {kind: form}, status=422)


@require("protected.work")
@require_POST
def participant_status(request, participant_id: int):
    participant, _ = access_participant_by_id(request.user, participant_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        services.participant_set_status(
            actor=request.user, participant=participant, status=form.cleaned_data["status"]
        )
        messages.success(request, "وضعیت به‌روز شد.")
    return redirect("protected:participant", participant_id=participant.pk)


@require("protected.work")
@require_POST
def goal_status(request, goal_id: int):
    goal = get_object_or_404(ReintegrationGoal.objects.select_related("participant"), pk=goal_id)
    access_participant_by_id(request.user, goal.participant_id)
    form = GoalStatusForm(request.POST)
    if form.is_valid():
        services.goal_set_status(actor=request.user, goal=goal, status=form.cleaned_data["status"])
        messages.success(request, "وضعیت هدف به‌روز شد.")
    return redirect("protected:participant", participant_id=goal.participant_id)


@require("protected.work")
def statement(request, participant_id: int):
    """The attendance statement sent back to the prison: name, national code,
    period, days and hours — nothing else."""
    participant, _ = access_participant_by_id(request.user, participant_id)
    if not participant.programme.is_prison:
        raise Http404
    today = jalali_today()
    default = {"from_year": today.year, "from_month": 1, "to_year": today.year}
    default["to_month"] = today.month
    form = StatementForm(request.GET or default)
    context = {"participant": participant, "person": participant.person, "form": form}
    if form.is_valid():
        d = form.cleaned_data
        start, end = (d["from_year"], d["from_month"]), (d["to_year"], d["to_month"])
        context.update(
            selectors.attendance_statement(
                actor=request.user, participant=participant, start=start, end=end
            ),
            ready=True,
            start_label=f"{MONTH_NAMES[start[1]]} {to_persian_digits(start[0])}",
            end_label=f"{MONTH_NAMES[end[1]]} {to_persian_digits(end[0])}",
            issued=timezone.now(),
            referral=getattr(participant, "referral", None),
        )
    return render(request, "protected/statement.html", context)


@require("protected.emergency")
@require_http_methods(["GET", "POST"])
def emergency(request):
    """Break the glass: ask for one woman's protected records, with a reason."""
    form = EmergencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = (
            person_scope(actor=request.user)
            .filter(national_code=form.cleaned_data["national_code"])
            .first()
        )
        if person is None:
            form.add_error("national_code", "کسی با این کد ملی در محدودهٔ شما پیدا نشد.")
        else:
            with form.showing_service_errors():
                grant = services.emergency_grant(
                    actor=request.user, person=person, reason=form.cleaned_data["reason"]
                )
                return redirect("protected:emergency_grant", grant_id=grant.pk)
    return render(
        request,
        "protected/emergency.html",
        {
            "form": form,
            "grants": selectors.emergency_grants_of(actor=request.user),
            "now": timezone.now(),
            "hours": services.EMERGENCY_HOURS,
        },
    )


@require("protected.emergency")
def emergency_grant(request, grant_id: int):
    grant = selectors.emergency_grant_get(actor=request.user, grant_id=grant_id)
    if grant is None:
        raise Http404
    participations = selectors.person_participations(actor=request.user, person=grant.person)
    return render(
        request,
        "protected/emergency_grant.html",
        {"grant": grant, "participations": participations},
    )


@require("protected.oversee")
def emergency_log(request):
    return render(
        request,
        "protected/emergency_log.html",
        {
            "grants": selectors.emergency_grant_log(actor=request.user, paged=pager(request)),
            "now": timezone.now(),
        },
    )
