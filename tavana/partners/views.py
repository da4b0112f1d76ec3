"""Staff pages: organisations, agreements, joint projects and the year's portfolio."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tavana.accounts.access import require
from tavana.audit.selectors import audit_history
from tavana.core.domain.jalali import jalali_year_of
from tavana.core.errors import service_errors_as_message

from . import selectors, services
from .domain import agreements as agreement_rules
from .domain import portfolio as engine
from .forms import (
    AgreementForm,
    ContactForm,
    DecisionForm,
    DocumentForm,
    IndicatorForm,
    MeasurementForm,
    MilestoneDoneForm,
    MilestoneForm,
    ObligationForm,
    OrganisationForm,
    PortfolioForm,
    ProjectForm,
    ProjectStatusForm,
    SignForm,
)
from .models import AgreementDocument, Indicator, Milestone, Obligation, Portfolio
from .services.common import today

MANAGE = "partners.manage"
PORTFOLIO_ACTIONS = (
    "partners.portfolio_save",
    "partners.portfolio_propose",
    "partners.portfolio_decide",
)


@require(MANAGE)
def home(request):
    status = request.GET.get("status", "")
    if status not in agreement_rules.LABELS:
        status = ""
    return render(
        request,
        "partners/home.html",
        {
            "agreements": selectors.agreement_list(actor=request.user, status=status),
            "organisations": selectors.organisations_overview(actor=request.user),
            "statuses": agreement_rules.STATUSES,
            "status": status,
            "today": today(),
            "fig": selectors.partners_figures(actor=request.user, today=today()),
        },
    )


# ----------------------------------------------------------------- organisations


@require(MANAGE)
@require_http_methods(["GET", "POST"])
def organisation_new(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        programmes = data.pop("programmes")
        with form.showing_service_errors():
            o = services.organisation_save(actor=request.user, data=data, programmes=programmes)
            messages.success(request, "سازمان ثبت شد.")
            return redirect("partners:organisation", organisation_id=o.pk)
    return render(
        request,
        "core/form_page.html",
        {"form": form, "title": "سازمان همکار تازه", "back": "partners:home", "submit": "ثبت"},
    )


@require(MANAGE)
@require_http_methods(["GET", "POST"])
def organisation_detail(request, organisation_id: int):
    o = selectors.organisation_get(actor=request.user, pk=organisation_id)
    form = OrganisationForm(
        request.POST if "save" in request.POST else None,
        editing=True,
        initial={
            **{f: getattr(o, f) for f in ("name", "kind", "phone", "email", "address")},
            "description": o.description,
            "active": o.active,
            "programmes": list(o.programmes.all()),
        },
    )
    contact = ContactForm(request.POST if "contact" in request.POST else None, prefix="c")
    if request.method == "POST" and "save" in request.POST and form.is_valid():
        data = dict(form.cleaned_data)
        programmes = data.pop("programmes")
        with form.showing_service_errors():
            services.organisation_save(
                actor=request.user, data=data, programmes=programmes, organisation=o
            )
            messages.success(request, "تغییرها ذخیره شد.")
            return redirect("partners:organisation", organisation_id=o.pk)
    if request.method == "POST" and "contact" in request.POST and contact.is_valid():
        with contact.showing_service_errors():
            services.contact_add(actor=request.user, organisation=o, **contact.cleaned_data)
            messages.success(request, "رابط افزوده شد.")
            return redirect("partners:organisation", organisation_id=o.pk)
    return render(
        request,
        "partners/organisation.html",
        {
            "o": o,
            "form": form,
            "contact_form": contact,
            "contacts": o.contacts.all(),
            "agreements": o.agreements.order_by("-starts_on"),
            "history": audit_history(
                actor=request.user, actions=("partners.organisation_save",), object_id=str(o.pk)
            ),
        },
    )


# ------------------------------------------------------------------- agreements


@require(MANAGE)
@require_http_methods(["GET", "POST"])
def agreement_new(request):
    renews = None
    if request.GET.get("renews"):
        renews = selectors.agreement_get(
            actor=request.user, agreement_id=_int(request.GET["renews"])
        )
    initial = {"owner": request.user}
    if renews is not None:
        initial.update(
            organisation=renews.organisation,
            kind=renews.kind,
            title=renews.title,
            summary=renews.summary,
            owner=renews.owner,
            axes=list(renews.axes.all()),
            starts_on=renews.ends_on + dt.timedelta(days=1),
        )
    form = AgreementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        axes = data.pop("axes")
        with form.showing_service_errors():
            a = services.agreement_create(actor=request.user, data=data, axes=axes, renews=renews)
            messages.success(request, "تفاهم‌نامه ثبت شد.")
            return redirect("partners:agreement", agreement_id=a.pk)
    title = f"تمدید «{renews.title}»" if renews else "تفاهم‌نامهٔ تازه"
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": title,
            "back": "partners:home",
            "submit": "ثبت تفاهم‌نامه",
            "intro": "اگر تاریخ پایان را خالی بگذارید، مدت تفاهم‌نامه یک سال خورشیدی از تاریخ آغاز است. "
            "۶۰ و ۳۰ روز پیش از پایان به کارشناس مسئول یادآوری و پیامک می‌رسد.",
        },
    )


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


@require(MANAGE)
def agreement_detail(request, agreement_id: int):
    a = selectors.agreement_get(actor=request.user, agreement_id=agreement_id)
    return render(
        request,
        "partners/agreement.html",
        {
            "a": a,
            "projects": selectors.agreement_projects(agreement=a),
            "obligations": a.obligations.all(),
            "documents": a.documents.all(),
            "changes": a.status_changes.select_related("by"),
            "portfolios": a.portfolios.all(),
            "sign_form": SignForm(initial={"signed_on": today()}),
            "obligation_form": ObligationForm(prefix="o"),
            "document_form": DocumentForm(prefix="d"),
            "can_sign": agreement_rules.SIGNED in agreement_rules.MANUAL_MOVES.get(a.status, ()),
            "can_renew": a.status != agreement_rules.DRAFT and not hasattr(a, "renewal"),
            "days_left": (a.ends_on - today()).days,
        },
    )


@require(MANAGE)
@require_POST
def agreement_sign(request, agreement_id: int):
    a = selectors.agreement_get(actor=request.user, agreement_id=agreement_id)
    form = SignForm(request.POST)
    with service_errors_as_message(request):
        if not form.is_valid():
            messages.error(request, "تاریخ امضا درست نیست.")
        else:
            services.agreement_sign(actor=request.user, agreement=a, **form.cleaned_data)
            messages.success(request, "امضای تفاهم‌نامه ثبت شد.")
    return redirect("partners:agreement", agreement_id=a.pk)


@require(MANAGE)
@require_POST
def obligation_add(request, agreement_id: int):
    a = selectors.agreement_get(actor=request.user, agreement_id=agreement_id)
    form = ObligationForm(request.POST, prefix="o")
    with service_errors_as_message(request):
        if not form.is_valid():
            messages.error(request, "متن تعهد و موعد را درست وارد کنید.")
        else:
            d = form.cleaned_data
            services.obligation_add(
                actor=request.user,
                agreement=a,
                party=d["party"],
                text_=d["text"],
                due_on=d["due_on"],
            )
            messages.success(request, "تعهد افزوده شد.")
    return redirect("partners:agreement", agreement_id=a.pk)


@require(MANAGE)
@require_POST
def obligation_done(request, obligation_id: int):
    o = get_object_or_404(Obligation, pk=obligation_id)
    services.obligation_done(actor=request.user, obligation=o)
    messages.success(request, "انجام تعهد ثبت شد.")
    return redirect("partners:agreement", agreement_id=o.agreement_id)


@require(MANAGE)
@require_POST
def document_add(request, agreement_id: int):
    a = selectors.agreement_get(actor=request.user, agreement_id=agreement_id)
    form = DocumentForm(request.POST, request.FILES, prefix="d")
    with service_errors_as_message(request):
        if not form.is_valid():
            messages.error(request, "عنوان و فایل سند را انتخاب کنید.")
        else:
            services.document_add(actor=request.user, agreement=a, **form.cleaned_data)
            messages.success(request, "سند بارگذاری شد.")
    return redirect("partners:agreement", agreement_id=a.pk)


@require(MANAGE)
def document(request, document_id: int):
    d = get_object_or_404(AgreementDocument, pk=document_id)
    return FileResponse(
        d.file.open("rb"), as_attachment=True, filename=d.file.name.rsplit("/", 1)[-1]
    )


# -------------------------------------------------------------------- projects


@require(MANAGE)
@require_http_methods(["GET", "POST"])
def project_new(request, agreement_id: int):
    a = selectors.agreement_get(actor=request.user, agreement_id=agreement_id)
    form = ProjectForm(request.POST or None, agreement=a)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            p = services.project_create(actor=request.user, agreement=a, data=form.cleaned_data)
            messages.success(request, "پروژه به فهرست افزوده شد.")
            return redirect("partners:project", project_id=p.pk)
    return render(
        request,
        "core/form_page.html",
        {"form": form, "title": f"پروژهٔ تازه در «{a.title}»", "submit": "افزودن پروژه"},
    )


@require(MANAGE)
def project_detail(request, project_id: int):
    p = selectors.project_get(actor=request.user, project_id=project_id)
    return render(
        request,
        "partners/project.html",
        {
            "p": p,
            "milestones": p.milestones.all(),
            "indicators": selectors.project_indicators(project=p),
            "changes": p.status_changes.select_related("by"),
            "status_form": ProjectStatusForm(project=p),
            "milestone_form": MilestoneForm(prefix="m"),
            "done_form": MilestoneDoneForm(prefix="d", initial={"done_on": today()}),
            "indicator_form": IndicatorForm(prefix="i"),
            "measurement_form": MeasurementForm(prefix="v", initial={"measured_on": today()}),
            "today": today(),
        },
    )


def _post_form(request, form, redirect_to, call, success: str):
    """A small form posted from a detail page: its errors as a message, the
    service's refusal too; back to the page either way."""
    with service_errors_as_message(request):
        if not form.is_valid():
            messages.error(
                request,
                "؛ ".join(f"{form.fields[f].label}: {e[0]}" if f in form.fields else e[0]
                          for f, e in form.errors.items()),
            )  # fmt: skip
        else:
            call(form.cleaned_data)
            messages.success(request, success)
    return redirect_to


