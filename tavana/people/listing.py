"""Filtered person lists shared by the API and the xlsx export: the same filters
(district, q) within the acting user's scope, paged by key, never counted."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from tavana.accounts.access import user_can
from tavana.core.domain.persian_text import search_key, to_ascii_digits

from .models import ChangeRequest, Person
from .selectors import person_scope


def person_filter(*, actor, q: str = "", district: int | None = None) -> QuerySet[Person]:
    """Persons in scope matching the filters (unordered).

    ``q``: a national code or mobile (any digit script, exact or leading digits),
    or a name in any spelling (matched on the stored search key).
    """
    qs = person_scope(actor=actor)
    if district is not None:
        qs = qs.filter(district__number=district)
    q = (q or "").strip()
    if q:
        digits = "".join(to_ascii_digits(q).split()).replace("-", "")
        if digits.isdigit():
            if digits.startswith("09") or (digits.startswith("9") and len(digits) == 10):
                mobile = digits if digits.startswith("0") else "0" + digits
                qs = qs.filter(Q(mobile__startswith=mobile) | Q(national_code__startswith=digits))
            else:
                qs = qs.filter(national_code__startswith=digits)
        else:
            key = search_key(q)
            qs = qs.filter(name_key__contains=key) if key else qs.none()
    return qs


def person_page(qs: QuerySet[Person], *, after: int | None = None, limit: int = 50):
    """One page by key (id ascending): (rows, cursor of the next page or None)."""
    if after is not None:
        qs = qs.filter(pk__gt=after)
    rows = list(qs.order_by("pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].pk if more and rows else None)


def change_request_scope(*, actor) -> QuerySet[ChangeRequest]:
    """Change requests a user may see: an approver all of them; anyone else her own,
    for persons in her scope (as the change-request pages do)."""
    qs = ChangeRequest.objects.select_related("person", "requested_by", "decided_by")
    if user_can(actor, "person.change_approve"):
        return qs
    return qs.filter(person__in=person_scope(actor=actor).values("pk"), requested_by=actor)
