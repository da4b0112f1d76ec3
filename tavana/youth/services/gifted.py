"""Model and gifted schools: applications to the entrance exams, their results,
and the money that removes the financial obstacle — proposed by one member of
staff, approved by another within a budget line, paid to the mother's Sheba
account through an Excel payment file."""

from __future__ import annotations

import datetime as dt
import io

from django.db import transaction
from django.db.models import Sum

from tavana.audit.services import audit_write
from tavana.core.domain.identifiers import InvalidIdentifier, parse_sheba
from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.errors import ServiceError
from tavana.people.selectors import parent_of

from ..domain import academic
from ..programmes.models import BudgetLine, GiftedApplication, SupportGrant
from .common import text, today

COMMITTED = (SupportGrant.APPROVED, SupportGrant.PAID)


def application_create(
    *,
    actor,
    child,
    exam: str,
    year: int | None,
    grade: int | None,
    registered_on: dt.date | None,
    registration_code: str = "",
) -> GiftedApplication:
    errors: dict[str, str] = {}
    if exam not in dict(GiftedApplication.EXAM_CHOICES):
        errors["exam"] = "آزمون را انتخاب کنید."
    if grade not in (4, 7, 10):
        errors["grade"] = "آزمون‌های ورودی برای پایه‌های چهارم، هفتم و دهم است."
    this = academic.academic_year_of(today())
    if year is None or not this - 3 <= year <= this + 1:
        errors["year"] = "سال تحصیلی ورود را درست انتخاب کنید."
    if registered_on is None:
        errors["registered_on"] = "تاریخ ثبت‌نام را وارد کنید."
    elif registered_on > today():
        errors["registered_on"] = "تاریخ ثبت‌نام نمی‌تواند در آینده باشد."
    if (
        not errors
        and GiftedApplication.objects.filter(child=child, exam=exam, year=year or 0).exists()
    ):
        errors["exam"] = "برای این آزمون و سال پیش‌تر درخواست ثبت شده است."
    if errors or year is None or grade is None or registered_on is None:
        raise ServiceError(errors)
    with transaction.atomic():
        a = GiftedApplication.objects.create(
            child=child, exam=exam, year=year, grade=grade, registered_on=registered_on,
            registration_code=text(registration_code), district_id=child.district_id,
            created_by=actor,
        )  # fmt: skip
        audit_write(
            actor=actor, action="youth.application_create", obj=a, person_id=child.pk,
            after={"exam": exam, "year": year, "grade": grade},
        )  # fmt: skip
    return a


def application_result(
    *, actor, application: GiftedApplication, status: str, school=None, result_on=None
) -> GiftedApplication:
    errors: dict[str, str] = {}
    if status not in (
        GiftedApplication.ADMITTED,
        GiftedApplication.NOT_ADMITTED,
        GiftedApplication.WITHDRAWN,
    ):
        errors["status"] = "نتیجه را انتخاب کنید."
    if status == GiftedApplication.ADMITTED and school is None:
        errors["school"] = "مدرسهٔ محل قبولی را انتخاب کنید."
    if result_on and result_on > today():
        errors["result_on"] = "تاریخ نتیجه نمی‌تواند در آینده باشد."
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        before = {"status": application.status}
        application.status = status
        application.admitted_school = school if status == GiftedApplication.ADMITTED else None
        application.result_on = result_on or today()
        application.save()
        audit_write(
            actor=actor, action="youth.application_result", obj=application,
            person_id=application.child_id, before=before,
            after={"status": status, "school": school.pk if school else None},
        )  # fmt: skip
    return application


def budget_committed(line: BudgetLine) -> int:
    return (
        SupportGrant.objects.filter(budget_line=line, status__in=COMMITTED).aggregate(
            s=Sum("amount_toman")
        )["s"]
        or 0
    )


