"""Reads of producers and businesses."""

from __future__ import annotations

from django.db.models import Q

from tavana.core.domain.persian_text import search_key, to_ascii_digits

from .models import Business, Producer


def producer_list(*, actor, q: str = "", category_id=None, limit: int = 100):
    qs = Producer.objects.select_related("person", "category", "business").order_by("id")
    q = (q or "").strip()
    if q:
        digits = to_ascii_digits(q)
        if digits.isdigit():
            cond = Q(person__national_code=digits) | Q(person__mobile=digits)
            if len(digits) <= 9:
                cond |= Q(pk=int(digits))
            qs = qs.filter(cond)
        else:
            qs = qs.filter(person__name_key__contains=search_key(q))
    if category_id:
        qs = qs.filter(category_id=category_id)
    return qs[:limit]


def business_get(*, actor, business_id: int) -> Business:
    return (
        Business.objects.select_related("centre", "district")
        .prefetch_related("categories", "members__person", "producers__person")
        .get(pk=business_id)
    )


def producer_of_person(*, person_id: int) -> Producer | None:
    """The woman's own producer record (for her own pages), or None."""
    return Producer.objects.select_related("category").filter(person_id=person_id).first()
