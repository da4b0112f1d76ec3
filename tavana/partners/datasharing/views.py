"""Gate → one service or selector → render. Managers see every data-sharing
agreement; a partner's analyst only hers (anyone else's is a 404)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from tavana.accounts.access import require, user_can
from tavana.core.errors import service_errors_as_message

from .. import selectors, services
from .. import sharing as plug
from ..models import Agreement, DataSharing, Extract, SharingToken
from ..services.common import today
from .forms import ExtractForm, OverlapForm, SharingForm

SHARING = "partners.sharing"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _visible(user):
    qs = DataSharing.objects.select_related("agreement__organisation", "analyst")
    return qs if user_can(user, "partners.manage") else qs.filter(analyst=user)


def _get(user, sharing_id: int) -> DataSharing:
    return get_object_or_404(_visible(user), pk=sharing_id)


@require(SHARING)
def sharing_list(request):
    rows = list(_visible(request.user).order_by("-valid_until", "-id"))
    return render(request, "partners/sharing_list.html", {"rows": rows, "today": today()})


@require("partners.manage")
@require_http_methods(["GET", "POST"])
def sharing_new(request, agreement_id: int):
    agreement = get_object_or_404(Agreement.objects.select_related("organisation"), pk=agreement_id)
    form = SharingForm(
        request.POST or None,
        initial={"valid_until": agreement.ends_on, "data_from": agreement.starts_on},
    )
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            s = services.sharing_create(
                actor=request.user, agreement=agreement, **form.cleaned_data
            )
            messages.success(request, "توافق تبادل داده ثبت شد.")
            return redirect("partners:sharing", sharing_id=s.pk)
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": f"تبادل داده زیر «{agreement.title}»",
            "back": "partners:sharing_list",
            "submit": "ثبت توافق تبادل داده",
            "intro": "شریک فقط همین شاخص‌ها را، با پنهان‌سازی خانه‌های کوچک، تا تاریخ اعتبار می‌گیرد؛ "
            "توکن API او با پایان اعتبار از کار می‌افتد.",
        },
        status=422 if request.method == "POST" else 200,
    )


def _page(request, s: DataSharing, overlap_form: OverlapForm | None = None, status: int = 200):
    return render(
        request,
        "partners/sharing.html",
        {
            "s": s,
            "extracts": list(s.extracts.defer("content")),
            "tokens": list(s.tokens.all()),
            "form": ExtractForm(),
            "overlap_form": overlap_form or OverlapForm(),
            "overlaps": selectors.overlap_rows(actor=request.user, agreement=s.agreement),
            "indicators": [(c, plug.INDICATORS.get(c, c)) for c in s.indicators],
            "today": today(),
            "new_token": request.session.pop("sharing_token", None),
        },
        status=status,
    )


@require(SHARING)
def sharing_detail(request, sharing_id: int):
    return _page(request, _get(request.user, sharing_id))


@require(SHARING)
@require_POST
def overlap_new(request, sharing_id: int):
    """Count the partner's encoded list against the registry; keep only the counts."""
    s = _get(request.user, sharing_id)
    form = OverlapForm(request.POST, request.FILES)
    if form.is_valid():
        d = form.cleaned_data
        with form.showing_service_errors():
            services.overlap_count_upload(
                actor=request.user, sharing=s, encoded=d["encoded"], secret=d["secret"],
                group_label=d["group_label"],
            )  # fmt: skip
            messages.success(request, "شمارش هم‌پوشانی انجام شد؛ فقط شمارش‌ها نگه داشته شد.")
            return redirect(f"{reverse('partners:sharing', args=[s.pk])}#overlap")
    return _page(request, s, form, status=422)


@require(SHARING)
@require_POST
def token_issue(request, sharing_id: int):
    s = _get(request.user, sharing_id)
    with service_errors_as_message(request):
        _, raw = services.sharing_token_issue(actor=request.user, sharing=s)
        request.session["sharing_token"] = raw  # shown once on the next page
        messages.success(
            request, "توکن ساخته شد؛ آن را همین حالا نگه دارید، دوباره نشان داده نمی‌شود."
        )
    return redirect("partners:sharing", sharing_id=s.pk)


@require(SHARING)
@require_POST
def token_revoke(request, token_id: int):
    token = get_object_or_404(SharingToken, pk=token_id)
    s = _get(request.user, token.sharing_id)
    services.sharing_token_revoke(actor=request.user, token=token)
    messages.success(request, "توکن باطل شد.")
    return redirect("partners:sharing", sharing_id=s.pk)


@require(SHARING)
@require_POST
def extract_new(request, sharing_id: int):
    s = _get(request.user, sharing_id)
    form = ExtractForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        with service_errors_as_message(request):
            services.extract_make(
                actor=request.user, sharing=s, kind=d["kind"], start=d["start"], end=d["end"]
            )
            messages.success(request, "برداشت ساخته شد.")
    else:
        messages.error(request, "؛ ".join(e for errs in form.errors.values() for e in errs))
    return redirect("partners:sharing", sharing_id=s.pk)


@require(SHARING)
def extract_download(request, extract_id: int):
    extract = get_object_or_404(Extract.objects.select_related("sharing"), pk=extract_id)
    if not _visible(request.user).filter(pk=extract.sharing_id).exists():
        raise Http404
    content = services.extract_download(actor=request.user, extract=extract)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{extract.filename}"'
    return response
