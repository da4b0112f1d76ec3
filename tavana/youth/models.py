"""The youth context: children's schooling, the early warning of academic
decline and what the Center does about it.

A child is a person of the registry (`people.Person`, a household member with
relation «فرزند»); nothing here copies her name or birth date. Her marks and
flags are sensitive: they are read through `selectors` only, which check the
role and district and audit every read.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from tavana.core.models import TimeStamped

from .domain import academic
from .domain import early_warning as ew

USER = settings.AUTH_USER_MODEL


def mark_display(value) -> str:
    """A mark with Persian digits and the Persian decimal separator: ۱۶٫۵"""
    if value in (None, ""):
        return ""
    from decimal import Decimal

    from tavana.core.domain.persian_text import to_persian_digits

    text = format(Decimal(str(value)).normalize(), "f")
    return to_persian_digits(text).replace(".", "٫")


class SchoolType(models.Model):
    """نوع مدرسه: دولتی، غیردولتی، نمونه دولتی، تیزهوشان… Retired, never deleted."""

    code = models.SlugField("کد", max_length=30, unique=True)
    name = models.CharField("نوع مدرسه", max_length=100)
    selective = models.BooleanField("با آزمون ورودی (نمونه یا تیزهوشان)", default=False)
    active = models.BooleanField("فعال", default=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "نوع مدرسه"
        verbose_name_plural = "نوع‌های مدرسه"

    def __str__(self) -> str:
        return self.name


class School(TimeStamped):
    name = models.CharField("نام مدرسه", max_length=200)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    code = models.CharField("کد مدرسه", max_length=20, null=True, blank=True, unique=True)
    school_type = models.ForeignKey(
        SchoolType, on_delete=models.PROTECT, related_name="schools", verbose_name="نوع مدرسه"
    )
    district = models.ForeignKey(
        "core.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="منطقه",
    )
    active = models.BooleanField("فعال", default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "مدرسه"
        verbose_name_plural = "مدرسه‌ها"
        constraints = [
            models.UniqueConstraint(
                fields=["name_key", "district"], name="youth_school_unique_name_district"
            )
        ]

    def __str__(self) -> str:
        return self.name


class SchoolYear(TimeStamped):
    """A child's place at school in one academic year (Mehr–Khordad). A transfer
    ends the row (`left_on`) and starts another in the same year at the new
    school: the history is the rows in order."""

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="school_years", verbose_name="فرزند"
    )
    year = models.PositiveSmallIntegerField("سال تحصیلی (سال شروع)")
    grade = models.PositiveSmallIntegerField("پایه", choices=academic.GRADE_CHOICES)
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="pupils", verbose_name="مدرسه"
    )
    started_on = models.DateField("از تاریخ")
    left_on = models.DateField("تا تاریخ", null=True, blank=True)
    transfer_reason = models.CharField("دلیل انتقال", max_length=300, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["child", "year", "started_on", "id"]
        verbose_name = "سال تحصیلی فرزند"
        verbose_name_plural = "سال‌های تحصیلی فرزندان"
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(left_on__isnull=True), name="youth_one_current_school"
            )
        ]
        indexes = [models.Index(fields=["year", "school"], name="youth_schoolyear_year_school")]

    def __str__(self) -> str:
        return f"{self.child_id} {self.year} {self.grade}"

    @property
    def year_label(self) -> str:
        return academic.academic_year_label(self.year)


class TermResult(TimeStamped):
    """A term's results: the average (0–20) or a descriptive grade (primary
    years), the core subjects' marks and the days absent."""

    STAFF = "staff"
    IMPORT = "import"
    SOURCE_CHOICES = [(STAFF, "ثبت کارشناس"), (IMPORT, "فایل مدرسه")]

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="term_results", verbose_name="فرزند"
    )
    school_year = models.ForeignKey(
        SchoolYear, on_delete=models.PROTECT, related_name="results", verbose_name="سال تحصیلی"
    )
    year = models.PositiveSmallIntegerField("سال تحصیلی")
    term = models.PositiveSmallIntegerField("نوبت", choices=academic.TERM_CHOICES)
    grade = models.PositiveSmallIntegerField("پایه", choices=academic.GRADE_CHOICES)
    average = models.DecimalField("معدل", max_digits=4, decimal_places=2, null=True, blank=True)
    descriptive = models.CharField(
        "ارزشیابی توصیفی", max_length=20, choices=academic.DESCRIPTIVE_CHOICES, blank=True
    )
    marks = models.JSONField("نمرهٔ درس‌های اصلی", default=dict, blank=True)
    absences = models.PositiveSmallIntegerField("روزهای غیبت", null=True, blank=True)
    source = models.CharField("منبع", max_length=10, choices=SOURCE_CHOICES, default=STAFF)
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["child", "year", "term"]
        verbose_name = "کارنامهٔ نوبت"
        verbose_name_plural = "کارنامه‌های نوبت"
        constraints = [
            models.UniqueConstraint(fields=["child", "year", "term"], name="youth_one_result_term")
        ]
        indexes = [models.Index(fields=["year", "term"], name="youth_result_year_term")]

    def __str__(self) -> str:
        return f"{self.child_id} {self.year}/{self.term}"

    @property
    def term_label(self) -> str:
        return academic.term_label(self.year, self.term)

    @property
    def average_display(self) -> str:
        return mark_display(self.average)

    def mark_rows(self) -> list[tuple[str, str]]:
        return [
            (name, mark_display(self.marks.get(code)))
            for code, name in academic.CORE_SUBJECTS.items()
            if self.marks.get(code) is not None
        ]


