"""Staff pages of the release campaign, at /protected/release/. Each view passes
the matrix gate, then the clearance gate (`access.py`): anyone else gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tavana.accounts.access import require, user_can
from tavana.core.errors import service_errors_as_message
from tavana.core.paging import pager

from ..domain import release as rules
from . import forms as f
from . import selectors, services
from .access import access_case_by_id, access_release, is_cleared
from .models import Donor, FollowUp, LedgerEntry, PoolAllocation

CASE_FORMS = {
    "debt": (f.DebtForm, "بدهی یا دیه"),
    "relief": (f.ReliefForm, "گذشت یا تقسیط"),
    "child": (f.ChildForm, "فرزند و سرپرست او"),
    "partner": (f.PartnerForm, "سازمان همکار در پرونده"),
    "settle": (f.SettleForm, "پرداخت بدهی‌ها از موجودی پرونده"),
}


@require("protected.work")
def home(request):
    access_release(request.user)
    status = request.GET.get("status", "")
    query = request.GET.get("q", "").strip()
    rows = selectors.case_list(actor=request.user, status=status, query=query, paged=pager(request))
    return render(request, "protected/release/home.html", {
        "rows": rows, "status": status, "q": query, "statuses": rules.CHOICES,
        "balances": services.ledger_balances(),
    })  # fmt: skip


@require("protected.work")
@require_http_methods(["GET", "POST"])
def case_new(request):
    access_release(request.user)
    form = f.CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            case = services.case_open(actor=request.user, data=form.cleaned_data)
            messages.success(request, "پرونده ثبت شد؛ همکار دیگری باید آن را تأیید کند.")
            return redirect("release:case", case_id=case.pk)
    return render(request, "protected/release/case_new.html", {"form": form},
                  status=422 if form.errors else 200)  # fmt: skip


def _forms(case, bound=None) -> list[dict]:
    out = []
    for kind, (form_class, title) in CASE_FORMS.items():
        form = (bound or {}).get(kind)
        if form is None:
            form = (
                form_class(prefix=kind, case=case) if kind == "relief" else form_class(prefix=kind)
            )
        out.append({"kind": kind, "title": title, "form": form})
    return out


def _case_page(request, case, by_emergency, bound=None, status=200, offer_form=None):
    data = selectors.case_detail(actor=request.user, case=case, by_emergency=by_emergency)
    return render(request, "protected/release/case.html", {
        **data, "by_emergency": by_emergency, "forms": _forms(case, bound),
        "open_kind": next(iter(bound or {}), ""), "move_form": f.MoveForm(),
        "followup_form": f.FollowUpForm(),
        "offer_form": offer_form or (f.OfferForm(prefix="offer") if case.released_on else None),
    }, status=status)  # fmt: skip


@require("protected.work")
def case_detail(request, case_id: int):
    case, by_emergency = access_case_by_id(request.user, case_id)
    return _case_page(request, case, by_emergency)


@require("protected.work")
@require_POST
def case_move(request, case_id: int):
    case, _ = access_case_by_id(request.user, case_id)
    form = f.MoveForm(request.POST)
    if form.is_valid():
        with service_errors_as_message(request):
            services.case_move(actor=request.user, case=case, to=form.cleaned_data["to"],
                               reason=form.cleaned_data["reason"])  # fmt: skip
            messages.success(request, "وضعیت پرونده به‌روز شد.")
    return redirect("release:case", case_id=case.pk)


@require("protected.work")
@require_POST
def case_add(request, case_id: int, kind: str):
    case, by_emergency = access_case_by_id(request.user, case_id)
    if kind not in CASE_FORMS:
        raise Http404
    form_class, _ = CASE_FORMS[kind]
    kw = {"case": case} if kind == "relief" else {}
    form = form_class(request.POST, prefix=kind, **kw)
    if form.is_valid():
        d, actor = form.cleaned_data, request.user
        with form.showing_service_errors():
            if kind == "debt":
                services.debt_add(actor=actor, case=case, **d)
            elif kind == "relief":
                services.relief_add(actor=actor, **d)
            elif kind == "child":
                services.child_add(actor=actor, case=case, **d)
            elif kind == "partner":
                services.partner_add(actor=actor, case=case, **d)
            else:
                services.settle_all(actor=actor, case=case, **d)
            messages.success(request, "ثبت شد.")
            return redirect("release:case", case_id=case.pk)
    return _case_page(request, case, by_emergency, {kind: form}, status=422)


@require("protected.work")
@require_http_methods(["GET", "POST"])
def case_release(request, case_id: int):
    """Record her release: find her in the registry (the duplicate matcher), her
    support level, her social worker, the offers; follow-ups are scheduled."""
    from tavana.people.models import Person

    case, _ = access_case_by_id(request.user, case_id)
    access_release(request.user)
    form = f.ReleaseForm(request.POST or None)
    candidates = services.registry_candidates(actor=request.user, case=case)
    choice = request.POST.get("person", "")
    if request.method == "POST" and form.is_valid():
        ids = {c["id"] for c in candidates}
        person = None
        if choice.isdigit() and int(choice) in ids:
            person = Person.objects.get(pk=int(choice))
        with form.showing_service_errors():
            services.case_release(actor=request.user, case=case, person=person,
                                  register_new=choice == "new", **form.cleaned_data)  # fmt: skip
            messages.success(request, "آزادی ثبت شد و پیگیری‌های ۱، ۳ و ۱۲ ماه زمان‌بندی شد.")
            return redirect("release:case", case_id=case.pk)
    return render(request, "protected/release/release.html", {
        "case": case, "form": form, "candidates": candidates, "choice": choice,
    }, status=422 if form.errors else 200)  # fmt: skip


@require("protected.work")
@require_POST
def case_offer(request, case_id: int):
    """Her answer to the employment or training offer after release: accepted
    enrols her through training's or production's own service."""
    case, by_emergency = access_case_by_id(request.user, case_id)
    form = f.OfferForm(request.POST, prefix="offer")
    if form.is_valid():
        d = form.cleaned_data
        with form.showing_service_errors():
            services.case_offer(actor=request.user, case=case, kind=d["kind"], answer=d["answer"],
                                course=d["training_course"], unit=d["employment_unit"])  # fmt: skip
            messages.success(request, "پاسخ او ثبت شد.")
            return redirect("release:case", case_id=case.pk)
    return _case_page(request, case, by_emergency, offer_form=form, status=422)


@require("protected.work")
@require_POST
def followup(request, followup_id: int):
    fu = get_object_or_404(FollowUp.objects.select_related("case"), pk=followup_id)
    access_case_by_id(request.user, fu.case_id)
    form = f.FollowUpForm(request.POST)
    if form.is_valid():
        with service_errors_as_message(request):
            services.followup_record(actor=request.user, followup=fu, **form.cleaned_data)
            messages.success(request, "پیگیری ثبت شد.")
    return redirect("release:case", case_id=fu.case_id)


# ------------------------------------------------------------------- money


@require("protected.work")
@require_http_methods(["GET", "POST"])
def donors(request):
    access_release(request.user)
    form = f.DonorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            donor = services.donor_save(actor=request.user, **form.cleaned_data)
            messages.success(request, "نیکوکار ثبت شد.")
            return redirect("release:donor", donor_id=donor.pk)
    return render(request, "protected/release/donors.html", {
        "form": form, "donors": selectors.donor_list(actor=request.user),
    }, status=422 if form.errors else 200)  # fmt: skip


@require("protected.work")
@require_http_methods(["GET", "POST"])
def donor(request, donor_id: int):
    access_release(request.user)
    d = get_object_or_404(Donor, pk=donor_id)
    form = f.PaymentForm(request.POST or None, donor=d)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            entry = services.payment_record(actor=request.user, donor=d, **form.cleaned_data)
            messages.success(request, f"پرداخت با رسید {entry.receipt_no} ثبت شد.")
            return redirect("release:donor", donor_id=d.pk)
    page = selectors.donor_page(token=d.token)
    return render(request, "protected/release/donor.html", {
        "donor": d, "form": form, **(page or {}),
    }, status=422 if form.errors else 200)  # fmt: skip


@require("protected.work")
def ledger(request):
    access_release(request.user)
    return render(request, "protected/release/ledger.html", {
        **selectors.ledger_view(actor=request.user), "form": f.ReverseForm(),
    })  # fmt: skip


@require("protected.work")
@require_POST
def entry_reverse(request, entry_id: int):
    access_release(request.user)
    entry = get_object_or_404(LedgerEntry, pk=entry_id)
    form = f.ReverseForm(request.POST)
    with service_errors_as_message(request):
        services.entry_reverse(actor=request.user, entry=entry,
                               reason=form.data.get("reason", ""))  # fmt: skip
        messages.success(request, "ردیف برگشتی ثبت شد؛ ردیف اصلی در دفتر می‌ماند.")
    return redirect("release:ledger")


@require("protected.work")
def pool(request):
    access_release(request.user)
    allocations = selectors.allocation_list(actor=request.user)
    latest = allocations[0] if allocations else None
    return render(request, "protected/release/pool.html", {
        "balances": services.ledger_balances(), "allocations": allocations, "latest": latest,
    })  # fmt: skip


@require("protected.work")
@require_POST
def pool_propose(request):
    access_release(request.user)
    with service_errors_as_message(request):
        services.allocation_propose(actor=request.user)
    return redirect("release:pool")


@require("protected.work")
@require_POST
def pool_decide(request, allocation_id: int):
    access_release(request.user)
    allocation = get_object_or_404(PoolAllocation, pk=allocation_id)
    ids = [int(x) for x in request.POST.getlist("case") if x.isdigit()]
    with service_errors_as_message(request):
        a = services.allocation_decide(actor=request.user, allocation=allocation, case_ids=ids,
                                       reason=request.POST.get("reason", ""))  # fmt: skip
        messages.success(request, f"تخصیص ثبت شد ({a.get_status_display()}).")
    return redirect("release:pool")


@require("release.figures")
def figures(request):
    from tavana.accounts import roles

    from .figures import period_figures

    full = is_cleared(request.user) or request.user.role in (roles.MANAGER, roles.ADMINISTRATOR)
    year = request.GET.get("year", "")
    from tavana.core.domain.persian_text import to_ascii_digits

    year = to_ascii_digits(year).strip()
    return render(request, "protected/release/figures.html", {
        "fig": selectors.figures(actor=request.user, full=full),
        "by": period_figures(year=int(year) if year.isdigit() else None, full=full),
        "can_work": user_can(request.user, "protected.work") and is_cleared(request.user),
    })  # fmt: skip


@require("release.figures")
def export(request):
    """The year's figures as xlsx: counts only, suppressed for partners, audited."""
    import tempfile

    from django.http import FileResponse

    from tavana.accounts import roles
    from tavana.core.domain.persian_text import to_ascii_digits

    from .figures import figures_xlsx

    full = is_cleared(request.user) or request.user.role in (roles.MANAGER, roles.ADMINISTRATOR)
    typed = to_ascii_digits(request.GET.get("year", "")).strip()
    out = tempfile.TemporaryFile(suffix=".xlsx")  # gone when the response is closed
    year = figures_xlsx(actor=request.user, year=int(typed) if typed.isdigit() else None,
                        full=full, out=out)  # fmt: skip
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=f"tavana-mothers-{year}.xlsx",
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")  # fmt: skip
