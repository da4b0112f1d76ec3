"""Programme pages: model and gifted schools (applications, support proposed by
one person and decided by another, the payment file), the summer teen
programmes «به وقت نوجوانی», and talent screening."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tavana.accounts.access import require
from tavana.core.errors import ServiceError, service_errors_as_message
from tavana.core.paging import pager

from .. import selectors, services
from ..access import access_child_by_id, cleared_for_children
from . import selectors as ps
from .forms import (
    ApplicationForm,
    ApplicationResultForm,
    BudgetLineEditForm,
    BudgetLineForm,
    DecisionForm,
    FollowUpForm,
    GrantForm,
    ReferForm,
    TalentResultForm,
    TalentRoundForm,
    TeamForm,
    TeenEnrolForm,
    TeenProgrammeForm,
    teen_course_form,
)
from .models import BudgetLine, TalentResult, TalentRound, TeenProgramme

NOT_FOUND = "در فرزندان ثبت‌شده در محدودهٔ شما کسی با این کد ملی نیست."


# ------------------------------------------------------------ gifted schools


@require("youth.gifted")
def gifted(request):
    return render(
        request,
        "youth/gifted.html",
        {
            "applications": ps.application_list(actor=request.user),
            "cleared": cleared_for_children(request.user),
        },
    )


@require("youth.gifted")
@require_http_methods(["GET", "POST"])
def application_new(request, child_id: int):
    kid = access_child_by_id(request.user, child_id, gate="youth.gifted")
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            a = services.application_create(actor=request.user, child=kid, **form.cleaned_data)
            messages.success(request, "درخواست آزمون ثبت شد.")
            return redirect("youth:application", application_id=a.pk)
    return render(
        request,
        "youth/child_form.html",
        {
            "form": form,
            "child": kid,
            "title": "درخواست آزمون مدارس نمونه و تیزهوشان",
            "submit": "ثبت",
        },
    )


@require("youth.gifted")
@require_http_methods(["GET", "POST"])
def application(request, application_id: int):
    a = ps.application_get(actor=request.user, application_id=application_id)
    result = ApplicationResultForm(request.POST if "result" in request.POST else None, prefix="r")
    grant = GrantForm(request.POST if "grant" in request.POST else None, prefix="g")
    if "result" in request.POST and result.is_valid():
        with result.showing_service_errors():
            services.application_result(actor=request.user, application=a, **result.cleaned_data)
            messages.success(request, "نتیجهٔ آزمون ثبت شد.")
            return redirect("youth:application", application_id=a.pk)
    if "grant" in request.POST and grant.is_valid():
        with grant.showing_service_errors():
            services.grant_propose(actor=request.user, application=a, **grant.cleaned_data)
            messages.success(request, "پیشنهاد حمایت ثبت شد و منتظر تأیید همکار دیگری است.")
            return redirect("youth:application", application_id=a.pk)
    return render(
        request,
        "youth/application.html",
        {
            "a": a,
            "grants": ps.grants_of(application=a),
            "result_form": result,
            "grant_form": grant,
            "parent": selectors.parent_of(child=a.child),
        },
    )


@require("youth.support_approve")
@require_http_methods(["GET", "POST"])
def grants(request):
    form = BudgetLineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            services.budget_line_save(actor=request.user, **form.cleaned_data)
            messages.success(request, "ردیف بودجه ثبت شد.")
            return redirect("youth:grants")
    return render(
        request,
        "youth/grants.html",
        {
            "queue": ps.grant_queue(actor=request.user, paged=pager(request)),
            "lines": ps.budget_lines(),
            "form": form,
            "decision": DecisionForm(),
            "cleared": cleared_for_children(request.user),
        },
    )


@require("youth.support_approve")
@require_http_methods(["GET", "POST"])
def budget_line(request, line_id: int):
    """Edit a budget line (title, year, amount, open to new support) with its history."""
    from tavana.audit.selectors import audit_history
    from tavana.core.domain.persian_text import to_persian_digits

    line = get_object_or_404(BudgetLine, pk=line_id)
    initial = {"name": line.name, "year": to_persian_digits(line.year),
               "amount_toman": to_persian_digits(line.amount_toman), "active": line.active}  # fmt: skip
    form = BudgetLineEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            services.budget_line_update(actor=request.user, line=line, **form.cleaned_data)
            messages.success(request, "ردیف بودجه ذخیره شد.")
            return redirect("youth:grants")
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": f"ردیف بودجهٔ «{line.name}»",
            "intro": "کد ردیف تغییر نمی‌کند؛ اعتبار از مبلغ تأییدشده یا پرداخت‌شده کمتر "
            "نمی‌شود و سال ردیفی که حمایت دارد ثابت می‌ماند.",
            "back": "youth:grants",
            "submit": "ذخیره",
            "history": audit_history(
                actor=request.user,
                actions=("youth.budget_line", "youth.budget_line_update"),
                object_id=str(line.pk),
            ),
        },
        status=400 if form.errors else 200,
    )


@require("youth.support_approve")
@require_POST
def grant_decide(request, grant_id: int):
    grant = ps.grant_get(actor=request.user, grant_id=grant_id)
    form = DecisionForm(request.POST)
    form.is_valid()
    with service_errors_as_message(request):
        g = services.grant_decide(
            actor=request.user,
            grant=grant,
            approve=request.POST.get("decision") == "approve",
            note=form.cleaned_data.get("note", ""),
        )
        messages.success(request, f"پیشنهاد {g.get_status_display()}.")
    return redirect("youth:grants")


@require("youth.support_approve")
@require_POST
def payment_file(request, line_id: int):
    line = get_object_or_404(BudgetLine, pk=line_id)
    with service_errors_as_message(request) as refused:
        content, ref, n = services.payment_file_make(actor=request.user, budget_line=line)
    if refused:
        return redirect("youth:grants")
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="payments-{ref}.xlsx"'
    return response


# ------------------------------------------------------------ teen programmes


@require("youth.teens")
@require_http_methods(["GET", "POST"])
def teens(request):
    """A programme on a teen course already scheduled in training, or on a new one
    scheduled here through training's own form and service (one transaction)."""
    post = request.POST or None
    form = TeenProgrammeForm(post)
    new_course = post is not None and not request.POST.get("course")
    course_form = teen_course_form(post if new_course else None, actor=request.user)
    if post is not None and form.is_valid():
        p = _teen_programme_save(request, form, course_form)
        if p is not None:
            messages.success(request, "برنامهٔ به وقت نوجوانی ثبت شد.")
            return redirect("youth:teen_programme", programme_id=p.pk)
    elif new_course and course_form is not None:
        course_form.is_valid()  # show the course's own mistakes too
    return render(
        request,
        "youth/teens.html",
        {"programmes": ps.teen_programmes(), "form": form, "course_form": course_form},
        status=400 if post is not None else 200,
    )