@require(MANAGE)
@require_POST
def project_status(request, project_id: int):
    p = selectors.project_get(actor=request.user, project_id=project_id)
    return _post_form(
        request,
        ProjectStatusForm(request.POST, project=p),
        redirect("partners:project", project_id=p.pk),
        lambda d: services.project_move(
            actor=request.user, project=p, target=d["status"], reason=d["reason"]
        ),
        "وضعیت پروژه تغییر کرد.",
    )


@require(MANAGE)
@require_POST
def milestone_add(request, project_id: int):
    p = selectors.project_get(actor=request.user, project_id=project_id)
    return _post_form(
        request,
        MilestoneForm(request.POST, prefix="m"),
        redirect("partners:project", project_id=p.pk),
        lambda d: services.milestone_add(actor=request.user, project=p, **d),
        "گام افزوده شد.",
    )


@require(MANAGE)
@require_POST
def milestone_done(request, milestone_id: int):
    m = get_object_or_404(Milestone, pk=milestone_id)
    return _post_form(
        request,
        MilestoneDoneForm(request.POST, prefix="d"),
        redirect("partners:project", project_id=m.project_id),
        lambda d: services.milestone_done(
            actor=request.user, milestone=m, on=d["done_on"], note=d["note"]
        ),
        "انجام گام ثبت شد.",
    )