class WarningIndicator(models.Model):
    """One indicator of the early warning: its threshold and severity are the
    administrator's to change (each change in the audit log); a flag keeps the
    threshold it was raised under."""

    code = models.CharField(
        "کد", max_length=30, unique=True, choices=[(c, v[0]) for c, v in ew.INDICATORS.items()]
    )
    threshold = models.DecimalField("آستانه", max_digits=5, decimal_places=2)
    severity = models.PositiveSmallIntegerField(
        "شدت", choices=list(ew.SEVERITY_LABELS.items()), default=2
    )
    active = models.BooleanField("فعال", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "شاخص هشدار"
        verbose_name_plural = "شاخص‌های هشدار"

    def __str__(self) -> str:
        return self.get_code_display()

    @property
    def meaning(self) -> str:
        return ew.INDICATORS[self.code][1]


class RiskFlag(TimeStamped):
    """A flag of academic decline raised by a term's results, with its reason.
    Never shown to the school or anyone outside the Center. It resolves when
    the indicator no longer fires at a later term."""

    OPEN = "open"
    RESOLVED = "resolved"
    STATUS_CHOICES = [(OPEN, "باز"), (RESOLVED, "برطرف‌شده")]

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="risk_flags", verbose_name="فرزند"
    )
    indicator = models.CharField(
        "شاخص", max_length=30, choices=[(c, v[0]) for c, v in ew.INDICATORS.items()]
    )
    severity = models.PositiveSmallIntegerField("شدت", choices=list(ew.SEVERITY_LABELS.items()))
    reason = models.CharField("دلیل", max_length=400)
    threshold = models.DecimalField("آستانه هنگام هشدار", max_digits=5, decimal_places=2)
    year = models.PositiveSmallIntegerField("سال تحصیلی")
    term = models.PositiveSmallIntegerField("نوبت", choices=academic.TERM_CHOICES)
    raised_on = models.DateField("تاریخ هشدار")
    district = models.ForeignKey(
        "core.District", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField("وضعیت", max_length=10, choices=STATUS_CHOICES, default=OPEN)
    resolved_year = models.PositiveSmallIntegerField(null=True, blank=True)
    resolved_term = models.PositiveSmallIntegerField(null=True, blank=True)
    resolved_on = models.DateField("تاریخ رفع", null=True, blank=True)

    class Meta:
        ordering = ["-raised_on", "id"]
        verbose_name = "هشدار افت تحصیلی"
        verbose_name_plural = "هشدارهای افت تحصیلی"
        constraints = [
            models.UniqueConstraint(
                fields=["child", "indicator"],
                condition=Q(status="open"),
                name="youth_one_open_flag_per_indicator",
            )
        ]
        indexes = [
            models.Index(fields=["status", "district"], name="youth_flag_status_district"),
            models.Index(fields=["year", "term"], name="youth_flag_year_term"),
        ]

    def __str__(self) -> str:
        return f"{self.child_id}: {self.indicator}"

    @property
    def term_label(self) -> str:
        return academic.term_label(self.year, self.term)

    @property
    def resolved_label(self) -> str:
        if self.resolved_year is None or self.resolved_term is None:
            return ""
        return academic.term_label(self.resolved_year, self.resolved_term)


class Intervention(TimeStamped):
    """What the Center did about a flag, and its outcome at the next term."""

    TUTORING = "tutoring"
    COUNSELLING = "counselling"
    PACKAGE = "package"
    SUPPLIES = "supplies"
    REFERRAL = "referral"
    KIND_CHOICES = [
        (TUTORING, "کلاس تقویتی"),
        (COUNSELLING, "مشاوره"),
        (PACKAGE, "بستهٔ آموزشی"),
        (SUPPLIES, "نوشت‌افزار و لوازم مدرسه"),
        (REFERRAL, "ارجاع به سازمان همکار"),
    ]
    IMPROVED = "improved"
    SAME = "same"
    WORSE = "worse"
    OUTCOME_CHOICES = [(IMPROVED, "بهبود"), (SAME, "بدون تغییر"), (WORSE, "بدتر")]

    flag = models.ForeignKey(
        RiskFlag, on_delete=models.PROTECT, related_name="interventions", verbose_name="هشدار"
    )
    child = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="interventions",
        verbose_name="فرزند",
    )
    kind = models.CharField("نوع اقدام", max_length=20, choices=KIND_CHOICES)
    partner = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="سازمان همکار",
    )
    started_on = models.DateField("تاریخ شروع")
    note = models.CharField("توضیح", max_length=300, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    average_before = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    outcome = models.CharField("نتیجه", max_length=10, choices=OUTCOME_CHOICES, blank=True)
    outcome_year = models.PositiveSmallIntegerField(null=True, blank=True)
    outcome_term = models.PositiveSmallIntegerField(null=True, blank=True)
    average_after = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    # the same intervention as a service in the mother's casework history (none
    # when the child has no mother or carer in the registry)
    delivery = models.OneToOneField(
        "casework.Delivery",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="خدمت در پروندهٔ مادر",
    )

    class Meta:
        ordering = ["-started_on", "id"]
        verbose_name = "اقدام برای هشدار"
        verbose_name_plural = "اقدام‌ها برای هشدارها"
        indexes = [models.Index(fields=["kind", "outcome"], name="youth_intervention_kind")]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def change_display(self) -> str:
        if self.average_before is None or self.average_after is None:
            return ""
        diff = self.average_after - self.average_before
        return ("+" if diff > 0 else "") + mark_display(diff) if diff else "۰"


from .programmes.models import (  # noqa: E402  (Django finds the models here)
    BudgetLine,
    GiftedApplication,
    ParentConsent,
    SupportGrant,
    TalentResult,
    TalentRound,
    TeenFollowUp,
    TeenProgramme,
    TeenTeam,
)

__all__ = [
    "BudgetLine",
    "GiftedApplication",
    "Intervention",
    "ParentConsent",
    "RiskFlag",
    "School",
    "SchoolType",
    "SchoolYear",
    "SupportGrant",
    "TalentResult",
    "TalentRound",
    "TeenFollowUp",
    "TeenProgramme",
    "TeenTeam",
    "TermResult",
    "WarningIndicator",
]
