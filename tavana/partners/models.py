"""Partners: organisations, agreements, joint projects and the yearly portfolio,
other bodies serving a woman, referrals in, data-sharing agreements and their
extracts, overlap counts.

States are data: agreements' and projects' statuses move through the tables in
domain/ with one history row per change.
"""

from django.conf import settings
from django.db import models

from tavana.core.models import TimeStamped

from .domain import agreements, projects

USER = settings.AUTH_USER_MODEL


class Organisation(TimeStamped):
    """A body the Center works with: ACECR, the Relief Committee, the Welfare
    Organisation, the Prisons Organisation, charities… Other contexts point at it
    (casework's referrals; later the release campaign) by `code` or foreign key."""

    ACADEMIC = "academic"
    RELIEF = "relief"
    WELFARE = "welfare"
    PRISONS = "prisons"
    CHARITY = "charity"
    GOVERNMENT = "government"
    NGO = "ngo"
    OTHER = "other"
    KIND_CHOICES = [
        (ACADEMIC, "نهاد دانشگاهی و پژوهشی"),
        (RELIEF, "کمیتهٔ امداد"),
        (WELFARE, "بهزیستی"),
        (PRISONS, "سازمان زندان‌ها"),
        (CHARITY, "خیریه"),
        (GOVERNMENT, "دستگاه دولتی یا شهری"),
        (NGO, "سازمان مردم‌نهاد"),
        (OTHER, "سایر"),
    ]
    code = models.SlugField("کد", max_length=40, unique=True)
    name = models.CharField("نام سازمان", max_length=200)
    kind = models.CharField("نوع", max_length=12, choices=KIND_CHOICES)
    phone = models.CharField("تلفن", max_length=30, blank=True)
    email = models.CharField("رایانامه", max_length=120, blank=True)
    address = models.CharField("نشانی", max_length=300, blank=True)
    description = models.TextField("شرح همکاری", blank=True)
    programmes = models.ManyToManyField(
        "casework.Programme", blank=True, related_name="+", verbose_name="برنامه‌های مرتبط"
    )
    active = models.BooleanField("فعال", default=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = "سازمان همکار"
        verbose_name_plural = "سازمان‌های همکار"

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts", verbose_name="سازمان"
    )
    name = models.CharField("نام", max_length=150)
    position = models.CharField("سمت", max_length=150, blank=True)
    phone = models.CharField("تلفن", max_length=30, blank=True)
    email = models.CharField("رایانامه", max_length=120, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "رابط"
        verbose_name_plural = "رابط‌ها"

    def __str__(self) -> str:
        return self.name


class Axis(models.Model):
    """An axis of cooperation (the ACECR agreement's four are seeded)."""

    code = models.SlugField("کد", max_length=30, unique=True)
    name = models.CharField("نام محور", max_length=200)
    order = models.PositiveSmallIntegerField("ترتیب", default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "محور همکاری"
        verbose_name_plural = "محورهای همکاری"

    def __str__(self) -> str:
        return self.name


class Agreement(TimeStamped):
    MEMORANDUM = "memorandum"
    CONTRACT = "contract"
    KIND_CHOICES = [(MEMORANDUM, "تفاهم‌نامه"), (CONTRACT, "توافق‌نامه")]

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="agreements", verbose_name="طرف همکاری"
    )
    kind = models.CharField("نوع", max_length=12, choices=KIND_CHOICES, default=MEMORANDUM)
    title = models.CharField("عنوان", max_length=250)
    number = models.CharField("شماره", max_length=60, blank=True)
    summary = models.TextField("موضوع و هدف", blank=True)
    center_signatory = models.CharField("امضاکنندهٔ مرکز", max_length=150, blank=True)
    partner_signatory = models.CharField("امضاکنندهٔ طرف همکاری", max_length=150, blank=True)
    signed_on = models.DateField("تاریخ امضا", null=True, blank=True)
    starts_on = models.DateField("تاریخ آغاز")
    ends_on = models.DateField("تاریخ پایان", db_index=True)
    axes = models.ManyToManyField(
        Axis, blank=True, related_name="agreements", verbose_name="محورها"
    )
    owner = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name="کارشناس مسئول"
    )
    status = models.CharField(
        "وضعیت", max_length=10, choices=agreements.STATUSES, default=agreements.DRAFT
    )
    renews = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewal",
        verbose_name="تمدید تفاهم‌نامهٔ",
    )

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = "تفاهم‌نامه"
        verbose_name_plural = "تفاهم‌نامه‌ها"

    def __str__(self) -> str:
        return self.title

    @property
    def status_label(self) -> str:
        return agreements.LABELS.get(self.status, self.status)


