"""The inbox, the daily digest, and the administrator's notification settings."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tavana.accounts.access import require
from tavana.accounts.matrix import SIGNED_IN
from tavana.core.paging import page_of

from . import selectors, services
from .forms import PolicyForm
from .registry import kind_label


def _labelled(rows):
    for n in rows:
        n.kind_label = kind_label(n.kind)
    return rows


@require(SIGNED_IN)
def inbox(request):
    show = request.GET.get("show", selectors.SHOW_OPEN)
    if show not in (selectors.SHOW_OPEN, selectors.SHOW_UNREAD, selectors.SHOW_ALL):
        show = selectors.SHOW_OPEN
    kind = request.GET.get("kind", "")
    rows = page_of(request, selectors.inbox(actor=request.user, show=show, kind=kind))
    _labelled(rows)
    kinds = [(k, kind_label(k)) for k in selectors.kinds_of(actor=request.user)]
    return render(
        request,
        "notifications/inbox.html",
        {"rows": rows, "show": show, "kind": kind, "kinds": kinds},
    )


@require(SIGNED_IN)
def open_(request, notification_id: int):
    n = selectors.notification_get(actor=request.user, notification_id=notification_id)
    if n is None:
        raise Http404
    services.notification_open(actor=request.user, notification=n)
    return redirect(n.link or "notifications:inbox")


@require(SIGNED_IN)
@require_POST
def read_all(request):
    done = services.notifications_mark_read(actor=request.user)
    if done:
        messages.success(request, "همهٔ اعلان‌ها خوانده‌شده علامت خوردند.")
    return redirect("notifications:inbox")


@require(SIGNED_IN)
def digest(request):
    d = selectors.digest_latest(actor=request.user)
    items = [{**i, "kind_label": kind_label(i["kind"])} for i in (d.items if d else [])]
    return render(request, "notifications/digest.html", {"digest": d, "items": items})


@require(SIGNED_IN)
def badge(request):
    return render(
        request, "notifications/_badge.html", {"count": selectors.unread_count(actor=request.user)}
    )


@require("config.manage")
@require_http_methods(["GET", "POST"])
def policy(request):
    current = services.policy_get()
    initial = {
        "quiet_start": current.quiet_start,
        "quiet_end": current.quiet_end,
        "digest_hour": current.digest_hour,
        "digest_sms": current.digest_sms,
    }
    form = PolicyForm(request.POST or None, initial=initial, policy=current)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            services.policy_update(actor=request.user, data=form.policy_data())
            messages.success(request, "تنظیمات اعلان‌ها ذخیره شد.")
            return redirect("notifications:policy")
    return render(
        request, "notifications/policy.html", {"form": form}, status=400 if form.errors else 200
    )


# ------------------------------------------------------------------ SMS wording


@require("config.manage")
def templates(request):
    from .sms_templates import SPECS, template_text

    rows = [{"spec": spec, "text": template_text(code)} for code, spec in sorted(SPECS.items())]
    return render(request, "notifications/templates.html", {"rows": rows})


@require("config.manage")
@require_http_methods(["GET", "POST"])
def template_edit(request, code: str):
    from tavana.audit.selectors import audit_history

    from .forms import SmsTemplateForm
    from .sms_templates import SPECS, sms_render, template_save, template_text

    spec = SPECS.get(code)
    if spec is None:
        raise Http404
    form = SmsTemplateForm(request.POST or None, initial={"text": template_text(code)})
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            template_save(actor=request.user, code=code, text=form.cleaned_data["text"])
            messages.success(request, f"الگوی «{spec.label}» ذخیره شد.")
            return redirect("notifications:templates")
    return render(
        request,
        "notifications/template_edit.html",
        {
            "spec": spec,
            "form": form,
            "preview": sms_render(code, **spec.sample),
            "history": audit_history(
                actor=request.user, actions=("config.sms_template",), object_id=code
            ),
        },
        status=400 if form.errors else 200,
    )
