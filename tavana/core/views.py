from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from tavana.accounts.access import require
from tavana.accounts.matrix import SIGNED_IN, actions_of

from .progress import progress_get

# Where each action lives on screen (only routes that exist are linked).
ACTION_LINKS = {
    "audit.view": "audit:log",
    "person.view": "search:persons",
    "person.register": "people:register",
    "person.import": "people_import:upload",
    "person.change_approve": "people:change_requests",
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
    return render(request, "500.html", status=500)
