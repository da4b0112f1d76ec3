"""The release campaign for imprisoned mothers (پویش آزادسازی مادران زندانی):
cases, debts and what settles them, children and their carers, partners per case,
donors, pledges, the append-only money ledger, pooled-fund allocations and the
follow-ups after release.

A case belongs to the protected programme `Programme.RELEASE`: the same
clearance, break-the-glass and audit rules as the other protected programmes
(`release/access.py`). Foreign keys to a person or a user have `related_name="+"`
so nothing that walks a person's relations reaches a case. Donors are told a
case's code, what it still needs and its outcome — never who she is, where she is
held or why.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.models import TimeStamped

from ..domain import ledger as ledger_rules
from ..domain import release as rules

USER = settings.AUTH_USER_MODEL


def _token() -> str:
    return secrets.token_urlsafe(24)


class ReleaseCase(TimeStamped):
    code = models.CharField("کد پرونده", max_length=20, unique=True)
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="پرونده در سامانه",
    )
    first_name = models.CharField("نام", max_length=100)
    last_name = models.CharField("نام خانوادگی", max_length=100)
    father_name = models.CharField("نام پدر", max_length=100, blank=True)
    national_code = models.CharField("کد ملی", max_length=10, blank=True)
    birth_date = models.DateField("تاریخ تولد", null=True, blank=True)
    district = models.ForeignKey(
        "core.District",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="منطقهٔ سکونت خانواده",
    )
    prison = models.CharField("زندان / ندامتگاه", max_length=150)
    offence_kind = models.CharField("نوع جرم", max_length=15, choices=rules.OFFENCE_CHOICES)
    offence_note = models.TextField("شرح پرونده", blank=True)
    status = models.CharField(
        "وضعیت", max_length=12, choices=rules.CHOICES, default=rules.IDENTIFIED, db_index=True
    )
    identified_on = models.DateField("تاریخ شناسایی")
    identified_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name="شناسایی‌کننده"
    )
    verified_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="تأییدکننده",
    )  # fmt: skip
    released_on = models.DateField("تاریخ آزادی", null=True, blank=True)
    closed_reason = models.TextField("دلیل بستن", blank=True)
    social_worker = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="مددکار",
    )  # fmt: skip
    OFFERED, ACCEPTED, DECLINED = "offered", "accepted", "declined"
    OFFER_CHOICES = [(OFFERED, "پیشنهاد شد"), (ACCEPTED, "پذیرفت"), (DECLINED, "نپذیرفت")]
    employment_offer = models.CharField(
        "پیشنهاد برنامهٔ اشتغال", max_length=10, choices=OFFER_CHOICES, blank=True
    )
    training_offer = models.CharField(
        "پیشنهاد آموزش مهارت", max_length=10, choices=OFFER_CHOICES, blank=True
    )
    # What an accepted offer became in the context that runs it: a seat (or a place
    # on the waitlist) of a training course, a worker of a production workshop.
    # Neither record there says where she came from.
    training_enrolment = models.ForeignKey(
        "training.CourseEnrolment", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name="ثبت‌نام در دورهٔ آموزشی",
    )  # fmt: skip
    employment_worker = models.ForeignKey(
        "production.Worker", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name="به‌کارگیری در کارگاه تولیدی",
    )  # fmt: skip

    class Meta:
        ordering = ["identified_on", "pk"]
        verbose_name = "پروندهٔ آزادسازی"
        verbose_name_plural = "پرونده‌های آزادسازی"

    def __str__(self) -> str:  # what a select box shows: the code in Persian digits
        return to_persian_digits(self.code)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def status_label(self) -> str:
        return rules.LABELS.get(self.status, self.status)


class CaseStatusChange(models.Model):
    case = models.ForeignKey(ReleaseCase, on_delete=models.PROTECT, related_name="history")
    from_status = models.CharField("از", max_length=12, blank=True)
    to_status = models.CharField("به", max_length=12)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("زمان", auto_now_add=True)
    reason = models.TextField("دلیل", blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = "تغییر وضعیت پروندهٔ آزادسازی"
        verbose_name_plural = "تاریخچهٔ وضعیت پرونده‌های آزادسازی"

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_status} → {self.to_status}"

    @property
    def from_label(self) -> str:
        return rules.LABELS.get(self.from_status, "—")

    @property
    def to_label(self) -> str:
        return rules.LABELS.get(self.to_status, self.to_status)


class Debt(TimeStamped):
    DIYEH, PRIVATE, FINE = "diyeh", "private", "fine"
    KIND_CHOICES = [(DIYEH, "دیه"), (PRIVATE, "بدهی / مهریه / چک"), (FINE, "جزای نقدی")]
    case = models.ForeignKey(ReleaseCase, on_delete=models.PROTECT, related_name="debts")
    kind = models.CharField("نوع", max_length=10, choices=KIND_CHOICES)
    creditor = models.CharField("طلبکار / صاحب حق", max_length=150)
    amount = models.PositiveBigIntegerField("مبلغ (ریال)")
    note = models.CharField("توضیح", max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "بدهی یا دیه"
        verbose_name_plural = "بدهی‌ها و دیه‌ها"


class DebtRelief(TimeStamped):
    """What no longer has to be paid before release: forgiven at reconciliation
    (شورای حل اختلاف) or moved to instalments after release."""

    RECONCILIATION, INSTALMENTS = "reconciliation", "instalments"
    KIND_CHOICES = [
        (RECONCILIATION, "گذشت در شورای حل اختلاف"),
        (INSTALMENTS, "تقسیط (پس از آزادی)"),
    ]
    debt = models.ForeignKey(Debt, on_delete=models.PROTECT, related_name="reliefs")
    kind = models.CharField("نوع", max_length=15, choices=KIND_CHOICES)
    amount = models.PositiveBigIntegerField("مبلغ (ریال)")
    on = models.DateField("تاریخ")
    note = models.CharField("توضیح", max_length=300, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = "گذشت یا تقسیط"
        verbose_name_plural = "گذشت‌ها و تقسیط‌ها"


class CaseChild(TimeStamped):
    RELATIONS = [
        ("father", "پدر"),
        ("grandmother", "مادربزرگ"),
        ("grandfather", "پدربزرگ"),
        ("relative", "خویشاوند دیگر"),
        ("welfare", "مرکز بهزیستی"),
        ("other", "دیگر"),
    ]
    case = models.ForeignKey(ReleaseCase, on_delete=models.PROTECT, related_name="children")
    first_name = models.CharField("نام فرزند", max_length=100)
    last_name = models.CharField("نام خانوادگی فرزند", max_length=100, blank=True)
    birth_date = models.DateField("تاریخ تولد", null=True, blank=True)
    carer_name = models.CharField("سرپرست کنونی", max_length=150)
    carer_relation = models.CharField("نسبت سرپرست", max_length=12, choices=RELATIONS)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["birth_date", "pk"]
        verbose_name = "فرزند مادر زندانی"
        verbose_name_plural = "فرزندان مادران زندانی"


class CasePartner(TimeStamped):
    PRISONS, SETTLER, CHARITY, OTHER = "prisons", "settler", "charity", "other"
    ROLE_CHOICES = [
        (PRISONS, "سازمان زندان‌ها"),
        (SETTLER, "پرداخت یا تسویهٔ بدهی (مانند ستاد دیه)"),
        (CHARITY, "خیریه"),
        (OTHER, "دیگر"),
    ]
    case = models.ForeignKey(ReleaseCase, on_delete=models.PROTECT, related_name="partners")
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="سازمان"
    )
    role = models.CharField("نقش", max_length=10, choices=ROLE_CHOICES)
    note = models.CharField("توضیح", max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "organisation", "role"], name="uniq_release_case_partner"
            )
        ]


# -------------------------------------------------------------------- money


class Donor(TimeStamped):
    INDIVIDUAL, ORGANISATION = "individual", "organisation"
    KIND_CHOICES = [(INDIVIDUAL, "فرد"), (ORGANISATION, "سازمان / شرکت")]
    code = models.CharField("کد نیکوکار", max_length=20, unique=True)
    kind = models.CharField("نوع", max_length=15, choices=KIND_CHOICES, default=INDIVIDUAL)
    name = models.CharField("نام", max_length=200, blank=True)  # an individual's
    organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name="سازمان",
    )  # fmt: skip
    mobile = models.CharField("تلفن همراه", max_length=11, blank=True, db_index=True)
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = "نیکوکار"
        verbose_name_plural = "نیکوکاران"
        constraints = [
            # An organisation that gives is the partners context's organisation (its
            # name lives there only); an individual has a name and no organisation.
            models.CheckConstraint(
                condition=(Q(kind="individual", organisation__isnull=True) & ~Q(name=""))
                | Q(kind="organisation", organisation__isnull=False, name=""),
                name="release_donor_name_or_organisation",
            ),
            models.UniqueConstraint(
                fields=["organisation"], name="uniq_release_donor_organisation"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """Her name, or the organisation's name as the partners context holds it."""
        return self.organisation.name if self.organisation_id else self.name