def grant_propose(
    *,
    actor,
    application: GiftedApplication,
    kind: str,
    amount_toman: int | None,
    budget_line: BudgetLine | None,
    sheba: str,
) -> SupportGrant:
    """The maker's half: propose support, paid to the mother's account."""
    errors: dict[str, str] = {}
    if kind not in dict(SupportGrant.KIND_CHOICES):
        errors["kind"] = "بابت حمایت را انتخاب کنید."
    if not amount_toman or amount_toman <= 0:
        errors["amount_toman"] = "مبلغ باید بیشتر از صفر باشد."
    elif amount_toman > 500_000_000:
        errors["amount_toman"] = "مبلغ بیش از اندازه است."
    if budget_line is None or not budget_line.active:
        errors["budget_line"] = "ردیف بودجهٔ فعالی انتخاب کنید."
    try:
        sheba = parse_sheba(sheba)
    except InvalidIdentifier as e:
        errors["sheba"] = f"{e}."
    mother = parent_of(child=application.child)
    if mother is None:
        errors["__all__"] = "مادر یا سرپرست این فرزند در سامانه ثبت نشده است."
    if application.status in (GiftedApplication.NOT_ADMITTED, GiftedApplication.WITHDRAWN):
        errors["__all__"] = "این درخواست به پایان رسیده است."
    if errors or budget_line is None or amount_toman is None or mother is None:
        raise ServiceError(errors)
    with transaction.atomic():
        g = SupportGrant.objects.create(
            application=application, kind=kind, amount_toman=amount_toman,
            budget_line=budget_line, payee=mother, sheba=sheba, proposed_by=actor,
        )  # fmt: skip
        audit_write(
            actor=actor, action="youth.grant_propose", obj=g, person_id=application.child_id,
            after={"kind": kind, "amount_toman": amount_toman, "budget_line": budget_line.pk},
        )  # fmt: skip
    return g


def grant_decide(*, actor, grant: SupportGrant, approve: bool, note: str = "") -> SupportGrant:
    """The checker's half: a second person approves (within what is left of the
    budget line) or refuses with a reason."""
    with transaction.atomic():
        g = SupportGrant.objects.select_for_update().get(pk=grant.pk)
        if g.status != SupportGrant.PROPOSED:
            raise ServiceError("دربارهٔ این پیشنهاد پیش‌تر تصمیم گرفته شده است.", code="decided")
        if g.proposed_by_id == actor.pk:
            raise ServiceError(
                "پیشنهاددهنده نمی‌تواند پیشنهاد خود را تأیید یا رد کند؛ همکار دیگری باید تصمیم بگیرد.",
                code="maker_checker",
            )
        note = text(note)
        if not approve and not note:
            raise ServiceError({"note": "دلیل رد را بنویسید."})
        if approve:
            line = BudgetLine.objects.select_for_update().get(pk=g.budget_line_id)
            left = line.amount_toman - budget_committed(line)
            if g.amount_toman > left:
                raise ServiceError(
                    f"اعتبار ردیف «{line.name}» کافی نیست: "
                    f"{to_persian_digits(f'{left:,}').replace(',', '٬')} تومان مانده است.",
                    code="over_budget",
                )
        g.status = SupportGrant.APPROVED if approve else SupportGrant.REFUSED
        g.decided_by, g.decided_on, g.decision_note = actor, today(), note
        g.save()
        audit_write(
            actor=actor, action="youth.grant_decide", obj=g, person_id=g.application.child_id,
            before={"status": SupportGrant.PROPOSED}, after={"status": g.status}, reason=note,
        )  # fmt: skip
    return g


def payment_file_make(*, actor, budget_line: BudgetLine) -> tuple[bytes, str, int]:
    """The Excel payment file of the line's approved grants (to the mothers'
    Sheba accounts); the grants are marked paid with the file's reference. The
    file says what the money is for, never why the family is served."""
    import openpyxl

    with transaction.atomic():
        grants = list(
            SupportGrant.objects.select_for_update()
            .filter(budget_line=budget_line, status=SupportGrant.APPROVED)
            .select_related("payee")
            .order_by("pk")
        )
        if not grants:
            raise ServiceError("پرداخت تأییدشده‌ای برای این ردیف نمانده است.", code="nothing")
        ref = f"P{today():%Y%m%d}-{budget_line.pk}-{grants[0].pk}"
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "پرداخت"
        ws.sheet_view.rightToLeft = True
        ws.append(
            ["ردیف", "نام صاحب حساب", "کد ملی", "شماره شبا", "مبلغ (ریال)", "شرح", "شناسهٔ پرداخت"]
        )
        for i, g in enumerate(grants, 1):
            ws.append(
                [i, g.payee.full_name, g.payee.national_code or "", g.sheba, g.amount_toman * 10,
                 f"کمک‌هزینهٔ تحصیلی — {g.get_kind_display()}", f"{ref}-{i}"]
            )  # fmt: skip
            g.status, g.paid_on, g.payment_ref = SupportGrant.PAID, today(), f"{ref}-{i}"
            g.save(update_fields=["status", "paid_on", "payment_ref", "updated_at"])
        audit_write(
            actor=actor, action="youth.payment_file", obj=budget_line,
            after={"ref": ref, "grants": [g.pk for g in grants]},
        )  # fmt: skip
        out = io.BytesIO()
        wb.save(out)
    return out.getvalue(), ref, len(grants)


