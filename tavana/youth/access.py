"""Gates beyond the matrix. Children's data are open only to staff holding a live
clearance for them (`accounts.clearances`, area «children»: asked by one
administrator, approved by a second, expiring) — role alone, even
administrator, opens nothing. Within it, a child's education record is open to
a user with the role (`youth.view` / `youth.record`) only for children in her
scope — her districts, or the households of her open caseload for a social
worker. Anyone else gets 404, so a page never confirms that a child exists."""

from __future__ import annotations

from django.http import Http404

from tavana.accounts.access import user_can
from tavana.accounts.clearances import is_cleared

CHILDREN = "children"

NOT_CLEARED = (
    "دیدن داده‌های کودکان به صلاحیتی نیاز دارد که مدیر سامانه درخواست و مدیر دیگری "
    "تأیید می‌کند؛ شما اکنون این صلاحیت را ندارید یا اعتبارش گذشته است."
)


def cleared_for_children(actor) -> bool:
    return is_cleared(actor, CHILDREN)


def access_child_by_id(actor, child_id: int, *, gate: str = "youth.view"):
    from .selectors import child_scope

    if not user_can(actor, gate):
        raise Http404
    child = child_scope(actor=actor).select_related("district").filter(pk=child_id).first()
    if child is None:
        raise Http404
    return child
