"""Her consents: what she agreed to, when, in which words; she withdraws one (or
gives it again) herself — recorded as hers through the registry's consent service
(`tavana.people.consents`), the same one staff use."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tavana.core.errors import service_errors_as_message
from tavana.core.herself import Herself
from tavana.people import consents
from tavana.people.domain import consent as rules
from tavana.people.selectors import person_self_get

from .. import access

# What withdrawing means for her, in plain words.
AFTER_WITHDRAWAL = {
    rules.SERVICES: "مرکز دیگر برای خدمات تازه از پرونده‌تان استفاده نمی‌کند تا دوباره بخواهید.",
    rules.SMS: (
        "دیگر پیامک اطلاع‌رسانی دربارهٔ دوره‌ها و بازارچه‌ها برایتان فرستاده نمی‌شود؛ "
        "کد ورود به درگاه همچنان فرستاده می‌شود."
    ),
    rules.PARTNER_REFERRAL: "نام و راه تماس شما به هیچ سازمان همکاری معرفی نمی‌شود.",
    rules.RESEARCH: "اطلاعات شما در برداشت‌های پژوهشی به کار نمی‌رود.",
}


def _purpose(purpose: str) -> str:
    if not rules.is_purpose(purpose):
        raise Http404
    return purpose


@access.woman_required
def consent_list(request, person_id: int):
    person = person_self_get(person_id=person_id)
    rows = [
        {
            **c,
            "wording": rules.wording(c["purpose"], c["row"].wording_version if c["row"] else None),
            "after": AFTER_WITHDRAWAL[c["purpose"]],
        }
        for c in consents.consent_current(person=person)
    ]
    return render(
        request,
        "portal/consents.html",
        {"rows": rows, "history": consents.consent_list(person=person)},
    )


@access.woman_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request, purpose: str, person_id: int):
    purpose = _purpose(purpose)
    person = person_self_get(person_id=person_id)
    if request.method == "POST":
        with service_errors_as_message(request):
            consents.consent_withdraw(actor=Herself(person_id), person=person, purpose=purpose)
            messages.success(request, f"رضایت «{rules.LABELS[purpose]}» را پس گرفتید.")
        return redirect("portal:consents")
    return render(
        request,
        "portal/consent_withdraw.html",
        {"label": rules.LABELS[purpose], "purpose": purpose, "after": AFTER_WITHDRAWAL[purpose]},
    )


@require_POST
@access.woman_required
def consent_give(request, purpose: str, person_id: int):
    purpose = _purpose(purpose)
    person = person_self_get(person_id=person_id)
    with service_errors_as_message(request):
        consents.consent_give(actor=Herself(person_id), person=person, purpose=purpose)
        messages.success(request, f"رضایت «{rules.LABELS[purpose]}» را دادید.")
    return redirect("portal:consents")
