"""Overlap counts with another body's list, kept as counts only (`OverlapRun`).

The partner encodes her list on her side with the secret both sides share
(`tavana overlap encode LIST --secret-file KEY --output ENCODED.jsonl --group
COLUMN`) and brings the encodings and the secret file; the registry is encoded
with the same secret in memory, the two are counted both ways (her rows found
in the registry, by her group; the registry's women on her list, by district)
and only the counts after small-cell suppression are kept. Neither the
encodings nor the secret are written anywhere."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from tavana.audit.services import audit_write
from tavana.core.domain.jalali import format_jalali
from tavana.core.errors import ServiceError

from .. import overlap
from ..domain.overlap.cells import HIDDEN, SMALL
from ..models import Agreement, DataSharing, OverlapRun
from .common import text, today

MIN_CELL = 5
#: one count a month per agreement from the page: two counts close together with
#: lists one person apart would tell whether that person is in the registry
EVERY_DAYS = 30
#: the web page counts lists up to this size; larger ones go through `tavana overlap`
MAX_UPLOAD = 50 * 1024 * 1024


def _check(result: dict, min_cell: int) -> None:
    """Refuse to keep anything that is not a suppressed count."""
    if min_cell < MIN_CELL:
        raise ServiceError({"__all__": "شمارش‌ها فقط با پنهان‌سازی خانه‌های کوچک نگه داشته می‌شوند."})
    for cells in (result["by_group"], result["by_district"]):
        for v in cells.values():
            if not (v in (SMALL, HIDDEN) or (isinstance(v, int) and v >= min_cell)):
                raise ServiceError({"__all__": "خانه‌ای کوچک پنهان نشده است؛ شمارش نگه داشته نشد."})
    if result["matched"] is not None and result["matched"] < min_cell:
        raise ServiceError({"__all__": "جمع کوچک پنهان نشده است؛ شمارش نگه داشته نشد."})


def overlap_run_record(
    *,
    actor,
    agreement: Agreement,
    result: dict,
    group_label: str = "",
    sharing: DataSharing | None = None,
    source: str = OverlapRun.WEB,
) -> OverlapRun:
    """Keep one run's suppressed counts (see `overlap.count_against_registry`)."""
    min_cell = int(result.get("min_cell", MIN_CELL))
    _check(result, min_cell)
    with transaction.atomic():
        run = OverlapRun.objects.create(
            agreement=agreement, sharing=sharing, run_by=actor, source=source,
            group_label=text(group_label)[:60], partner_rows=result["partner_rows"],
            registry_rows=result["registry_rows"], matched=result["matched"],
            by_group=result["by_group"], by_district=result["by_district"], min_cell=min_cell,
        )  # fmt: skip
        audit_write(
            actor=actor,
            action="partners.overlap_run",
            obj=run,
            after={
                "agreement": agreement.pk,
                "partner_rows": run.partner_rows,
                "matched": run.matched,
                "source": dict(OverlapRun.SOURCES)[source],
            },
        )
    return run


def _saved(folder: Path, upload, fallback: str) -> Path:
    name = Path(getattr(upload, "name", "") or fallback).name or fallback
    path = folder / name
    with path.open("wb") as f:
        for chunk in upload.chunks():
            f.write(chunk)
    return path


def overlap_count_upload(
    *, actor, sharing: DataSharing, encoded, secret, group_label: str = ""
) -> OverlapRun:
    """Count a partner's encoded list against the registry and keep the counts."""
    errors: dict[str, str] = {}
    if sharing.valid_until < today():
        errors["__all__"] = "این تبادل داده به پایان رسیده است."
    last = (
        OverlapRun.objects.filter(agreement_id=sharing.agreement_id, source=OverlapRun.WEB)
        .order_by("-run_at")
        .first()
    )
    if last is not None and timezone.localdate(last.run_at) > today() - dt.timedelta(EVERY_DAYS):
        next_on = timezone.localdate(last.run_at) + dt.timedelta(EVERY_DAYS)
        errors["__all__"] = (
            f"برای این تفاهم‌نامه در {EVERY_DAYS} روز گذشته یک بار شمارش شده است؛ شمارش بعدی از "
            f"{format_jalali(next_on)} ممکن است (دو شمارش نزدیک به هم با دو فهرست اندکی متفاوت "
            "نشان می‌دهد یک نفر در سامانه هست یا نه)."
        )
    if encoded is None:
        errors["encoded"] = "فایل رمزشدهٔ فهرست را انتخاب کنید."
    elif encoded.size > MAX_UPLOAD:
        errors["encoded"] = (
            "فایل بزرگ‌تر از ۵۰ مگابایت است؛ فهرست‌های بزرگ را با فرمان شمارش در خط فرمان بشمارید."
        )
    if secret is None:
        errors["secret"] = "فایل رمز مشترک را انتخاب کنید."
    if errors:
        raise ServiceError(errors)
    with tempfile.TemporaryDirectory(prefix="overlap-") as tmp:
        folder = Path(tmp)
        try:
            key = overlap.read_secret(_saved(folder, secret, "secret.txt"))
        except overlap.OverlapInputError as exc:
            raise ServiceError({"secret": str(exc)}) from None
        try:
            partner = overlap.read_encoded(_saved(folder, encoded, "encoded.jsonl"))
        except overlap.OverlapInputError as exc:
            raise ServiceError({"encoded": str(exc)}) from None
    if len(partner) == 0:
        raise ServiceError({"encoded": "فایل رمزشده هیچ ردیفی ندارد."})
    result = overlap.count_against_registry(partner, key, MIN_CELL)
    return overlap_run_record(
        actor=actor, agreement=sharing.agreement, sharing=sharing, result=result,
        group_label=group_label, source=OverlapRun.WEB,
    )  # fmt: skip
