"""Gates beyond the matrix: a child's education record is open to a user with
the role (`youth.view` / `youth.record`) only for children in her scope — her
districts, or the households of her open caseload for a social worker. Anyone
else gets 404, so a page never confirms that a child exists."""

from __future__ import annotations

from django.http import Http404

from tavana.accounts.access import user_can


def access_child_by_id(actor, child_id: int, *, gate: str = "youth.view"):
    from .selectors import child_scope

    if not user_can(actor, gate):
        raise Http404
    child = child_scope(actor=actor).select_related("district").filter(pk=child_id).first()
    if child is None:
        raise Http404
    return child
