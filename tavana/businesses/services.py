"""Writes of producers, businesses and categories (each audited)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from tavana.accounts.access import access_action
from tavana.audit.services import audit_write
from tavana.core.domain.persian_text import clean
from tavana.core.errors import ServiceError

from .models import Business, BusinessMember, Category, Producer

CATEGORIES = "config.manage"  # who edits the product categories


def producer_create(
    *, actor, person, category: Category, business: Business | None = None
) -> Producer:
    """Make a registered woman a producer, with or without a business."""
    if Producer.objects.filter(person=person).exists():
        raise ServiceError({"person": "این فرد پیش‌تر به‌عنوان تولیدکننده ثبت شده است."})
    with transaction.atomic():
        try:
            with transaction.atomic():
                p = Producer.objects.create(person=person, category=category, business=business)
        except IntegrityError:
            raise ServiceError(
                {"person": "این فرد پیش‌تر به‌عنوان تولیدکننده ثبت شده است."}
            ) from None
        if business is not None:
            BusinessMember.objects.get_or_create(
                business=business, person=person, defaults={"role": BusinessMember.MEMBER}
            )
        audit_write(
            actor=actor,
            action="business.producer_create",
            obj=p,
            person_id=person.pk,
            after={"category": category.pk, "business": business.pk if business else None},
        )
    return p


def business_create(*, actor, data: dict, owners=(), categories=()) -> Business:
    data = {k: (clean(v) if isinstance(v, str) else v) for k, v in data.items()}
    if not data.get("name"):
        raise ServiceError({"name": "نام کسب‌وکار را بنویسید."})
    with transaction.atomic():
        b = Business.objects.create(**data)
        if categories:
            b.categories.set(categories)
        BusinessMember.objects.bulk_create(
            [BusinessMember(business=b, person=p, role=BusinessMember.OWNER) for p in owners]
        )
        audit_write(
            actor=actor,
            action="business.create",
            obj=b,
            after={"name": b.name, "owners": [p.pk for p in owners]},
        )
    return b


def category_save(*, actor, name: str, category: Category | None = None, active=True) -> Category:
    """Add a product category, or rename / (de)activate one. Configuration kept by
    the administrator alone (config.manage): the organisers choose among the
    categories for their events, but a category is shared by every producer and
    bazaar, and the allocation's cap is per category — who runs a round does not
    redraw them. Producers, businesses and bazaar applications point at the
    category, so what they recorded stays theirs: a retired category is kept, not
    deleted, and a new name is only how it reads from now on. Its name is shown on
    the public list of bazaars, so it passes the no-label check."""
    from tavana.core.labels import public_name_check

    access_action(actor, CATEGORIES)
    name = clean(name)
    if not name:
        raise ServiceError({"name": "نام دسته را بنویسید."})
    check = public_name_check(name)
    if not check.ok:
        raise ServiceError({"name": check.reason})
    clash = Category.objects.filter(name=name)
    if category is not None:
        clash = clash.exclude(pk=category.pk)
    if clash.exists():
        raise ServiceError({"name": "دسته‌ای با همین نام هست."})
    with transaction.atomic():
        if category is None:
            base = slugify(name, allow_unicode=True)[:30] or "category"
            code, n = base, 1
            while Category.objects.filter(code=code).exists():
                n += 1
                code = f"{base}-{n}"
            order = (
                Category.objects.order_by("-order").values_list("order", flat=True).first() or 0
            ) + 1
            category = Category.objects.create(code=code, name=name, order=order, active=active)
            before = None
        else:
            before = {"name": category.name, "active": category.active}
            category.name, category.active = name, active
            category.save(update_fields=["name", "active", "updated_at"])
        audit_write(
            actor=actor,
            action="business.category_save",
            obj=category,
            before=before,
            after={"name": name, "active": active},
        )
    return category