class Pledge(TimeStamped):
    OPEN, FULFILLED, CANCELLED = "open", "fulfilled", "cancelled"
    STATUS_CHOICES = [(OPEN, "در انتظار پرداخت"), (FULFILLED, "پرداخت شد"), (CANCELLED, "لغو شد")]
    STAFF, PUBLIC = "staff", "public"
    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="pledges")
    amount = models.PositiveBigIntegerField("مبلغ (ریال)")
    case = models.ForeignKey(
        ReleaseCase, null=True, blank=True, on_delete=models.PROTECT, related_name="pledges"
    )
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default=OPEN)
    source = models.CharField(max_length=10, default=STAFF)
    message = models.CharField("پیام", max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = "تعهد کمک"
        verbose_name_plural = "تعهدهای کمک"


class PoolAllocation(TimeStamped):
    """A proposal for the pooled fund (the solver's), and what staff decided."""

    PROPOSED, ACCEPTED, CHANGED, DISCARDED = "proposed", "accepted", "changed", "discarded"
    STATUS_CHOICES = [
        (PROPOSED, "پیشنهاد"),
        (ACCEPTED, "پذیرفته شد"),
        (CHANGED, "با تغییر پذیرفته شد"),
        (DISCARDED, "کنار گذاشته شد"),
    ]
    pool = models.PositiveBigIntegerField("موجودی صندوق (ریال)")
    proposal = models.JSONField("پیشنهاد")
    decided = models.JSONField("تصمیم", null=True, blank=True)
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default=PROPOSED)
    proposed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField("دلیل تغییر", blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "تخصیص صندوق مشترک"
        verbose_name_plural = "تخصیص‌های صندوق مشترک"


class AppendOnly(Exception):
    pass


class LedgerEntry(models.Model):
    """One move of money; never changed or deleted (a correction is a reversal)."""

    kind = models.CharField(max_length=10, choices=list(ledger_rules.KIND_LABELS.items()))
    amount = models.PositiveBigIntegerField("مبلغ (ریال)")
    donor = models.ForeignKey(
        Donor, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    case = models.ForeignKey(
        ReleaseCase, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    debt = models.ForeignKey(
        Debt, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    pledge = models.ForeignKey(
        Pledge, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    allocation = models.ForeignKey(
        PoolAllocation, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    corrects = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="correction"
    )
    on = models.DateField("تاریخ")
    reference = models.CharField("شمارهٔ پیگیری بانکی", max_length=60, blank=True)
    note = models.CharField("توضیح", max_length=300, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "ردیف دفتر کمک‌ها"
        verbose_name_plural = "دفتر کمک‌ها"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="ledger_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("دفتر کمک‌ها فقط افزودنی است؛ برای اصلاح، ردیف برگشتی ثبت کنید.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("از دفتر کمک‌ها چیزی پاک نمی‌شود.")

    @property
    def receipt_no(self) -> str:
        """The receipt number of a gift: its year and its entry number."""
        from tavana.core.domain.jalali import to_jalali

        return f"{to_jalali(self.on)[0]}-{self.pk:06d}" if self.pk else ""

    @property
    def kind_label(self) -> str:
        return ledger_rules.KIND_LABELS.get(self.kind, self.kind)

    def as_rule(self) -> ledger_rules.Entry:
        return ledger_rules.Entry(
            self.pk, self.kind, self.amount, self.donor_id, self.case_id, self.corrects_id
        )


class FollowUp(TimeStamped):
    WELL, SUPPORT, LOST = "well", "support", "lost"
    OUTCOME_CHOICES = [
        (WELL, "با خانواده و در مسیر خوب"),
        (SUPPORT, "به حمایت بیشتر نیاز دارد"),
        (LOST, "تماس برقرار نشد"),
    ]
    case = models.ForeignKey(ReleaseCase, on_delete=models.PROTECT, related_name="followups")
    month = models.PositiveSmallIntegerField("ماه پس از آزادی")
    due_on = models.DateField("موعد", db_index=True)
    done_on = models.DateField("انجام شد", null=True, blank=True)
    outcome = models.CharField("نتیجه", max_length=10, choices=OUTCOME_CHOICES, blank=True)
    note = models.TextField("یادداشت", blank=True)
    by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "month"], name="uniq_release_followup")
        ]