@require(MANAGE)
@require_POST
def indicator_add(request, project_id: int):
    p = selectors.project_get(actor=request.user, project_id=project_id)
    return _post_form(
        request,
        IndicatorForm(request.POST, prefix="i"),
        redirect("partners:project", project_id=p.pk),
        lambda d: services.indicator_add(actor=request.user, project=p, data=d),
        "شاخص افزوده شد.",
    )


@require(MANAGE)
@require_POST
def measurement_add(request, indicator_id: int):
    i = get_object_or_404(Indicator, pk=indicator_id)
    return _post_form(
        request,
        MeasurementForm(request.POST, prefix="v"),
        redirect("partners:project", project_id=i.project_id),
        lambda d: services.measurement_add(actor=request.user, indicator=i, **d),
        "مقدار شاخص ثبت شد.",
    )


# ------------------------------------------------------------------- portfolio


@require(MANAGE)
@require_http_methods(["GET", "POST"])
def portfolio_new(request, agreement_id: int):
    a = selectors.agreement_get(actor=request.user, agreement_id=agreement_id)
    form = PortfolioForm(request.POST or None, initial={"year": jalali_year_of(today())})
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            p = services.portfolio_save(
                actor=request.user,
                agreement=a,
                year=form.cleaned_data["year"],
                limits=form.limits(),
                weights=form.weights(),
            )
            return redirect("partners:portfolio", portfolio_id=p.pk)
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": f"سبد پروژه‌های سال — «{a.title}»",
            "intro": "امتیاز هر پروژه از چهار معیار با وزن‌هایی که اینجا می‌گذارید به دست می‌آید؛ "
            "حل‌کننده بهترین مجموعه را در سقف بودجه و نیروی انسانی پیشنهاد می‌کند.",
            "submit": "ساختن سبد",
        },
    )