class AgreementStatusChange(models.Model):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="status_changes"
    )
    source = models.CharField("از وضعیت", max_length=10, choices=agreements.STATUSES, blank=True)
    target = models.CharField("به وضعیت", max_length=10, choices=agreements.STATUSES)
    at = models.DateTimeField("زمان")
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    note = models.CharField("توضیح", max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"


class Obligation(models.Model):
    CENTER = "center"
    PARTNER = "partner"
    PARTY_CHOICES = [(CENTER, "مرکز"), (PARTNER, "طرف همکاری")]

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="obligations", verbose_name="تفاهم‌نامه"
    )
    party = models.CharField("تعهد کدام طرف", max_length=8, choices=PARTY_CHOICES)
    text = models.CharField("تعهد", max_length=400)
    due_on = models.DateField("موعد", null=True, blank=True)
    done_on = models.DateField("انجام‌شده در", null=True, blank=True)

    class Meta:
        ordering = ["party", "id"]
        verbose_name = "تعهد"
        verbose_name_plural = "تعهدها"

    def __str__(self) -> str:
        return self.text


class AgreementDocument(models.Model):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="documents", verbose_name="تفاهم‌نامه"
    )
    title = models.CharField("عنوان سند", max_length=200)
    file = models.FileField("فایل", upload_to="partners/agreements/%Y/")
    uploaded_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField("زمان بارگذاری", auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.title


# --------------------------------------------------------------------- projects


class Project(TimeStamped):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="projects", verbose_name="تفاهم‌نامه"
    )
    title = models.CharField("عنوان", max_length=250)
    description = models.TextField("شرح", blank=True)
    axis = models.ForeignKey(Axis, on_delete=models.PROTECT, related_name="+", verbose_name="محور")
    horizon = models.CharField("افق", max_length=5, choices=projects.HORIZONS)
    owner = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="مسئول در مرکز",
    )
    partner_owner = models.CharField("مسئول در طرف همکاری", max_length=150, blank=True)
    budget = models.PositiveBigIntegerField("بودجه (تومان)", default=0)
    staff_months = models.DecimalField(
        "نیروی انسانی (نفر-ماه)", max_digits=6, decimal_places=1, default=0
    )
    value = models.PositiveSmallIntegerField("ارزش و اثر (۱ تا ۵)", default=3)
    feasibility = models.PositiveSmallIntegerField("شدنی بودن (۱ تا ۵)", default=3)
    speed = models.PositiveSmallIntegerField("زودبازدهی (۱ تا ۵)", default=3)
    starts_on = models.DateField("تاریخ آغاز", null=True, blank=True)
    ends_on = models.DateField("تاریخ پایان", null=True, blank=True)
    status = models.CharField(
        "وضعیت", max_length=10, choices=projects.STATUSES, default=projects.CANDIDATE
    )

    class Meta:
        ordering = ["agreement", "axis__order", "title"]
        verbose_name = "پروژهٔ مشترک"
        verbose_name_plural = "پروژه‌های مشترک"

    def __str__(self) -> str:
        return self.title

    @property
    def status_label(self) -> str:
        return projects.LABELS.get(self.status, self.status)


