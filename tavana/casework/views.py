"""Casework pages: the social worker's dashboard and the forms reached from the
person page. Each view passes a gate, calls one service or selector, renders."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tavana.accounts.access import require, user_can
from tavana.audit.services import audit_read
from tavana.core.errors import service_errors_as_message
from tavana.people.selectors import person_get

from . import selectors, services
from .domain.assessment import suggest_level
from .forms import (
    ActionDoneForm,
    ActionForm,
    AssessmentForm,
    DeliveryForm,
    EnrolmentForm,
    GoalForm,
    IncomingReferralForm,
    LevelChangeForm,
    NoteForm,
    OtherSupportForm,
    ReferralForm,
    RespondForm,
)
from .models import OtherSupport, PlanAction, PlanGoal, SupportLevel


def _form_page(request, person, form, title, intro="", submit="ذخیره", status=200):
    return render(
        request,
        "people/form_page.html",
        {"person": person, "form": form, "title": title, "intro": intro, "submit": submit},
        status=status,
    )


def _back(person):
    return redirect("people:detail", person_id=person.pk)


@require("casework.manage")
def dashboard(request):
    data = selectors.dashboard(actor=request.user)
    return render(request, "casework/dashboard.html", data)


# ------------------------------------------------------------------ assessment


def _preview(questions, form) -> dict | None:
    """The suggestion for the answers picked so far (no write)."""
    options = {str(o.pk): o for q in questions for o in q.options.all()}
    picked = []
    for q in questions:
        o = options.get(str(form.data.get(f"q_{q.pk}", "")))
        if o is not None and o.question_id == q.pk:
            picked.append((q.domain, o.score))
    if not picked:
        return None
    from .configuration import current_rule

    s = suggest_level(picked, current_rule()[1])
    return {"level": SupportLevel.objects.filter(code=s.level).first(), "reasons": s.reasons}


@require("casework.manage")
@require_http_methods(["GET", "POST"])
def assess(request, person_id: int):
    person = person_get(actor=request.user, person_id=person_id)
    questions = selectors.questionnaire()
    form = AssessmentForm(request.POST or None, questions=questions)
    if request.method == "POST" and request.POST.get("preview"):
        return render(
            request, "casework/_suggestion.html", {"suggestion": _preview(questions, form)}
        )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with form.showing_service_errors():
            services.assessment_record(
                actor=request.user,
                person=person,
                answers=form.answers(),
                assessed_on=d["assessed_on"],
                decided_level_code=d["decided_level"],
                override_reason=d["override_reason"],
                reassess_on=d["reassess_on"],
            )
            messages.success(request, "ارزیابی نیاز ثبت شد.")
            return _back(person)
    status = 422 if request.method == "POST" else 200
    suggestion = _preview(questions, form) if request.method == "POST" else None
    return render(
        request,
        "casework/assess.html",
        {"person": person, "form": form, "suggestion": suggestion},
        status=status,
    )


@require("casework.manage")
@require_http_methods(["GET", "POST"])
def level_change(request, person_id: int):
    person = person_get(actor=request.user, person_id=person_id)
    form = LevelChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with form.showing_service_errors():
            services.level_change(
                actor=request.user,
                person=person,
                level_code=d["level"],
                on=d["date"],
                reason=d["reason"],
            )
            messages.success(request, "سطح حمایت تغییر کرد.")
            return _back(person)
    status = selectors.SupportStatus.objects.filter(person=person).select_related("level").first()
    intro = f"سطح کنونی: {status.level.name}" if status else "هنوز سطحی برای او تعیین نشده است."
    return _form_page(
        request,
        person,
        form,
        "تغییر سطح حمایت",
        intro + " · هیچ‌کس از چرخه خارج نمی‌شود؛ فقط سطح حمایت تغییر می‌کند.",
        "ثبت تغییر سطح",
        422 if request.method == "POST" else 200,
    )


@require("casework.manage")
@require_POST
def case_take(request, person_id: int):
    person = person_get(actor=request.user, person_id=person_id)
    with service_errors_as_message(request):
        services.case_take(actor=request.user, person=person)
        messages.success(request, "پرونده به فهرست پرونده‌های شما افزوده شد.")
    return _back(person)


# ------------------------------------------------------- services and programmes


@require("service.record")
@require_http_methods(["GET", "POST"])
def delivery_new(request, person_id: int):
    person = person_get(actor=request.user, person_id=person_id)
    form = DeliveryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with form.showing_service_errors():
            services.delivery_record(
                actor=request.user,
                person=person,
                service=d["service"],
                delivered_on=d["delivered_on"],
                quantity=d["quantity"],
                unit=d["unit"],
                centre=d["centre"],
                note=d["note"],
            )
            messages.success(request, "خدمت ثبت شد.")
            return _back(person)
    return _form_page(
        request, person, form, "ثبت خدمت ارائه‌شده", "", "ثبت خدمت",
        422 if request.method == "POST" else 200,
    )  # fmt: skip


@require("casework.manage")
@require_http_methods(["GET", "POST"])
def enrol(request, person_id: int):
    person = person_get(actor=request.user, person_id=person_id)
    form = EnrolmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with form.showing_service_errors():
            services.enrolment_set_stage(
                actor=request.user,
                person=person,
                programme=d["programme"],
                stage=d["stage"],
                on=d["date"],
                reason=d["reason"],
            )
            messages.success(request, "مرحلهٔ برنامه ثبت شد.")
            return _back(person)
    return _form_page(
        request,
        person,
        form,
        "ورود به برنامه یا تغییر مرحله",
        "مرحله‌ها: معرفی‌شده ← ثبت‌نام‌شده ← فعال ← پایان‌یافته؛ انصراف با ذکر دلیل.",
        "ثبت",
        422 if request.method == "POST" else 200,
    )


# ------------------------------------------------------------------ plan and notes


@require("casework.manage")
@require_http_methods(["GET", "POST"])
def note_new(request, person_id: int):
    person = person_get(actor=request.user, person_id=person_id)
    cleared = user_can(request.user, "person.sensitive")
    form = NoteForm(request.POST or None, cleared=cleared)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            services.note_create(
                actor=request.user,
                person=person,
                text=form.cleaned_data["text"],
                sensitivity=form.cleaned_data["sensitivity"],
            )
            messages.success(request, "یادداشت ثبت شد.")
            return _back(person)
    return _form_page(
        request,
        person,
        form,
        "یادداشت مددکاری",
        "یادداشت محرمانه فقط برای نقش‌های مجاز و با ثبت در دفتر رویدادها نمایش داده می‌شود.",
        "ثبت یادداشت",
        422 if request.method == "POST" else 200,
    )


@require("person.sensitive")
@require_POST
def note_reveal(request, note_id: int):
    """Show one sensitive note's text, recording the read in the audit log."""
    if not user_can(request.user, "casework.notes"):
        raise PermissionDenied
    note = selectors.note_for_reveal(actor=request.user, note_id=note_id)
    audit_read(
        actor=request.user,
        action="casework.read_sensitive_note",
        fields=["text"],
        obj=note,
        person_id=note.person_id,
    )
    return render(request, "casework/_note_text.html", {"note": note})


