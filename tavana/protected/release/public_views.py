"""The campaign's public page and what a donor sees, at /mothers/.

Totals only and a pledge form (throttled per address; a refused form keeps what
was typed); a donor's own page and receipts are reached by the unguessable link
sent to her by SMS. Nothing here names a woman, a prison or an offence: cases
appear only by their code, what they still need and their outcome.
"""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from tavana.core import throttle

from .forms import PublicPledgeForm
from .models import Donor, Pledge
from .selectors import donor_page, public_totals, receipt_get

PLEDGES_PER_IP = (10, 60 * 60)  # (requests, seconds)
PLEDGE_SMS = "protected.release_pledge"
PLEDGE_SMS_TEXT = (
    "توانا: تعهد کمک {مبلغ} ریالی شما ثبت شد. سپاسگزاریم. "
    "پرداخت‌ها و رسیدهایتان را اینجا ببینید: {پیوند}"
)


def _pledge(data: dict) -> Pledge:
    from tavana.notifications.services import sms_queue
    from tavana.notifications.sms_templates import sms_render

    from .services.money import _fa_amount, donor_save, pledge_create

    with transaction.atomic():
        donor = Donor.objects.filter(mobile=data["mobile"]).order_by("pk").first()
        if donor is None:
            donor = donor_save(actor=None, name=data["name"], mobile=data["mobile"])
        pledge = pledge_create(actor=None, donor=donor, amount=data["amount"],
                               source=Pledge.PUBLIC, message=data.get("message", ""))  # fmt: skip
        sms_queue(
            mobile=donor.mobile,
            kind=PLEDGE_SMS,
            text=sms_render(PLEDGE_SMS, مبلغ=_fa_amount(pledge.amount),
                            پیوند=reverse("release_public:donor", args=[donor.token])),
        )  # fmt: skip
    return pledge


@require_http_methods(["GET", "POST"])
def campaign(request):
    from tavana.core.domain.identifiers import InvalidIdentifier, parse_mobile

    form = PublicPledgeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        address = throttle.client_address(request) or "unknown"
        if not throttle.hit("release-pledge", address, PLEDGES_PER_IP):
            form.add_error(None, "درخواست‌های این نشانی زیاد بوده است؛ کمی بعد دوباره بفرستید.")
            status = 429
        elif form.is_valid():
            data = dict(form.cleaned_data)
            try:
                data["mobile"] = parse_mobile(data["mobile"])
            except InvalidIdentifier as e:
                form.add_error("mobile", str(e))
            else:
                with form.showing_service_errors():
                    _pledge(data)
                    return redirect("release_public:pledge_done")
        if form.errors and status == 200:
            status = 422
    return render(request, "protected/release/public.html",
                  {"totals": public_totals(), "form": form}, status=status)  # fmt: skip


def pledge_done(request):
    return render(request, "protected/release/public_done.html", {"totals": public_totals()})


def donor(request, token: str):
    page = donor_page(token=token)
    if page is None:
        raise Http404
    return render(request, "protected/release/donor_public.html", page)


def receipt(request, token: str, entry_id: int):
    entry = receipt_get(token=token, entry_id=entry_id)
    if entry is None:
        raise Http404
    return render(request, "protected/release/receipt.html", {"entry": entry, "donor": entry.donor})
