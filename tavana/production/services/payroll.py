"""Payroll of a Jalali month: closed by one person, approved by another; a
closed month never changes, work logged for it later is paid with the next."""

from __future__ import annotations

import io

from django.db import IntegrityError, transaction
from django.utils import timezone

from tavana.audit.services import audit_write
from tavana.core.domain.jalali import month_range
from tavana.core.errors import ServiceError

from ..domain.wages import WorkDone, wage_of
from ..models import Payroll, PayrollLine, PieceRate, QualityCheck, Worker, WorkLog
from ..registry import PAYROLL_APPROVED


def _rate(product_id: int, size: str, on) -> PieceRate | None:
    rates = PieceRate.objects.filter(product_id=product_id, valid_from__lte=on)
    return (
        rates.filter(size=size).order_by("-valid_from").first()
        or rates.filter(size="").order_by("-valid_from").first()
    )


def _lines(
    payroll: Payroll, logs: list[WorkLog], checks: list[QualityCheck], end
) -> list[PayrollLine]:
    work: dict[int, dict[tuple, list[int]]] = {}
    for log in logs:
        key = (log.item.product_id, log.item.product.name, log.item.size)
        slot = work.setdefault(log.worker_id, {}).setdefault(key, [0, 0, 0])
        slot[0] += log.pieces
        slot[2] += log.hours
    for check in checks:
        key = (check.item.product_id, check.item.product.name, check.item.size)
        slot = work.setdefault(check.worker_id, {}).setdefault(key, [0, 0, 0])
        slot[1] += check.rejected
    workers = Worker.objects.in_bulk(list(work))
    out = []
    missing: list[str] = []
    for worker_id, by_key in sorted(work.items()):
        done = []
        for (pid, name, size), (pieces, rejected, hours) in sorted(by_key.items()):
            rate = _rate(pid, size, end)
            if rate is None:
                missing.append(f"{name} {size}")
                continue
            done.append(
                WorkDone(name, size, pieces, rejected, rate.toman, hours, rate.hourly_toman)
            )
        wage = wage_of(done)
        out.append(
            PayrollLine(
                payroll=payroll,
                worker_id=worker_id,
                pieces=wage.pieces,
                rejected=wage.rejected,
                hours=wage.hours,
                gross=wage.gross,
                deductions=wage.deductions,
                net=wage.net,
                work=[
                    {
                        "product": w.product,
                        "size": w.size,
                        "pieces": w.pieces,
                        "rejected": w.rejected,
                        "rate": w.rate,
                        "hours": w.hours,
                    }
                    for w in done
                ],
                sheba=workers[worker_id].sheba,
            )
        )
    if missing:
        raise ServiceError(
            "نرخ دستمزد این کالاها تعیین نشده است: " + "، ".join(sorted(set(missing))),
            code="no_rate",
        )
    return out


def payroll_close(*, actor, year: int, month: int) -> Payroll:
    """Close the month: every work log and quality check not yet paid, up to the
    month's end (late entries of earlier months too), becomes this month's pay."""
    if not 1 <= month <= 12:
        raise ServiceError({"month": "ماه باید از ۱ تا ۱۲ باشد."})
    _, end = month_range(year, month)
    with transaction.atomic():
        try:
            payroll, _ = Payroll.objects.select_for_update().get_or_create(year=year, month=month)
        except IntegrityError:
            raise ServiceError("حقوق این ماه هم‌زمان در حال بستن است.", code="stale") from None
        if payroll.status != Payroll.OPEN:
            raise ServiceError(
                "حقوق این ماه بسته شده و تغییر نمی‌کند؛ اصلاحات به ماه بعد می‌رود.", code="closed"
            )
        logs = list(
            WorkLog.objects.select_for_update()
            .filter(payroll__isnull=True, week_of__lte=end)
            .select_related("item__product")
        )
        checks = list(
            QualityCheck.objects.select_for_update()
            .filter(payroll__isnull=True, checked_on__lte=end)
            .select_related("item__product")
        )
        if not logs and not checks:
            raise ServiceError("کارکردی برای پرداخت در این ماه ثبت نشده است.", code="empty")
        PayrollLine.objects.bulk_create(_lines(payroll, logs, checks, end))
        WorkLog.objects.filter(pk__in=[x.pk for x in logs]).update(payroll=payroll)
        QualityCheck.objects.filter(pk__in=[x.pk for x in checks]).update(payroll=payroll)
        payroll.status = Payroll.CLOSED
        payroll.closed_by = actor
        payroll.closed_at = timezone.now()
        payroll.save()
        audit_write(
            actor=actor,
            action="production.payroll_close",
            obj=payroll,
            after={"month": str(payroll), "lines": payroll.lines.count()},
        )
    return payroll


def payroll_approve(*, actor, payroll: Payroll) -> Payroll:
    """A second person approves a closed month; then it can be paid."""
    with transaction.atomic():
        payroll = Payroll.objects.select_for_update().get(pk=payroll.pk)
        if payroll.status != Payroll.CLOSED:
            raise ServiceError("فقط حقوق بسته‌شده و تأییدنشده تأیید می‌شود.", code="not_closed")
        if payroll.closed_by_id == actor.pk:
            raise ServiceError(
                "کسی که حقوق را بسته نمی‌تواند آن را تأیید کند؛ تأیید با نفر دوم است.",
                code="same_person",
            )
        payroll.status = Payroll.APPROVED
        payroll.approved_by = actor
        payroll.approved_at = timezone.now()
        payroll.save()
        lines = list(payroll.lines.select_related("worker"))
        for hook in PAYROLL_APPROVED:
            hook(payroll, lines)
        audit_write(
            actor=actor,
            action="production.payroll_approve",
            obj=payroll,
            after={"month": str(payroll)},
        )
    return payroll


def bank_file(*, actor, payroll: Payroll) -> tuple[bytes, list[PayrollLine]]:
    """The bank-transfer workbook of an approved month: one row per woman with a
    valid Sheba number (name, Sheba, amount in rial, a description naming the
    work only); and the lines left out for want of a Sheba number."""
    from openpyxl import Workbook

    from tavana.core.domain.identifiers import is_valid_sheba

    if payroll.status != Payroll.APPROVED:
        raise ServiceError("فایل بانک فقط برای حقوق تأییدشده ساخته می‌شود.", code="not_approved")
    lines = list(payroll.lines.select_related("worker__person").order_by("worker_id"))
    paid = [x for x in lines if x.net > 0 and is_valid_sheba(x.sheba)]
    left = [x for x in lines if x.net > 0 and not is_valid_sheba(x.sheba)]
    wb = Workbook()
    ws = wb.active
    ws.title = "واریز"
    ws.sheet_view.rightToLeft = True
    ws.append(["ردیف", "نام", "نام خانوادگی", "شماره شبا", "مبلغ (ریال)", "شرح"])
    for k, line in enumerate(paid, start=1):
        p = line.worker.person
        ws.append(
            [k, p.first_name, p.last_name, line.sheba, line.net * 10, f"دستمزد تولید {payroll}"]
        )
    buf = io.BytesIO()
    wb.save(buf)
    audit_write(actor=actor, action="production.bank_file", obj=payroll, after={"rows": len(paid)})
    return buf.getvalue(), left
