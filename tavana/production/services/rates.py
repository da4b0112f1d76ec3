"""Products and their piece rates. A rate is never edited: a new rate starts on
a day, and a day inside a month whose payroll is closed is refused (that
month was paid at the rates it had; the change goes to the next month)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.text import slugify

from tavana.audit.services import audit_write
from tavana.core.domain.jalali import format_jalali, month_range
from tavana.core.errors import ServiceError

from ..models import Payroll, PieceRate, Product
from .common import text


def product_save(
    *, actor, name: str, hourly: bool = False, product: Product | None = None
) -> Product:
    name = text(name)
    if not name:
        raise ServiceError({"name": "نام کالا را بنویسید."})
    same = Product.objects.filter(name=name)
    if product is not None:
        same = same.exclude(pk=product.pk)
    if same.exists():
        raise ServiceError({"name": f"کالای «{name}» پیش‌تر ثبت شده است."})
    with transaction.atomic():
        product = product or Product(code=_free_code(name))
        before = {"name": product.name, "hourly": product.hourly} if product.pk else None
        product.name = name
        product.hourly = bool(hourly)
        product.save()
        audit_write(
            actor=actor,
            action="production.product_save",
            obj=product,
            before=before,
            after={"name": product.name, "hourly": product.hourly},
        )
    return product


def _free_code(name: str) -> str:
    base = slugify(name, allow_unicode=False)[:20] or "product"
    code, n = base, 1
    while Product.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


def last_paid_day() -> dt.date | None:
    """The last day of the latest month whose payroll is closed or approved."""
    latest = Payroll.objects.exclude(status=Payroll.OPEN).order_by("-year", "-month").first()
    return month_range(latest.year, latest.month)[1] if latest else None


def rate_add(
    *,
    actor,
    product: Product,
    size: str,
    toman: int | None,
    hourly_toman: int | None,
    valid_from: dt.date | None,
) -> PieceRate:
    size = text(size)
    errors: dict[str, str] = {}
    if valid_from is None:
        errors["valid_from"] = "تاریخ شروع نرخ را بنویسید."
    else:
        paid = last_paid_day()
        if paid is not None and valid_from <= paid:
            errors["valid_from"] = (
                f"حقوق تا {format_jalali(paid)} بسته شده و با نرخ‌های همان روزها پرداخت شده است؛ "
                f"نرخ تازه از {format_jalali(paid + dt.timedelta(days=1))} یا پس از آن شروع می‌شود."
            )
    if product.hourly:
        if not hourly_toman or hourly_toman <= 0:
            errors["hourly_toman"] = "برای کار ساعتی، نرخ هر ساعت را بنویسید."
    elif not toman or toman <= 0:
        errors["toman"] = "نرخ هر قطعه باید بیشتر از صفر باشد."
    if errors:
        raise ServiceError(errors)
    assert valid_from is not None
    if PieceRate.objects.filter(product=product, size=size, valid_from=valid_from).exists():
        raise ServiceError(
            {
                "valid_from": "برای این کالا و سایز از همین تاریخ نرخی ثبت شده است؛ تاریخ دیگری بنویسید."
            }
        )
    with transaction.atomic():
        rate = PieceRate.objects.create(
            product=product,
            size=size,
            toman=toman or 0,
            hourly_toman=hourly_toman or 0,
            valid_from=valid_from,
        )
        audit_write(
            actor=actor,
            action="production.rate_add",
            obj=rate,
            after={
                "product": product.name,
                "size": size,
                "toman": rate.toman,
                "hourly_toman": rate.hourly_toman,
                "valid_from": valid_from.isoformat(),
            },
        )
    return rate
