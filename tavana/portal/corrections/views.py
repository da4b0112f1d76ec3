"""Her own requests to the Center: corrections to her record (a registrar in her
scope reviews them). Every view: her session → one service or selector → render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from tavana.core.domain.jalali import format_jalali
from tavana.core.domain.persian_text import to_persian_digits
from tavana.people.domain.fields import LABELS
from tavana.people.selectors import own_change_requests, person_self_get
from tavana.people.services_herself import (
    change_request_by_herself,
    correction_errors,
    stored_value,
)

from .. import access, services
from .forms import CorrectionForm


def _shown(field: str, value) -> str:
    """A value as she reads it (dates in Jalali, a district by its number)."""
    if value in (None, ""):
        return "—"
    if field == "birth_date":
        value = format_jalali(dt.date.fromisoformat(value))
    elif field == "district":
        value = f"منطقهٔ {value}"
    return to_persian_digits(value)


@access.woman_required
def corrections(request, person_id: int):
    rows = [
        {
            "cr": cr,
            "changes": [
                {"label": LABELS.get(k, k), "old": _shown(k, v[0]), "new": _shown(k, v[1])}
                for k, v in cr.changes.items()
            ],
        }
        for cr in own_change_requests(person_id=person_id)[:50]
    ]
    return render(request, "portal/corrections.html", {"rows": rows})


@access.woman_required
@require_http_methods(["GET", "POST"])
def correction_new(request, person_id: int):
    person = person_self_get(person_id=person_id)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            change_request_by_herself(
                person=person,
                field=form.cleaned_data["field"],
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(
                request,
                "درخواست شما ثبت شد. کارشناس مرکز آن را بررسی می‌کند و پاسخ را اینجا می‌بینید.",
            )
            return redirect("portal:corrections")
    elif request.method == "POST":  # every fault at once, the registry's checks too
        errors, _ = correction_errors(
            person=person,
            field=request.POST.get("field", ""),
            value=request.POST.get("value", ""),
            reason=request.POST.get("reason", ""),
        )
        for name, message in errors.items():
            if name not in form.errors:
                form.add_error(name, message)
    services.own_record_read(person_id=person_id)  # her national code and contact shown
    current = [
        (label, _shown(f, stored_value(person, f))) for f, label in form.fields["field"].choices[1:]
    ]
    return render(
        request,
        "portal/correction_new.html",
        {"form": form, "current": current},
        status=400 if form.errors else 200,
    )
