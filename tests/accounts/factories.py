"""Rows the permission-matrix test needs to request the administration's routes,
and a live clearance as two administrators would give it."""

import datetime as dt

from django.utils import timezone

from tavana.accounts import roles
from tavana.accounts.models import Clearance, OrgUnit, User


def clear_for(user, area: str, *, days: int = 180, by=None) -> Clearance:
    """A live clearance for an area (children's data, a protected programme's code),
    as a request approved by a second administrator would leave it (the
    maker-checker itself is tested through the service and the browser)."""
    today = timezone.localdate()
    row, _ = Clearance.objects.update_or_create(
        area=area,
        user=user,
        defaults={
            "cleared": True,
            "expires_on": today + dt.timedelta(days=days),
            "assigned_by": by,
            "assigned_on": today,
        },
    )
    return row


def accounts_route_kwargs() -> dict:
    member = User.objects.create_user(username="matrix-member", role=roles.REGISTRAR)
    unit = OrgUnit.objects.create(code="matrix_unit", name="واحد آزمایشی", kind=OrgUnit.AREA)
    m = {"user_id": member.pk}
    return {
        "accounts:password_set": {"uidb64": "MQ", "token": "set-password"},
        "accounts:staff_detail": m,
        "accounts:staff_deactivate": m,
        "accounts:staff_activate": m,
        "accounts:staff_password_reset": m,
        "accounts:staff_sessions_end": m,
        "accounts:staff_two_factor_reset": m,
        "accounts:unit_edit": {"unit_id": unit.pk},
        "accounts:clearances": {"area": "children"},
    }
