"""The duplicate review queue: likely pairs, "not the same", merge."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from tavana.accounts.access import require
from tavana.core.errors import service_errors_as_message
from tavana.core.progress import progress_get

from .. import selectors
from ..domain.matching import P_MATCH
from ..models import DuplicateCandidate
from . import selectors as dup_selectors
from . import services


@require("duplicate.review")
@require_http_methods(["GET", "POST"])
def duplicate_list(request):
    if request.method == "POST":
        task_id = services.duplicate_scan_start(actor=request.user)
        messages.info(
            request, "بررسی دوبارهٔ همهٔ سامانه آغاز شد؛ موارد تازه به این صف افزوده می‌شوند."
        )
        return redirect(reverse("people:duplicates") + (f"?job={task_id}" if task_id else ""))
    rows = dup_selectors.open_queue(actor=request.user, limit=100)
    job = progress_get(task_id=request.GET["job"]) if request.GET.get("job") else None
    return render(
        request,
        "people/duplicates.html",
        {
            "rows": rows,
            "job": job,
            "matcher": selectors.registry_matcher(),
            "p_match": P_MATCH,
        },
    )


@require("duplicate.review")
@require_http_methods(["GET", "POST"])
def duplicate_detail(request, candidate_id: int):
    candidate = dup_selectors.duplicate_candidate_get(actor=request.user, candidate_id=candidate_id)
    a, b = candidate.person_a, candidate.person_b
    decidable = candidate.a_visible and candidate.b_visible
    if request.method == "POST" and candidate.status == DuplicateCandidate.OPEN:
        action = request.POST.get("action")
        with service_errors_as_message(request):
            if action == "not_same":
                services.duplicate_mark_not_same(actor=request.user, candidate=candidate)
                messages.success(request, "ثبت شد: این دو نفر متفاوت‌اند و دوباره پیشنهاد نمی‌شوند.")
                return redirect("people:duplicates")
            if action in ("keep_a", "keep_b"):
                keep, drop = (a, b) if action == "keep_a" else (b, a)
                kept = services.person_merge(
                    actor=request.user,
                    keep=keep,
                    drop=drop,
                    candidate=candidate,
                    reason=f"بررسی تکراری {candidate.pk}",
                )
                messages.success(request, "دو پرونده ادغام شد؛ سابقهٔ هر دو حفظ شده است.")
                return redirect(reverse("people:detail", args=[kept.pk]))
            raise Http404
    rows = []
    for field, label in (
        ("national_code", "کد ملی"),
        ("first_name", "نام"),
        ("last_name", "نام خانوادگی"),
        ("father_name", "نام پدر"),
        ("birth_date", "تاریخ تولد"),
        ("mobile", "تلفن همراه"),
        ("district", "منطقه"),
        ("address", "نشانی"),
    ):
        va, vb = getattr(a, field), getattr(b, field)
        same = va == vb
        # a side outside her scope shows its district only, as the registration form does
        if not candidate.a_visible and field != "district":
            va = None
        if not candidate.b_visible and field != "district":
            vb = None
        rows.append({"label": label, "a": va, "b": vb, "same": decidable and same, "field": field})
    return render(
        request,
        "people/duplicate.html",
        {
            "c": candidate,
            "a": a,
            "b": b,
            "rows": rows,
            "p_match": P_MATCH,
            "decidable": decidable,
        },
    )
