"""The administrator's screens for casework's configuration: the support ladder."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tavana.accounts.access import require
from tavana.audit.selectors import audit_history
from tavana.core.errors import service_errors_as_message

from . import configuration
from .forms_config import LevelForm
from .models import LevelTransition, Programme, SupportLevel, SupportStatus

LADDER_ACTIONS = ("config.level_add", "config.level_update", "config.transition_set")
CELL_CHOICES = (("", "—"), ("free", "آزاد"), ("reason", "با دلیل"))


def _ladder_context(request, form):
    levels = list(SupportLevel.objects.all())
    standing = dict(
        SupportStatus.objects.values_list("level_id")
        .annotate(n=Count("id"))
        .values_list("level_id", "n")
    )
    moves = {
        (t.from_level_id, t.to_level_id): t.needs_reason for t in LevelTransition.objects.all()
    }
    grid = [
        {
            "level": a,
            "cells": [
                {
                    "to": b,
                    "name": f"move_{a.pk}_{b.pk}",
                    "value": "" if (a.pk, b.pk) not in moves else
                    ("reason" if moves[(a.pk, b.pk)] else "free"),
                }
                for b in levels
            ],
        }
        for a in levels
    ]  # fmt: skip
    for lv in levels:
        lv.standing = standing.get(lv.pk, 0)
    return {
        "levels": levels,
        "grid": grid,
        "choices": CELL_CHOICES,
        "form": form,
        "history": audit_history(actor=request.user, actions=LADDER_ACTIONS),
    }


@require("config.manage")
@require_http_methods(["GET", "POST"])
def ladder(request):
    """The ladder: its rungs (add one), and the table of allowed moves."""
    form = LevelForm(request.POST if "add" in request.POST else None, adding=True)
    if request.method == "POST" and "moves" in request.POST:
        changed = 0
        current = _ladder_context(request, None)["grid"]
        for row in current:
            for cell in row["cells"]:
                if cell["to"].pk == row["level"].pk:
                    continue
                wanted = request.POST.get(cell["name"], "")
                if wanted != cell["value"] and wanted in ("", "free", "reason"):
                    configuration.transition_set(
                        actor=request.user,
                        from_level=row["level"],
                        to_level=cell["to"],
                        allowed=wanted != "",
                        needs_reason=wanted == "reason",
                    )
                    changed += 1
        messages.success(request, f"{changed} جابه‌جایی تغییر کرد." if changed else "تغییری نبود.")
        return redirect("casework:config_ladder")
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            level = configuration.level_add(
                actor=request.user, data=form.cleaned_data, after=form.cleaned_data.get("after")
            )
            messages.success(request, f"سطح «{level.name}» افزوده شد.")
            return redirect("casework:config_ladder")
    return render(
        request,
        "casework/config_ladder.html",
        _ladder_context(request, form),
        status=400 if form.errors else 200,
    )


@require("config.manage")
@require_http_methods(["GET", "POST"])
def level_edit(request, level_id: int):
    level = get_object_or_404(SupportLevel, pk=level_id)
    initial = {
        "name": level.name,
        "description": level.description,
        "reassess_months": level.reassess_months,
        "active": level.active,
    }
    form = LevelForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            configuration.level_update(actor=request.user, level=level, data=form.cleaned_data)
            messages.success(request, "سطح ذخیره شد.")
            return redirect("casework:config_ladder")
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": f"سطح «{level.name}»",
            "back": "casework:config_ladder",
            "history": audit_history(
                actor=request.user, actions=LADDER_ACTIONS, object_id=str(level.pk)
            ),
        },
        status=400 if form.errors else 200,
    )


# ------------------------------------------------------------ assessment settings

ASSESSMENT_ACTIONS = (
    "config.scoring_rule",
    "config.question_add",
    "config.question_revise",
    "config.question_retire",
)


@require("config.manage")
@require_http_methods(["GET", "POST"])
def assessment(request):
    """The questionnaire's questions and the rule's cut-offs (each change a version)."""
    from .domain.assessment import Thresholds
    from .forms_config import ThresholdsForm
    from .models import Question, ScoringRule

    rule, t = configuration.current_rule()
    initial = {k: getattr(t, k) for k in Thresholds.LABELS}
    form = ThresholdsForm(request.POST if "rule" in request.POST else None, initial=initial)
    if request.method == "POST" and "retire" in request.POST:
        question = get_object_or_404(Question, pk=request.POST.get("retire"), active=True)
        with service_errors_as_message(request):
            configuration.question_retire(actor=request.user, question=question)
            messages.success(request, "پرسش بایگانی شد؛ پاسخ‌های پیشین آن می‌ماند.")
        return redirect("casework:config_assessment")
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            configuration.scoring_rule_save(
                actor=request.user,
                values={k: form.cleaned_data[k] for k in Thresholds.LABELS},
                note=form.cleaned_data["note"],
            )
            messages.success(
                request, "نسخهٔ تازهٔ قاعده ذخیره شد؛ ارزیابی‌های پیشین با قاعدهٔ خودشان می‌مانند."
            )
            return redirect("casework:config_assessment")
    return render(
        request,
        "casework/config_assessment.html",
        {
            "form": form,
            "rule": rule,
            "versions": ScoringRule.objects.select_related("created_by")[:10],
            "questions": Question.objects.filter(active=True).prefetch_related("options"),
            "history": audit_history(actor=request.user, actions=ASSESSMENT_ACTIONS),
        },
        status=400 if form.errors else 200,
    )


@require("config.manage")
@require_http_methods(["GET", "POST"])
def question_edit(request, question_id: int | None = None):
    from .forms_config import QuestionForm
    from .models import Question

    question = get_object_or_404(Question, pk=question_id, active=True) if question_id else None
    initial = {}
    if question is not None:
        initial = {"text": question.text, "domain": question.domain}
        for i, o in enumerate(question.options.all(), 1):
            initial[f"option_{i}"], initial[f"score_{i}"] = o.text, o.score
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            configuration.question_save(
                actor=request.user, data=form.question_data(), question=question
            )
            messages.success(request, "پرسش ذخیره شد.")
            return redirect("casework:config_assessment")
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": "بازنویسی پرسش" if question else "پرسش تازه",
            "intro": "بازنویسی نسخهٔ تازه‌ای می‌سازد؛ ارزیابی‌های پیشین همان پرسش و امتیازی را نگه می‌دارند که با آن پر شده‌اند."
            if question else "",
            "back": "casework:config_assessment",
        },
        status=400 if form.errors else 200,
    )  # fmt: skip


# ------------------------------------------------------------ service types


@require("config.manage")
@require_http_methods(["GET", "POST"])
def service_types(request, service_id: int | None = None):
    """Service types: the list, and the form to add one or change one."""
    from tavana.accounts.models import OrgUnit

    from .forms_config import ServiceTypeForm
    from .models import ServiceType

    service = get_object_or_404(ServiceType, pk=service_id) if service_id else None
    initial = (
        {"name": service.name, "programme": service.programme, "org_unit": service.org_unit,
         "default_unit": service.default_unit, "active": service.active}
        if service else {"active": True}
    )  # fmt: skip
    form = ServiceTypeForm(request.POST or None, initial=initial, adding=service is None)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            saved = configuration.service_type_save(
                actor=request.user, data=form.cleaned_data, service=service
            )
            messages.success(request, f"خدمت «{saved.name}» ذخیره شد.")
            return redirect("casework:config_services")
    return render(
        request,
        "casework/config_services.html",
        {
            "form": form,
            "service": service,
            "services": ServiceType.objects.select_related("programme", "org_unit").order_by(
                "programme__name", "name"
            ),
            "programmes": Programme.objects.select_related("org_unit").order_by("name"),
            "units": OrgUnit.objects.filter(active=True),
            "history": audit_history(
                actor=request.user,
                actions=("config.service_type", "config.programme_unit"),
                object_id=str(service.pk) if service else "",
            ),
        },
        status=400 if form.errors else 200,
    )


@require("config.manage")
@require_POST
def programme_unit(request, programme_id: int):
    """Give a programme to another unit; the answer is the service-types page."""
    from .forms_config import ProgrammeUnitForm

    programme = get_object_or_404(Programme, pk=programme_id)
    form = ProgrammeUnitForm(request.POST)
    if form.is_valid():
        with service_errors_as_message(request):
            p = configuration.programme_unit_set(
                actor=request.user, programme=programme, org_unit=form.cleaned_data["org_unit"]
            )
            messages.success(
                request, f"برنامهٔ «{p.name}» اکنون از آنِ «{p.org_unit or 'هیچ واحدی'}» است."
            )
    else:
        messages.error(request, "یک واحد سازمانی فعال انتخاب کنید.")
    return redirect("casework:config_services")