@require("casework.manage")
@require_http_methods(["GET", "POST"])
def goal_new(request, person_id: int):
    person = person_get(actor=request.user, person_id=person_id)
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        errors = {}
        if d["action"] and not d["follow_up_on"]:
            errors["follow_up_on"] = "برای اقدام، تاریخ پیگیری را وارد کنید."
        if not d["title"]:
            errors["title"] = "هدف را بنویسید."
        if errors:
            form.add_service_errors(errors)
        else:
            goal = services.goal_with_action_create(
                actor=request.user,
                person=person,
                title=d["title"],
                target_date=d["target_date"],
                action=d["action"],
                follow_up_on=d["follow_up_on"],
            )
            messages.success(request, f"هدف «{goal.title}» ثبت شد.")
            return _back(person)
    return _form_page(
        request, person, form, "هدف تازه در برنامهٔ مددکاری", "", "ثبت هدف",
        422 if request.method == "POST" else 200,
    )  # fmt: skip


def _goal_in_scope(request, goal_id: int) -> PlanGoal:
    goal = get_object_or_404(PlanGoal.objects.select_related("person"), pk=goal_id)
    person_get(actor=request.user, person_id=goal.person_id)
    return goal


@require("casework.manage")
@require_http_methods(["GET", "POST"])
def action_new(request, goal_id: int):
    goal = _goal_in_scope(request, goal_id)
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            services.action_create(
                actor=request.user,
                goal=goal,
                description=form.cleaned_data["description"],
                follow_up_on=form.cleaned_data["follow_up_on"],
            )
            messages.success(request, "اقدام ثبت شد.")
            return _back(goal.person)
    return _form_page(
        request, goal.person, form, f"اقدام تازه برای هدف «{goal.title}»", "", "ثبت اقدام",
        422 if request.method == "POST" else 200,
    )  # fmt: skip


@require("casework.manage")
@require_http_methods(["GET", "POST"])
def action_done(request, action_id: int):
    action = get_object_or_404(PlanAction.objects.select_related("goal"), pk=action_id)
    person = person_get(actor=request.user, person_id=action.goal.person_id)
    form = ActionDoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            services.action_done(
                actor=request.user,
                action=action,
                outcome=form.cleaned_data["outcome"],
                done_on=form.cleaned_data["done_on"],
            )
            messages.success(request, "پیگیری انجام‌شده ثبت شد.")
            if request.GET.get("next") == "dashboard":
                return redirect("casework:dashboard")
            return _back(person)
    return _form_page(
        request, person, form, f"ثبت انجام پیگیری: {action.description}", "", "ثبت",
        422 if request.method == "POST" else 200,
    )  # fmt: skip