class ProjectStatusChange(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="status_changes")
    source = models.CharField("از وضعیت", max_length=10, choices=projects.STATUSES, blank=True)
    target = models.CharField("به وضعیت", max_length=10, choices=projects.STATUSES)
    at = models.DateTimeField("زمان")
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reason = models.CharField("دلیل", max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"


class Milestone(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="milestones", verbose_name="پروژه"
    )
    title = models.CharField("گام", max_length=250)
    due_on = models.DateField("موعد")
    done_on = models.DateField("انجام‌شده در", null=True, blank=True)
    note = models.CharField("یادداشت", max_length=300, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = "گام اجرایی"
        verbose_name_plural = "گام‌های اجرایی"

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    """An output or outcome of a project, with its target; measured over time."""

    OUTPUT = "output"
    OUTCOME = "outcome"
    KIND_CHOICES = [(OUTPUT, "خروجی"), (OUTCOME, "شاخص پیامد")]

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="indicators", verbose_name="پروژه"
    )
    kind = models.CharField("نوع", max_length=8, choices=KIND_CHOICES, default=OUTPUT)
    name = models.CharField("عنوان", max_length=250)
    unit = models.CharField("واحد", max_length=50, default="نفر")
    baseline = models.DecimalField("مقدار پایه", max_digits=14, decimal_places=2, default=0)
    target = models.DecimalField("هدف", max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = "شاخص پروژه"
        verbose_name_plural = "شاخص‌های پروژه"

    def __str__(self) -> str:
        return self.name


class Measurement(models.Model):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="measurements", verbose_name="شاخص"
    )
    measured_on = models.DateField("تاریخ اندازه‌گیری")
    value = models.DecimalField("مقدار", max_digits=14, decimal_places=2)
    note = models.CharField("توضیح", max_length=300, blank=True)
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-measured_on", "-id"]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value}"


# -------------------------------------------------------------------- portfolio


class Portfolio(TimeStamped):
    """The year's choice of priority projects under one agreement: the limits and
    weights, the solver's proposal with its explanation, and the manager's decision."""

    DRAFT = "draft"
    DECIDED = "decided"
    STATUS_CHOICES = [(DRAFT, "در حال بررسی"), (DECIDED, "تصمیم گرفته شد")]
    ACCEPTED = "accepted"
    CHANGED = "changed"
    DECISION_CHOICES = [(ACCEPTED, "پیشنهاد پذیرفته شد"), (CHANGED, "با تغییر")]

    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="portfolios", verbose_name="تفاهم‌نامه"
    )
    year = models.PositiveSmallIntegerField("سال")
    budget = models.PositiveBigIntegerField("بودجه (تومان)")
    staff = models.DecimalField("نیروی انسانی (نفر-ماه)", max_digits=6, decimal_places=1)
    min_count = models.PositiveSmallIntegerField("کمترین تعداد پروژه", default=3)
    max_count = models.PositiveSmallIntegerField("بیشترین تعداد پروژه", default=4)
    quick_only = models.BooleanField("فقط پروژه‌های زودبازده", default=True)
    cover_axes = models.PositiveSmallIntegerField("دست‌کم چند محور", default=0)
    weights = models.JSONField("وزن‌ها", default=dict)
    proposal = models.JSONField("پیشنهاد", default=dict, blank=True)
    proposed_at = models.DateTimeField("زمان پیشنهاد", null=True, blank=True)
    status = models.CharField("وضعیت", max_length=8, choices=STATUS_CHOICES, default=DRAFT)
    decision = models.CharField("تصمیم", max_length=8, choices=DECISION_CHOICES, blank=True)
    reason = models.TextField("دلیل تغییر", blank=True)
    chosen = models.ManyToManyField(Project, blank=True, related_name="+", verbose_name="برگزیده‌ها")
    decided_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField("زمان تصمیم", null=True, blank=True)

    class Meta:
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "year"], name="uniq_portfolio_year")
        ]
        verbose_name = "سبد پروژه‌های سال"
        verbose_name_plural = "سبدهای پروژه"

    def __str__(self) -> str:
        return f"سبد {self.year}"


# ------------------------------------------------------------------ data sharing


class DataSharing(TimeStamped):
    """A data-sharing agreement (the fourth axis): which indicators and breakdowns
    a partner's analyst receives, for which period of data, until when."""

    MONTHLY, QUARTERLY = "monthly", "quarterly"
    FREQUENCIES = [(MONTHLY, "ماهانه"), (QUARTERLY, "فصلی")]

    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="sharings", verbose_name="تفاهم‌نامه"
    )
    title = models.CharField("عنوان", max_length=200)
    indicators = models.JSONField("شاخص‌ها", default=list)
    by_district = models.BooleanField("به تفکیک منطقه", default=False)
    data_from = models.DateField("داده‌ها از تاریخ")
    valid_until = models.DateField("معتبر تا", db_index=True)
    frequency = models.CharField(
        "تناوب برداشت", max_length=10, choices=FREQUENCIES, default=MONTHLY
    )
    next_extract_on = models.DateField("برداشت بعدی", null=True, blank=True)
    record_level = models.BooleanField("برداشت سطح رکورد برای پژوهش (k-گمنام)", default=False)
    k = models.PositiveSmallIntegerField("k", default=5)
    analyst = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="data_sharings", verbose_name="تحلیلگر شریک"
    )
    created_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-valid_until", "-id"]
        verbose_name = "توافق تبادل داده"
        verbose_name_plural = "توافق‌های تبادل داده"

    def __str__(self) -> str:
        return self.title