@require(MANAGE)
@require_http_methods(["GET", "POST"])
def portfolio_detail(request, portfolio_id: int):
    p = selectors.portfolio_get(actor=request.user, portfolio_id=portfolio_id)
    initial = {**{f"w_{k}": v for k, v in p.weights.items()}}
    initial.update(
        budget=p.budget, staff=p.staff, min_count=p.min_count, max_count=p.max_count,
        cover_axes=p.cover_axes, quick_only=p.quick_only,
    )  # fmt: skip
    form = PortfolioForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            services.portfolio_save(
                actor=request.user,
                agreement=p.agreement,
                year=p.year,
                limits=form.limits(),
                weights=form.weights(),
                portfolio=p,
            )
            services.portfolio_propose(actor=request.user, portfolio=p)
            messages.success(request, "وزن‌ها ذخیره شد و پیشنهاد تازه آماده است.")
            return redirect("partners:portfolio", portfolio_id=p.pk)
    lines = p.proposal.get("lines", [])
    proposed = set(p.proposal.get("chosen", []))
    return render(
        request,
        "partners/portfolio.html",
        {
            "p": p,
            "form": form,
            "lines": lines,
            "proposed": proposed,
            "decision_form": DecisionForm(),
            "chosen": p.chosen.select_related("axis") if p.status == Portfolio.DECIDED else [],
            "criteria": [(k, engine.CRITERIA_LABELS[k], p.weights.get(k)) for k in engine.CRITERIA],
            "history": audit_history(
                actor=request.user, actions=PORTFOLIO_ACTIONS, object_id=str(p.pk)
            ),
        },
    )


@require(MANAGE)
@require_POST
def portfolio_propose(request, portfolio_id: int):
    p = selectors.portfolio_get(actor=request.user, portfolio_id=portfolio_id)
    with service_errors_as_message(request):
        services.portfolio_propose(actor=request.user, portfolio=p)
        messages.success(request, "پیشنهاد حل‌کننده آماده است.")
    return redirect("partners:portfolio", portfolio_id=p.pk)


@require(MANAGE)
@require_POST
def portfolio_decide(request, portfolio_id: int):
    p = selectors.portfolio_get(actor=request.user, portfolio_id=portfolio_id)
    form = DecisionForm(request.POST)
    form.is_valid()
    ids = [_int(x) for x in request.POST.getlist("chosen")]
    with service_errors_as_message(request):
        services.portfolio_decide(
            actor=request.user,
            portfolio=p,
            chosen_ids=ids,
            reason=form.cleaned_data.get("reason", ""),
        )
        messages.success(request, "تصمیم ثبت شد؛ پروژه‌های برگزیده برنامه‌ریزی‌شده‌اند.")
    return redirect("partners:portfolio", portfolio_id=p.pk)