def _teen_programme_save(request, form, course_form):
    d = dict(form.cleaned_data)
    course = d.pop("course")
    if course is not None:
        with form.showing_service_errors():
            return services.teen_programme_create(actor=request.user, course=course, **d)
        return None
    if course_form is None:
        form.add_error(
            "course", "یک دورهٔ نوجوانان انتخاب کنید (زمان‌بندی دورهٔ تازه با مدیر مرکز است)."
        )
        return None
    if not course_form.is_valid():
        return None
    try:
        return services.teen_programme_with_course_create(
            actor=request.user, course_fields=course_form.cleaned_data, **d
        )
    except ServiceError as e:
        for field, message in e.errors.items():
            target = course_form if field in course_form.fields else form
            target.add_error(field if field in target.fields else None, message)
    return None


def _teen_enrol(request, programme, form) -> bool:
    child = selectors.child_find(actor=request.user, code=form.cleaned_data["code"])
    if child is None:
        form.add_error("code", NOT_FOUND)
        return False
    with form.showing_service_errors(fields={"child": "code"}):
        if form.cleaned_data["method"]:
            services.consent_record(
                actor=request.user,
                programme=programme,
                child=child,
                method=form.cleaned_data["method"],
                given_on=form.cleaned_data["given_on"],
            )
        e = services.teen_enrol(actor=request.user, programme=programme, child=child)
        messages.success(request, f"{child.full_name} ثبت‌نام شد ({e.get_status_display()}).")
        return True
    return False