# ------------------------------------------------------------------ referrals


@require("casework.manage")
@require_http_methods(["GET", "POST"])
def referral_new(request, person_id: int):
    person = person_get(actor=request.user, person_id=person_id)
    form = ReferralForm(
        request.POST or None, workers=selectors.social_workers(exclude=request.user)
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with form.showing_service_errors():
            r = services.referral_create(
                actor=request.user,
                person=person,
                kind=d["kind"],
                request=d["request"],
                follow_up_on=d["follow_up_on"],
                to_worker=d["to_worker"],
                to_centre=d["to_centre"],
                to_partner=d["to_partner"],
                service=d["service"],
            )
            messages.success(
                request,
                "درخواست انتقال فرستاده شد؛ پس از پذیرش مددکار گیرنده، پرونده منتقل می‌شود."
                if r.kind == "transfer"
                else "ارجاع فرستاده شد و تا پاسخ در فهرست پیگیری شما می‌ماند.",
            )
            return _back(person)
    return _form_page(
        request,
        person,
        form,
        "ارجاع یا انتقال پرونده",
        "ارجاع: پرونده نزد شما می‌ماند و گیرندهٔ دیگری اقدام می‌کند. "
        "انتقال: پرونده پس از پذیرش مددکار گیرنده به او سپرده می‌شود.",
        "فرستادن",
        422 if request.method == "POST" else 200,
    )


@require("casework.manage")
@require_http_methods(["GET", "POST"])
def referral_detail(request, referral_id: int):
    r = selectors.referral_get(actor=request.user, referral_id=referral_id)
    can_respond = selectors.may_respond(request.user, r)
    form = RespondForm(request.POST or None, referral=r) if can_respond else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            with form.showing_service_errors():
                services.referral_respond(
                    actor=request.user,
                    referral=r,
                    status=form.cleaned_data["status"],
                    answer=form.cleaned_data["answer"],
                )
                messages.success(request, "پاسخ ارجاع ثبت شد.")
                return redirect("casework:referral", referral_id=r.pk)
    return render(
        request,
        "casework/referral.html",
        {"r": r, "form": form},
        status=422 if request.method == "POST" else 200,
    )


# ------------------------------------------------------------ other bodies


@require("casework.manage")
@require_http_methods(["GET", "POST"])
def referral_in_new(request, person_id: int):
    person = person_get(actor=request.user, person_id=person_id)
    form = IncomingReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with form.showing_service_errors():
            r = services.referral_receive(
                actor=request.user,
                person=person,
                from_partner=d["from_partner"],
                request=d["request"],
                received_on=d["received_on"],
                follow_up_on=d["follow_up_on"],
                service=d["service"],
            )
            messages.success(request, "معرفی ثبت شد و تا پاسخ شما در فهرست پیگیری‌تان می‌ماند.")
            return redirect("casework:referral", referral_id=r.pk)
    return _form_page(
        request,
        person,
        form,
        "ثبت معرفی از سازمان دیگر",
        "سازمانی او را به مرکز معرفی کرده است؛ پس از بررسی، پاسخ مرکز را در همین ارجاع ثبت کنید.",
        status=422 if request.method == "POST" else 200,
    )


@require("casework.manage")
@require_http_methods(["GET", "POST"])
def other_support_new(request, person_id: int):
    person = person_get(actor=request.user, person_id=person_id)
    form = OtherSupportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with form.showing_service_errors():
            services.other_support_record(
                actor=request.user,
                person=person,
                organisation=d["organisation"],
                support=d["support"],
                since=d["since"],
                until=d["until"],
                consent=d["consent"],
            )
            messages.success(request, "حمایت سازمان دیگر با رضایت او ثبت شد.")
            return _back(person)
    return _form_page(
        request,
        person,
        form,
        "سازمان دیگری که از او حمایت می‌کند",
        "فقط با رضایت خود او ثبت کنید؛ اگر رضایتش را پس بگیرد، این سطر پاک می‌شود.",
        status=422 if request.method == "POST" else 200,
    )


@require("casework.manage")
@require_POST
def other_support_withdraw(request, support_id: int):
    row = get_object_or_404(OtherSupport.objects.select_related("organisation"), pk=support_id)
    person = person_get(actor=request.user, person_id=row.person_id)
    with service_errors_as_message(request):
        services.other_support_withdraw(actor=request.user, support=row)
        messages.success(request, "رضایت پس گرفته شد و این حمایت از پرونده پاک شد.")
    return _back(person)
