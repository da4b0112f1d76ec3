"""Rows the permission-matrix test needs to request the administration's routes."""

from tavana.accounts import roles
from tavana.accounts.models import OrgUnit, User


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