class SharingToken(models.Model):
    """A partner's API token: bound to one data-sharing agreement, expiring with it;
    stored as a SHA-256 digest (the text is shown once)."""

    sharing = models.ForeignKey(DataSharing, on_delete=models.CASCADE, related_name="tokens")
    prefix = models.CharField(max_length=16)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "توکن تبادل داده"
        verbose_name_plural = "توکن‌های تبادل داده"

    def __str__(self) -> str:
        return f"{self.prefix}…"


class Extract(models.Model):
    """One extract made for a data-sharing agreement, kept to be downloaded."""

    TABLES, RECORDS = "tables", "records"
    KINDS = [(TABLES, "جدول‌های شاخص"), (RECORDS, "رکوردهای پژوهشی k-گمنام")]

    sharing = models.ForeignKey(DataSharing, on_delete=models.CASCADE, related_name="extracts")
    kind = models.CharField("نوع", max_length=8, choices=KINDS)
    period_start = models.DateField("از")
    period_end = models.DateField("تا (بدون خود روز)")
    made_at = models.DateTimeField("زمان ساخت", auto_now_add=True)
    made_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    filename = models.CharField(max_length=120)
    content = models.BinaryField()
    summary = models.JSONField("خلاصه", default=dict)

    class Meta:
        ordering = ["-made_at", "-id"]
        verbose_name = "برداشت داده"
        verbose_name_plural = "برداشت‌های داده"

    def __str__(self) -> str:
        return self.filename


# ------------------------------------------------------------------ overlap counts


class OverlapRun(models.Model):
    """One overlap count with another body's list (`tavana overlap`): who ran it,
    when, under which agreement, and only its counts after small-cell
    suppression — never a name, a code or an encoding. A cell is a count, or
    «small» (1 to 4, or none) or «hidden» (hidden so a small one cannot be
    worked out from the total)."""

    WEB, CLI = "web", "cli"
    SOURCES = [(WEB, "صفحهٔ تبادل داده"), (CLI, "فرمان tavana overlap")]

    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="overlap_runs", verbose_name="تفاهم‌نامه"
    )
    sharing = models.ForeignKey(
        DataSharing,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="overlap_runs",
        verbose_name="توافق تبادل داده",
    )
    run_at = models.DateTimeField("زمان شمارش", auto_now_add=True, db_index=True)
    run_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name="اجراکننده"
    )
    source = models.CharField("از راه", max_length=4, choices=SOURCES, default=WEB)
    group_label = models.CharField("گروه فهرست همکار", max_length=60, blank=True)
    partner_rows = models.PositiveIntegerField("ردیف‌های فهرست همکار")
    registry_rows = models.PositiveIntegerField("زنان سامانه")
    #: the partner's rows also in the registry; None when fewer than `min_cell`
    matched = models.PositiveIntegerField("در سامانه هم هستند", null=True, blank=True)
    #: {group: count | "small" | "hidden"} over the partner's groups
    by_group = models.JSONField("به تفکیک گروه فهرست همکار", default=dict)
    #: {district number: count | "small" | "hidden"}: the registry's women on the list
    by_district = models.JSONField("به تفکیک منطقه", default=dict)
    min_cell = models.PositiveSmallIntegerField("کوچک‌ترین شمار نمایش‌دادنی", default=5)

    class Meta:
        ordering = ["-run_at", "-id"]
        verbose_name = "شمارش هم‌پوشانی"
        verbose_name_plural = "شمارش‌های هم‌پوشانی"

    def __str__(self) -> str:
        return f"هم‌پوشانی {self.agreement_id} در {self.run_at:%Y-%m-%d}"