def _teen_followup(request, programme, form) -> bool:
    child = selectors.child_find(actor=request.user, code=form.cleaned_data["code"])
    if child is None:
        form.add_error("code", NOT_FOUND)
        return False
    with form.showing_service_errors():
        services.followup_record(
            actor=request.user,
            programme=programme,
            child=child,
            choice=form.cleaned_data["choice"],
            detail=form.cleaned_data["detail"],
        )
        messages.success(request, "انتخاب او ثبت شد.")
        return True
    return False


@require("youth.teens")
@require_http_methods(["GET", "POST"])
def teen_programme(request, programme_id: int):
    programme = get_object_or_404(TeenProgramme.objects.select_related("course"), pk=programme_id)
    page = ps.teen_programme_page(actor=request.user, programme=programme)
    ids = [r["enrolment"].person_id for r in page["rows"]]
    post = request.POST
    enrol = TeenEnrolForm(post if "enrol" in post else None, prefix="e")
    team = TeamForm(
        post if "team" in post else None,
        prefix="t",
        people=selectors.child_scope(actor=request.user).filter(pk__in=ids),
    )
    follow = FollowUpForm(post if "follow" in post else None, prefix="f")
    done = False
    if "enrol" in post and enrol.is_valid():
        done = _teen_enrol(request, programme, enrol)
    elif "team" in post and team.is_valid():
        with team.showing_service_errors():
            services.team_create(actor=request.user, programme=programme, **team.cleaned_data)
            messages.success(request, "گروه ثبت شد.")
            done = True
    elif "follow" in post and follow.is_valid():
        done = _teen_followup(request, programme, follow)
    elif "showcased" in post:
        t = get_object_or_404(programme.teams, pk=post.get("showcased"))
        services.team_showcased(actor=request.user, team=t)
        done = True
    if done:
        return redirect("youth:teen_programme", programme_id=programme.pk)
    return render(
        request,
        "youth/teen_programme.html",
        {
            "p": programme,
            **page,
            "enrol_form": enrol,
            "team_form": team,
            "follow_form": follow,
            "cleared": cleared_for_children(request.user),
        },
    )


# ------------------------------------------------------------ talent screening


@require("youth.talent")
@require_http_methods(["GET", "POST"])
def talent(request):
    form = TalentRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            r = services.talent_round_create(actor=request.user, **form.cleaned_data)
            messages.success(request, "دور استعدادیابی ثبت شد.")
            return redirect("youth:talent_round", round_id=r.pk)
    return render(request, "youth/talent.html", {"rounds": ps.talent_rounds(), "form": form})


@require("youth.talent")
@require_http_methods(["GET", "POST"])
def talent_round(request, round_id: int):
    r = get_object_or_404(TalentRound, pk=round_id)
    form = TalentResultForm(request.POST if "result" in request.POST else None, prefix="s")
    refer = ReferForm(request.POST if "refer" in request.POST else None, prefix="p")
    if "result" in request.POST and form.is_valid():
        child = selectors.child_find(actor=request.user, code=form.cleaned_data["code"])
        if child is None:
            form.add_error("code", NOT_FOUND)
        else:
            with form.showing_service_errors():
                services.talent_result_record(
                    actor=request.user, round=r, child=child,
                    score=form.cleaned_data["score"], note=form.cleaned_data["note"],
                )  # fmt: skip
                messages.success(request, "نتیجه ثبت شد.")
                return redirect("youth:talent_round", round_id=r.pk)
    if "refer" in request.POST and refer.is_valid():
        result = get_object_or_404(TalentResult, pk=request.POST.get("result_id"), round=r)
        if not selectors.child_scope(actor=request.user).filter(pk=result.child_id).exists():
            raise Http404
        with service_errors_as_message(request):
            services.talent_refer(actor=request.user, result=result, **refer.cleaned_data)
            messages.success(request, "ارجاع ثبت شد.")
        return redirect("youth:talent_round", round_id=r.pk)
    return render(
        request,
        "youth/talent_round.html",
        {
            "r": r,
            "results": ps.talent_results(actor=request.user, round=r),
            "form": form,
            "refer": ReferForm(prefix="p"),
            "cleared": cleared_for_children(request.user),
        },
    )
