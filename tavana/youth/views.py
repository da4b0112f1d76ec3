"""Staff pages: the risk list, a child's education record, schools and the
early warning's indicators. Each page passes the matrix gate, then the child's
scope (404 outside it), then one service or selector."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from tavana.accounts.access import require, user_can
from tavana.audit.selectors import audit_history
from tavana.core.paging import page_of

from . import selectors, services
from .access import access_child_by_id, cleared_for_children
from .domain import academic
from .forms import (
    IndicatorForm,
    InterventionForm,
    SchoolForm,
    SchoolYearForm,
    TermResultForm,
    TransferForm,
)
from .models import RiskFlag, WarningIndicator


def _district(request) -> int | None:
    raw = request.GET.get("district", "")
    return int(raw) if raw.isdigit() else None


@require("youth.view")
def home(request):
    district = _district(request)
    return render(
        request,
        "youth/home.html",
        {
            "rows": selectors.risk_list(actor=request.user, district=district),
            "districts": selectors.worker_districts(actor=request.user),
            "district": district,
            "can_record": user_can(request.user, "youth.record"),
            "cleared": cleared_for_children(request.user),
        },
    )


@require("youth.view")
def child(request, child_id: int):
    kid = access_child_by_id(request.user, child_id)
    record = selectors.education_record(actor=request.user, child=kid)
    return render(
        request,
        "youth/child.html",
        {
            "child": kid,
            **record,
            "can_record": user_can(request.user, "youth.record"),
            "can_gifted": user_can(request.user, "youth.gifted"),
            "subjects": academic.CORE_SUBJECTS,
        },
    )


def _child_form(request, child_id, form_class, title, submit, save):
    kid = access_child_by_id(request.user, child_id, gate="youth.record")
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            message = save(kid, form)
            messages.success(request, message)
            return redirect("youth:child", child_id=kid.pk)
    return render(
        request,
        "youth/child_form.html",
        {"form": form, "child": kid, "title": title, "submit": submit},
    )


@require("youth.record")
@require_http_methods(["GET", "POST"])
def school_year_new(request, child_id: int):
    def save(kid, form):
        services.school_year_record(actor=request.user, child=kid, **form.cleaned_data)
        return "مدرسه و پایهٔ سال تحصیلی ثبت شد."

    return _child_form(request, child_id, SchoolYearForm, "مدرسه و پایهٔ سال تحصیلی", "ثبت", save)


@require("youth.record")
@require_http_methods(["GET", "POST"])
def transfer_new(request, child_id: int):
    def save(kid, form):
        services.school_transfer(actor=request.user, child=kid, **form.cleaned_data)
        return "انتقال به مدرسهٔ تازه ثبت شد."

    return _child_form(request, child_id, TransferForm, "انتقال به مدرسهٔ دیگر", "ثبت انتقال", save)


@require("youth.record")
@require_http_methods(["GET", "POST"])
def result_new(request, child_id: int):
    def save(kid, form):
        _, outcome = services.term_result_record(actor=request.user, child=kid, **form.values())
        return {
            services.CREATED: "کارنامه ثبت شد.",
            services.UPDATED: "کارنامه اصلاح شد.",
            services.UNCHANGED: "کارنامه تغییری نداشت.",
        }[outcome]

    return _child_form(request, child_id, TermResultForm, "کارنامهٔ نوبت", "ثبت کارنامه", save)


@require("youth.record")
@require_http_methods(["GET", "POST"])
def intervention_new(request, flag_id: int):
    flag = get_object_or_404(RiskFlag, pk=flag_id)
    kid = access_child_by_id(request.user, flag.child_id, gate="youth.record")
    form = InterventionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            services.intervention_record(actor=request.user, flag=flag, **form.cleaned_data)
            messages.success(request, "اقدام ثبت شد؛ نتیجه با کارنامهٔ نوبت بعد سنجیده می‌شود.")
            return redirect("youth:child", child_id=kid.pk)
    return render(
        request,
        "youth/child_form.html",
        {
            "form": form,
            "child": kid,
            "flag": flag,
            "title": "اقدام برای هشدار",
            "submit": "ثبت اقدام",
        },
    )


@require("youth.record")
@require_http_methods(["GET", "POST"])
def schools(request):
    form = SchoolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            s = services.school_save(actor=request.user, **form.cleaned_data)
            messages.success(request, f"مدرسهٔ «{s.name}» ثبت شد.")
            return redirect("youth:schools")
    q = request.GET.get("q", "")
    return render(
        request,
        "youth/schools.html",
        {
            "form": form,
            "schools": page_of(request, selectors.school_list(actor=request.user, q=q)),
            "q": q,
        },
    )


@require("config.manage")
def indicators(request):
    return render(
        request,
        "youth/indicators.html",
        {
            "indicators": selectors.indicators(),
            "history": audit_history(actor=request.user, actions=("youth.indicator_update",)),
        },
    )


@require("config.manage")
@require_http_methods(["GET", "POST"])
def indicator(request, indicator_id: int):
    ind = get_object_or_404(WarningIndicator, pk=indicator_id)
    form = IndicatorForm(
        request.POST or None,
        initial={
            "threshold": format(ind.threshold.normalize(), "f"),
            "severity": ind.severity,
            "active": ind.active,
        },
    )
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            services.indicator_update(actor=request.user, indicator=ind, **form.cleaned_data)
            messages.success(request, "آستانه ذخیره شد؛ از کارنامه‌های بعدی به کار می‌رود.")
            return redirect("youth:indicators")
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": f"شاخص «{ind.get_code_display()}»",
            "intro": f"آستانه: {ind.meaning}. هشدارهای پیشین آستانهٔ زمان خود را نگه می‌دارند.",
            "back": "youth:indicators",
            "submit": "ذخیره",
        },
    )
