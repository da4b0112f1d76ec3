"""One demo user per role; their passwords are unique to each install
(`tavana.core.demo_guard.demo_password`) and printed by `tavana demo`."""

from django.db import transaction

from tavana.accounts import roles
from tavana.accounts.models import OrgUnit, User
from tavana.core.models import District
from tavana.training.models import Centre

DEMO_USERS = [
    # username, role, first name, last name
    ("admin", roles.ADMINISTRATOR, "مریم", "احمدی"),
    ("registrar", roles.REGISTRAR, "زهرا", "کریمی"),
    ("socialworker", roles.SOCIAL_WORKER, "فاطمه", "رضایی"),
    ("centremanager", roles.CENTRE_MANAGER, "لیلا", "موسوی"),
    ("trainer", roles.TRAINER, "نرگس", "حسینی"),
    ("organiser", roles.BAZAAR_ORGANISER, "سمیه", "جعفری"),
    ("manager", roles.MANAGER, "الهام", "محمدی"),
    ("partner", roles.PARTNER_ANALYST, "سارا", "نوری"),
    ("auditor", roles.AUDITOR, "شیما", "عباسی"),
    # social workers cleared for one protected programme each (tavana_demo.protected)
    ("prison_worker", roles.SOCIAL_WORKER, "رعنا", "صادقی"),
    ("recovery_worker", roles.SOCIAL_WORKER, "پروین", "یزدانی"),
    # two social workers cleared for the release campaign: one opens, the other verifies
    ("release_worker", roles.SOCIAL_WORKER, "مهسا", "کاظمی"),
    ("release_checker", roles.SOCIAL_WORKER, "ژاله", "امینی"),
]


# The unit each demo role works in (seeded organisation, accounts migration 0005).
DEMO_UNITS = {
    roles.REGISTRAR: "capacity_social",
    roles.SOCIAL_WORKER: "capacity_social",
    roles.CENTRE_MANAGER: "vocational",
    roles.TRAINER: "vocational",
    roles.BAZAAR_ORGANISER: "markets",
    roles.MANAGER: "policy_monitoring",
}


def demo_clearance(user, area: str, *, days: int, assigned_on=None) -> None:
    """A live clearance as two administrators would have given it (the demo has no
    second administrator's approval to replay): children's data, a programme…"""
    import datetime as dt

    from django.utils import timezone

    from tavana.accounts.models import Clearance

    today = timezone.localdate()
    Clearance.objects.get_or_create(
        area=area,
        user=user,
        defaults={
            "cleared": True,
            # from the real today (the demo's history may be dated earlier)
            "expires_on": today + dt.timedelta(days=days),
            "assigned_by": User.objects.filter(username="admin").first(),
            "assigned_on": assigned_on or today,
        },
    )


def demo_password(username: str) -> str:
    from tavana.core.demo_guard import demo_password as install_password

    return install_password(username)


@transaction.atomic
def load_users(out) -> None:
    districts = list(District.objects.filter(number__in=[4, 9, 19]))
    centres = list(Centre.objects.filter(district__number__in=[4, 9, 19]))
    units = {u.code: u for u in OrgUnit.objects.all()}
    for n, (username, role, first, last) in enumerate(DEMO_USERS, 1):
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"role": role, "first_name": first, "last_name": last},
        )
        if created:
            user.set_password(demo_password(username))
            user.is_superuser = user.is_staff = False  # a role, never a superuser
            user.mobile = f"0912000{n:04d}"  # password links and reminders go here
            user.org_unit = units.get(DEMO_UNITS.get(role, ""))
            user.save()
            if role in (roles.REGISTRAR, roles.SOCIAL_WORKER, roles.BAZAAR_ORGANISER):
                user.districts.set(districts)
            if role in (roles.CENTRE_MANAGER, roles.TRAINER):
                user.centres.set(centres[:3])
                user.districts.set({c.district for c in centres[:3]})
    _place_centres(units)
    out(f"کاربران نمایشی: {len(DEMO_USERS)} نقش")


def _place_centres(units) -> None:
    """Centres under the skills office's departments: those with a production
    workshop under production workshops, the rest under vocational training."""
    vocational, production = units.get("vocational"), units.get("production")
    if vocational is None or production is None:
        return
    unplaced = Centre.objects.filter(org_unit__isnull=True)
    unplaced.filter(has_production_workshop=True).update(org_unit=production)
    unplaced.update(org_unit=vocational)
