"""Where casework shows up in other apps' pages (registered in apps.ready):
the person page's sections, the home page's section, the registry scope."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from tavana.accounts import roles
from tavana.accounts.access import user_can

from . import selectors
from .domain.ladder import ladder_chart, ladder_points
from .domain.stages import REFERRAL_MOVES


def caseload_scope(actor) -> Q | None:
    """Scope decision: a social worker sees the women of her districts (as every
    district-scoped role does) AND the women of her open caseload wherever they
    live. A social worker with no district sees her caseload only. Nobody else's
    scope changes."""
    if getattr(actor, "role", None) != roles.SOCIAL_WORKER:
        return None
    return Q(pk__in=selectors.caseload_ids(actor=actor))


def _flags(actor) -> dict:
    return {
        "can_manage": user_can(actor, "casework.manage"),
        "can_record": user_can(actor, "service.record"),
        "can_sensitive": user_can(actor, "person.sensitive"),
    }


def ladder_section(actor, person) -> dict | None:
    if not user_can(actor, "casework.view"):
        return None
    data = selectors.ladder_of(actor=actor, person=person)
    orders = selectors.level_orders()
    levels = list(selectors.SupportLevel.objects.all())
    points = ladder_points([(c.date, c.to_level.code) for c in data["changes"]], orders)
    chart = ladder_chart(points, [lv.name for lv in levels], timezone.localdate())
    owner = selectors.case_owner(person=person)
    return {
        "title": "سطح حمایت و نردبان توانمندی",
        "template": "casework/_section_ladder.html",
        "context": {
            **data,
            **_flags(actor),
            "person": person,
            "owner": owner,
            "is_owner": owner is not None and owner.worker_id == actor.pk,
            "chart": chart,
            "today": timezone.localdate(),
            "levels": levels,
        },
    }


def services_section(actor, person) -> dict | None:
    if not user_can(actor, "casework.view"):
        return None
    return {
        "title": "خدمات دریافتی و برنامه‌ها",
        "template": "casework/_section_services.html",
        "context": {
            **selectors.deliveries_of(actor=actor, person=person),
            **_flags(actor),
            "person": person,
        },
    }


def plan_section(actor, person) -> dict | None:
    if not user_can(actor, "casework.notes"):
        return None
    return {
        "title": "برنامهٔ مددکاری و یادداشت‌ها",
        "template": "casework/_section_plan.html",
        "context": {
            "goals": selectors.plan_of(actor=actor, person=person),
            "notes": selectors.notes_of(actor=actor, person=person),
            **_flags(actor),
            "person": person,
        },
    }


def referrals_section(actor, person) -> dict | None:
    if not user_can(actor, "casework.view"):
        return None
    return {
        "title": "ارجاع‌ها و سازمان‌های دیگر",
        "template": "casework/_section_referrals.html",
        "context": {
            "referrals": selectors.referrals_of(actor=actor, person=person),
            "other_supports": selectors.other_supports_of(actor=actor, person=person),
            **_flags(actor),
            "person": person,
            "awaiting_statuses": REFERRAL_MOVES,
        },
    }


PERSON_SECTIONS = [ladder_section, services_section, plan_section, referrals_section]


def home_section(request) -> dict | None:
    """A social worker's home page lists what is due: follow-ups, reassessments,
    referrals waiting for an answer."""
    if not user_can(request.user, "casework.manage"):
        return None
    data = selectors.dashboard(actor=request.user)
    short = 6  # the home page shows the first few; the dashboard has them all
    data = {
        **data,
        "counts": {k: len(data[k]) for k in ("followups", "reassessments")},
        "followups": data["followups"][:short],
        "reassessments": data["reassessments"][:short],
        "referrals": {k: v[:short] for k, v in data["referrals"].items()},
    }
    return {
        "title": "کارهای امروز مددکاری",
        "template": "casework/_home.html",
        "context": data,
    }