def budget_line_save(
    *, actor, code: str, name: str, year: int | None, amount_toman: int | None
) -> BudgetLine:
    errors: dict[str, str] = {}
    if not text(name):
        errors["name"] = "عنوان ردیف را بنویسید."
    if year is None or not 1390 <= year <= 1500:
        errors["year"] = "سال را درست بنویسید (مانند ۱۴۰۴)."
    if not amount_toman or amount_toman <= 0:
        errors["amount_toman"] = "اعتبار باید بیشتر از صفر باشد."
    if code and BudgetLine.objects.filter(code=code).exists():
        errors["code"] = "این کد ردیف پیش‌تر ثبت شده است."
    if errors or year is None or amount_toman is None:
        raise ServiceError(errors)
    with transaction.atomic():
        line = BudgetLine.objects.create(
            code=code, name=text(name), year=year, amount_toman=amount_toman
        )
        audit_write(
            actor=actor, action="youth.budget_line", obj=line, after={"amount_toman": amount_toman}
        )
    return line


def budget_line_update(
    *, actor, line: BudgetLine, name: str, year: int | None, amount_toman: int | None,
    active: bool = True,
) -> BudgetLine:  # fmt: skip
    """Change a budget line's title, year, amount or whether it takes new support.
    Its code stays (payment files name it); the amount never falls below what is
    already approved or paid from it, and the year stays once support is on it."""
    errors: dict[str, str] = {}
    if not text(name):
        errors["name"] = "عنوان ردیف را بنویسید."
    if year is None or not 1390 <= year <= 1500:
        errors["year"] = "سال را درست بنویسید (مانند ۱۴۰۴)."
    if not amount_toman or amount_toman <= 0:
        errors["amount_toman"] = "اعتبار باید بیشتر از صفر باشد."
    with transaction.atomic():
        line = BudgetLine.objects.select_for_update().get(pk=line.pk)
        committed = (
            line.grants.filter(status__in=(SupportGrant.APPROVED, SupportGrant.PAID)).aggregate(
                s=Sum("amount_toman")
            )["s"]
            or 0
        )
        if amount_toman and 0 < amount_toman < committed:
            errors["amount_toman"] = (
                f"از این ردیف {to_persian_digits(f'{committed:,}').replace(',', '٬')} تومان "
                "تأیید یا پرداخت شده است؛ اعتبار نمی‌تواند از آن کمتر شود."
            )
        if year is not None and year != line.year and line.grants.exists():
            errors["year"] = "برای این ردیف حمایت ثبت شده است؛ سال آن دیگر تغییر نمی‌کند."
        if errors or year is None or amount_toman is None:
            raise ServiceError(errors)
        before = {"name": line.name, "year": line.year, "amount_toman": line.amount_toman,
                  "active": line.active}  # fmt: skip
        line.name, line.year, line.amount_toman, line.active = (
            text(name),
            year,
            amount_toman,
            bool(active),
        )
        line.save(update_fields=["name", "year", "amount_toman", "active", "updated_at"])
        after = {"name": line.name, "year": year, "amount_toman": amount_toman,
                 "active": line.active}  # fmt: skip
        audit_write(
            actor=actor, action="youth.budget_line_update", obj=line,
            before={k: v for k, v in before.items() if after[k] != v},
            after={k: v for k, v in after.items() if before[k] != v},
        )  # fmt: skip
    return line
