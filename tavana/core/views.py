import sys

from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from tavana.accounts.access import require
from tavana.accounts.matrix import SIGNED_IN, actions_of
from tavana.core.errors import service_errors_as_message

from .progress import progress_get
from .unavailable import database_away, unavailable_response

# Where each action lives on screen (only routes that exist are linked).
ACTION_LINKS = {
    "audit.view": "audit:log",
    "person.view": "search:persons",
    "person.register": "people:register",
    "person.import": "people_import:upload",
    "person.change_approve": "people:change_requests",
    "person.self_change_review": "people:change_requests",
    "duplicate.review": "people:duplicates",
    "casework.manage": "casework:dashboard",
    "bazaar.manage": "bazaars:home",
    "training.manage": "training:centres",
    "training.courses": "training:courses",
    "training.enrol": "training:courses",
    "training.attendance": "training:courses",
    "protected.emergency": "protected:emergency",
    "protected.oversee": "protected:emergency_log",
    "campaign.coordinate": "campaign:signups",
    "campaign.mentor": "campaign:mentees",
    "insights.view": "insights:dashboard",
    "accounts.manage": "accounts:staff",
    "config.manage": "accounts:admin",
}


# Sections other apps add to the home page: callables (request) -> dict(title,
# template, context) or None (e.g. a social worker's overdue follow-ups).
HOME_SECTIONS: list = []


@require(SIGNED_IN)
def home(request):
    cards, others = [], []
    for code, label in actions_of(request.user.role):
        try:
            cards.append({"label": label, "url": reverse(ACTION_LINKS[code])})
        except (KeyError, NoReverseMatch):
            others.append(label)
    sections = [s for s in (section(request) for section in HOME_SECTIONS) if s]
    return render(
        request,
        "core/home.html",
        {"cards": cards, "others": others, "today": timezone.now(), "sections": sections},
    )


@require("jobs.view")
def job_progress(request, task_id: str):
    job = progress_get(task_id=task_id)
    if job is None or (job.owner_id and job.owner_id != request.user.pk):
        raise Http404
    return render(request, "core/_job_progress.html", {"job": job})


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    if database_away(sys.exc_info()[1]):  # a restart or fail-over: say so, 503
        return unavailable_response()
    return render(request, "500.html", status=500)


@require("config.manage")
@require_http_methods(["GET", "POST"])
def label_words(request):
    """The labelling-word list: add a word, change its reason, retire it."""
    from django.contrib import messages
    from django.shortcuts import get_object_or_404, redirect

    from tavana.audit.selectors import audit_history

    from .forms import LabelWordForm
    from .labels import label_word_save
    from .models import LabelWord

    form = LabelWordForm(request.POST if "add" in request.POST else None)
    if request.method == "POST" and "add" not in request.POST:
        word = get_object_or_404(LabelWord, pk=request.POST.get("word_id"))
        with service_errors_as_message(request):
            label_word_save(
                actor=request.user,
                word=word,
                data={"reason": word.reason, "active": request.POST.get("active") == "1"},
            )
        return redirect("core:label_words")
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            label_word_save(actor=request.user, data=form.cleaned_data)
            messages.success(request, "واژه به فهرست افزوده شد.")
            return redirect("core:label_words")
    return render(
        request,
        "core/label_words.html",
        {
            "form": form,
            "words": LabelWord.objects.all(),
            "history": audit_history(
                actor=request.user, actions=("config.label_word_add", "config.label_word_update")
            ),
        },
        status=400 if form.errors else 200,
    )
