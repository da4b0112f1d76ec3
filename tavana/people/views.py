"""Registry pages: register, the 360° person page, corrections, duplicate review."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tavana.accounts.access import require, user_can
from tavana.audit.services import audit_read
from tavana.core.errors import ServiceError
from tavana.core.paging import page_of

from . import consents, selectors, services
from .forms import (
    ChangeRequestForm,
    ChildForm,
    ConsentForm,
    DecisionForm,
    PersonEditForm,
    RegistrationForm,
    SensitiveRevealForm,
)
from .models import ChangeRequest, Person
from .selectors import change_request_may_decide, change_request_scope

# Sections of the 360° page that later capabilities fill. Each app can register
# a callable (actor, person) -> dict(title, template, context) here.
PERSON_SECTIONS: list = []


@require("person.register")
@require_http_methods(["GET", "POST"])
def register(request):
    form = RegistrationForm(request.POST or None)
    existing = None
    if request.method == "POST" and not form.is_valid():
        # every fault at once: the service's reasons beside the fields the form let through
        reasons = services.person_check(
            actor=request.user, data=form.typed(), registration=form.registration_typed()
        )
        form.add_service_errors({k: v for k, v in reasons.items() if k not in form.errors})
    elif request.method == "POST":
        try:
            person = services.person_create(
                actor=request.user,
                data=form.typed(),
                registration=form.registration(),
                household={"relation": "head"},
            )
        except ServiceError as e:
            form.add_service_errors(e)
            existing = getattr(e, "existing", None)  # a DuplicatePerson names her
        else:
            messages.success(request, f"{person.full_name} ثبت شد.")
            return redirect("people:detail", person_id=person.pk)
    candidates = []
    if request.method == "POST":
        candidates = selectors.person_candidates(actor=request.user, data=request.POST.dict())
    return render(
        request,
        "people/register.html",
        {
            "form": form,
            "existing": existing,
            "candidates": candidates,
        },
    )


@require("person.register")
def register_check(request):
    """While typing: likely duplicates of what is in the form (htmx partial)."""
    candidates = selectors.person_candidates(actor=request.user, data=request.GET.dict())
    return render(request, "people/_candidates.html", {"candidates": candidates})


@require("person.view")
def person_detail(request, person_id: int):
    person = selectors.person_get(actor=request.user, person_id=person_id)
    if person.pk != person_id:
        return redirect("people:detail", person_id=person.pk)
    sections = [s(request.user, person) for s in PERSON_SECTIONS]
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "registration": getattr(person, "registration", None),
            "household": selectors.household_members(actor=request.user, person=person),
            "pending_changes": person.change_requests.filter(status=ChangeRequest.PENDING),
            "merged_from": person.merged_from.all(),
            "can_sensitive": user_can(request.user, "person.sensitive"),
            "can_edit": user_can(request.user, "person.edit"),
            "can_register": user_can(request.user, "person.register"),
            "sensitive_form": SensitiveRevealForm(),
            "consents": (current := consents.consent_current(person=person)),
            "consents_any": any(c["row"] for c in current),
            "sections": [s for s in sections if s],
        },
    )


@require("person.sensitive")
@require_POST
def person_sensitive(request, person_id: int):
    """Reveal the sensitive fields, for a stated reason, and record the read."""
    person = selectors.person_get(actor=request.user, person_id=person_id)
    form = SensitiveRevealForm(request.POST)
    reason = ""
    if form.is_valid():
        with form.showing_service_errors():  # as long a reason as the API and export ask
            reason = selectors.sensitive_purpose_check(form.cleaned_data["reason"])
    if not reason:
        return render(
            request, "people/_sensitive.html", {"person": person, "form": form}, status=422
        )
    audit_read(
        actor=request.user,
        action="person.read_sensitive",
        fields=list(Person.SENSITIVE_FIELDS),
        obj=person,
        person_id=person.pk,
        reason=reason,
    )
    return render(request, "people/_sensitive.html", {"person": person, "revealed": True})


@require("person.view")
@require_http_methods(["GET", "POST"])
def person_consents(request, person_id: int):
    """Her consents: each purpose now, the whole history, and (for staff who may
    edit her record) recording a consent or its withdrawal."""
    person = selectors.person_get(actor=request.user, person_id=person_id)
    can_record = user_can(request.user, "person.edit")
    form = ConsentForm(request.POST or None) if can_record else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            with form.showing_service_errors():
                if d["action"] == ConsentForm.GIVE:
                    consents.consent_give(
                        actor=request.user, person=person, purpose=d["purpose"],
                        given_on=d["on"], scope=d["note"],
                    )  # fmt: skip
                    messages.success(request, "رضایت ثبت شد.")
                else:
                    consents.consent_withdraw(
                        actor=request.user, person=person, purpose=d["purpose"],
                        withdrawn_on=d["on"], note=d["note"],
                    )  # fmt: skip
                    messages.success(request, "انصراف از رضایت ثبت شد.")
                return redirect("people:consents", person_id=person.pk)
    return render(
        request,
        "people/consents.html",
        {
            "person": person,
            "current": consents.consent_current(person=person),
            "history": consents.consent_list(person=person),
            "form": form,
        },
        status=422 if form is not None and form.errors else 200,
    )


@require("person.edit")
@require_http_methods(["GET", "POST"])
def person_edit(request, person_id: int):
    person = selectors.person_get(actor=request.user, person_id=person_id)
    initial = {
        "mobile": person.mobile,
        "other_phones": person.other_phones,
        "district": str(person.district.number) if person.district_id else "",
        "neighbourhood_id": str(person.neighbourhood_id or ""),
        "address": person.address,
        "postal_code": person.postal_code,
        "education": person.education,
        "occupation": person.occupation,
        "marital_status": person.marital_status,
    }
    form = PersonEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            services.person_update(actor=request.user, person=person, data=form.typed())
            messages.success(request, "تغییرات ذخیره شد.")
            return redirect("people:detail", person_id=person.pk)
    return render(
        request,
        "people/edit.html",
        {
            "person": person,
            "form": form,
            "title": "ویرایش نشانی، تماس و وضعیت",
            "intro": "برای اصلاح کد ملی، نام، نام پدر یا تاریخ تولد «درخواست اصلاح» ثبت کنید.",
        },
    )


@require("person.register")
@require_http_methods(["GET", "POST"])
def child_add(request, person_id: int):
    parent = selectors.person_get(actor=request.user, person_id=person_id)
    form = ChildForm(request.POST or None, initial={"last_name": parent.last_name})
    if request.method == "POST" and form.is_valid():
        data = form.typed()
        with form.showing_service_errors():
            child = services.child_register(actor=request.user, parent=parent, data=data)
            messages.success(request, f"{child.full_name} به خانوار افزوده شد.")
            return redirect("people:detail", person_id=parent.pk)
    return render(
        request,
        "people/child_add.html",
        {
            "person": parent,
            "form": form,
            "title": "افزودن فرزند یا عضو خانوار",
            "intro": "سن فرزندان از تاریخ تولد محاسبه می‌شود.",
            "submit": "افزودن",
        },
    )


@require("person.edit")
@require_http_methods(["GET", "POST"])
def change_request_new(request, person_id: int):
    person = selectors.person_get(actor=request.user, person_id=person_id)
    initial = {
        "national_code": person.national_code or "",
        "first_name": person.first_name,
        "last_name": person.last_name,
        "father_name": person.father_name,
        "birth_date": person.birth_date,
    }
    form = ChangeRequestForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in Person.IDENTITY_FIELDS}
        with form.showing_service_errors():
            cr = services.change_request_create(
                actor=request.user,
                person=person,
                data=data,
                reason=form.cleaned_data["reason"],
                document=form.cleaned_data.get("document"),
            )
            messages.success(request, "درخواست اصلاح ثبت شد و پس از تأیید ناظر اعمال می‌شود.")
            return redirect("people:change_request", cr_id=cr.pk)
    return render(
        request,
        "people/change_request_new.html",
        {
            "person": person,
            "form": form,
            "title": "درخواست اصلاح مشخصات هویتی",
            "intro": "مقدار درست را بنویسید. تغییر پس از تأیید ناظر اعمال می‌شود.",
            "submit": "ثبت درخواست",
        },
    )


@require("person.edit")
def change_request_list(request):
    status = request.GET.get("status", ChangeRequest.PENDING)
    if status not in dict(ChangeRequest.STATUS_CHOICES):
        status = ChangeRequest.PENDING
    rows = page_of(
        request,
        change_request_scope(actor=request.user).filter(status=status).order_by("-created_at"),
    )
    return render(
        request,
        "people/change_requests.html",
        {
            "rows": rows,
            "status": status,
            "statuses": ChangeRequest.STATUS_CHOICES,
            "can_approve": user_can(request.user, "person.change_approve")
            or user_can(request.user, "person.self_change_review"),
        },
    )


@require("person.edit")
@require_http_methods(["GET", "POST"])
def change_request_detail(request, cr_id: int):
    cr = get_object_or_404(change_request_scope(actor=request.user), pk=cr_id)
    form = DecisionForm(request.POST or None)
    may_decide = change_request_may_decide(request.user, cr)
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied
        if form.is_valid():
            approve = request.POST.get("decision") == "approve"
            with form.showing_service_errors():
                services.change_request_decide(
                    actor=request.user,
                    change_request=cr,
                    approve=approve,
                    note=form.cleaned_data["note"],
                )
                messages.success(
                    request, "درخواست تأیید و اعمال شد." if approve else "درخواست رد شد."
                )
                return redirect("people:change_requests")
    from .domain.fields import LABELS

    changes = [
        {"label": LABELS.get(k, k), "old": v[0], "new": v[1], "field": k}
        for k, v in cr.changes.items()
    ]
    return render(
        request,
        "people/change_request.html",
        {
            "cr": cr,
            "form": form,
            "changes": changes,
            "can_approve": may_decide,
        },
    )
