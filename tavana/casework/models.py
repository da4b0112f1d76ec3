"""Casework: the support ladder, needs assessments, programmes and services,
caseloads, case plans and notes, referrals.

States are data: support levels and the moves between them are rows; every
change of level, enrolment stage or case owner leaves a history row. Nobody
is deleted or closed out of the cycle.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from tavana.core.models import TimeStamped

from .domain import stages
from .domain.assessment import DOMAINS

USER = settings.AUTH_USER_MODEL


# ----------------------------------------------------------------- the ladder


class SupportLevel(models.Model):
    code = models.SlugField("کد", max_length=30, unique=True)
    name = models.CharField("نام سطح", max_length=100)
    order = models.PositiveSmallIntegerField("ترتیب", unique=True)
    description = models.CharField("توضیح", max_length=300, blank=True)
    reassess_months = models.PositiveSmallIntegerField("ارزیابی دوباره پس از (ماه)", default=6)
    active = models.BooleanField("فعال", default=True)

    class Meta:
        ordering = ["order"]
        verbose_name = "سطح حمایت"
        verbose_name_plural = "سطح‌های حمایت"

    def __str__(self) -> str:
        return self.name


class LevelTransition(models.Model):
    """An allowed move on the ladder; `needs_reason` when a written reason is required."""

    from_level = models.ForeignKey(
        SupportLevel, on_delete=models.CASCADE, related_name="moves_out", verbose_name="از سطح"
    )
    to_level = models.ForeignKey(
        SupportLevel, on_delete=models.CASCADE, related_name="moves_in", verbose_name="به سطح"
    )
    needs_reason = models.BooleanField("دلیل لازم است", default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["from_level", "to_level"], name="uniq_level_move")
        ]
        verbose_name = "جابه‌جایی مجاز"
        verbose_name_plural = "جابه‌جایی‌های مجاز"

    def __str__(self) -> str:
        return f"{self.from_level} → {self.to_level}"


class SupportStatus(models.Model):
    """A woman's current level and when she is to be reassessed."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.PROTECT, related_name="support", verbose_name="فرد"
    )
    level = models.ForeignKey(
        SupportLevel, on_delete=models.PROTECT, related_name="+", verbose_name="سطح کنونی"
    )
    since = models.DateField("از تاریخ")
    reassess_on = models.DateField("تاریخ ارزیابی دوباره", null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "سطح حمایت فرد"
        verbose_name_plural = "سطح حمایت افراد"

    def __str__(self) -> str:
        return f"{self.person_id}: {self.level}"


class LevelChange(models.Model):
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="level_changes"
    )
    from_level = models.ForeignKey(
        SupportLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="از سطح",
    )
    to_level = models.ForeignKey(
        SupportLevel, on_delete=models.PROTECT, related_name="+", verbose_name="به سطح"
    )
    date = models.DateField("تاریخ")
    reason = models.TextField("دلیل", blank=True)
    decided_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assessment = models.ForeignKey(
        "Assessment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["person", "date"], name="levelchange_person_date")]
        verbose_name = "تغییر سطح"
        verbose_name_plural = "تغییرهای سطح"

    # ----------------------------------------------------------------- assessment

    def __str__(self) -> str:
        return f"{self.person_id}: {self.from_level} → {self.to_level} ({self.date})"


class Question(models.Model):
    """A question of the needs questionnaire. Rewording it (or its answers' scores)
    retires it and adds its next version (`replaces`), so past answers keep the
    words and scores they were given under."""

    code = models.SlugField("کد", max_length=40, unique=True)
    replaces = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="نسخهٔ پیشین",
    )  # fmt: skip
    domain = models.CharField("حوزه", max_length=20, choices=DOMAINS)
    text = models.CharField("پرسش", max_length=300)
    order = models.PositiveSmallIntegerField("ترتیب", default=0)
    active = models.BooleanField("فعال", default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "پرسش ارزیابی"
        verbose_name_plural = "پرسش‌های ارزیابی"

    def __str__(self) -> str:
        return self.text


class AnswerOption(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    text = models.CharField("پاسخ", max_length=200)
    score = models.PositiveSmallIntegerField("امتیاز نیاز (۰ تا ۳)")
    order = models.PositiveSmallIntegerField("ترتیب", default=0)

    class Meta:
        ordering = ["question", "order", "id"]
        verbose_name = "گزینهٔ پاسخ"
        verbose_name_plural = "گزینه‌های پاسخ"

    def __str__(self) -> str:
        return self.text


class ScoringRule(models.Model):
    """One version of the assessment rule's cut-offs (domain.assessment.Thresholds).
    A change adds a version; each assessment points at the one it was scored under."""

    thresholds = models.JSONField("آستانه‌ها")
    note = models.CharField("توضیح تغییر", max_length=300, blank=True)
    created_at = models.DateTimeField("زمان", auto_now_add=True)
    created_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = "نسخهٔ قاعدهٔ امتیازدهی"
        verbose_name_plural = "نسخه‌های قاعدهٔ امتیازدهی"

    def __str__(self) -> str:
        return f"نسخهٔ {self.pk}"


class Assessment(models.Model):
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="assessments"
    )
    assessed_on = models.DateField("تاریخ ارزیابی")
    assessed_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    suggested_level = models.ForeignKey(
        SupportLevel, on_delete=models.PROTECT, related_name="+", verbose_name="سطح پیشنهادی"
    )
    reasons = models.JSONField("دلیل‌های پیشنهاد", default=list)
    needs = models.JSONField("نیاز به تفکیک حوزه", default=dict)
    decided_level = models.ForeignKey(
        SupportLevel, on_delete=models.PROTECT, related_name="+", verbose_name="سطح تعیین‌شده"
    )
    override_reason = models.TextField("دلیل تغییر پیشنهاد", blank=True)
    reassess_on = models.DateField("تاریخ ارزیابی دوباره", null=True, blank=True)
    rule = models.ForeignKey(
        ScoringRule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="نسخهٔ قاعده (خالی: نسخهٔ نخست)",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = "ارزیابی نیاز"
        verbose_name_plural = "ارزیابی‌های نیاز"

    def __str__(self) -> str:
        return f"ارزیابی {self.person_id} ({self.assessed_on})"

    @property
    def overridden(self) -> bool:
        return self.decided_level_id != self.suggested_level_id


class AssessmentAnswer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(AnswerOption, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="uniq_answer")
        ]

    # ------------------------------------------------- programmes, services, deliveries

    def __str__(self) -> str:
        return f"{self.question_id}: {self.option_id}"


class Programme(models.Model):
    code = models.SlugField("کد", max_length=40, unique=True)
    name = models.CharField("نام برنامه", max_length=150)
    description = models.CharField("توضیح", max_length=300, blank=True)
    active = models.BooleanField("فعال", default=True)
    org_unit = models.ForeignKey(
        "accounts.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="واحد سازمانی",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "برنامه"
        verbose_name_plural = "برنامه‌ها"

    def __str__(self) -> str:
        return self.name


class ServiceType(models.Model):
    SESSION = "session"
    HOUR = "hour"
    CASE = "case"
    ITEM = "item"
    DAY = "day"
    UNIT_CHOICES = [
        (SESSION, "جلسه"),
        (HOUR, "ساعت"),
        (CASE, "مورد"),
        (ITEM, "بسته/قلم"),
        (DAY, "روز"),
    ]
    code = models.SlugField("کد", max_length=40, unique=True)
    name = models.CharField("نام خدمت", max_length=150)
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="services", verbose_name="برنامه"
    )
    default_unit = models.CharField("واحد", max_length=10, choices=UNIT_CHOICES, default=SESSION)
    active = models.BooleanField("فعال", default=True)
    org_unit = models.ForeignKey(
        "accounts.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="واحد سازمانی",
    )

    class Meta:
        ordering = ["programme__name", "name"]
        verbose_name = "نوع خدمت"
        verbose_name_plural = "انواع خدمت"

    def __str__(self) -> str:
        return self.name


class Delivery(models.Model):
    """A service delivered: which, to whom, when, by whom, where, how much."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="deliveries")
    service = models.ForeignKey(
        ServiceType, on_delete=models.PROTECT, related_name="deliveries", verbose_name="خدمت"
    )
    delivered_on = models.DateField("تاریخ ارائه")
    delivered_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    centre = models.ForeignKey(
        "training.Centre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="مرکز",
    )
    quantity = models.DecimalField("مقدار", max_digits=7, decimal_places=1, default=1)
    unit = models.CharField("واحد", max_length=10, choices=ServiceType.UNIT_CHOICES)
    note = models.CharField("توضیح", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-delivered_on", "-id"]
        indexes = [
            models.Index(fields=["person", "delivered_on"], name="delivery_person_date"),
            models.Index(fields=["service", "delivered_on"], name="delivery_service_date"),
        ]
        verbose_name = "خدمت ارائه‌شده"
        verbose_name_plural = "خدمات ارائه‌شده"

    def __str__(self) -> str:
        return f"{self.service} ({self.delivered_on})"


class Enrolment(TimeStamped):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="enrolments")
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="enrolments", verbose_name="برنامه"
    )
    stage = models.CharField("مرحله", max_length=20, choices=stages.STAGES)
    stage_since = models.DateField("از تاریخ")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "programme"], name="uniq_enrolment")
        ]
        verbose_name = "حضور در برنامه"
        verbose_name_plural = "حضور در برنامه‌ها"


class EnrolmentStageChange(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="history")
    from_stage = models.CharField(max_length=20, choices=stages.STAGES, blank=True)
    to_stage = models.CharField(max_length=20, choices=stages.STAGES)
    date = models.DateField("تاریخ")
    reason = models.CharField("دلیل", max_length=300, blank=True)
    changed_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["date", "id"]

    # ----------------------------------------------------------------- casework

    def __str__(self) -> str:
        return f"{self.from_stage} → {self.to_stage} ({self.date})"


class CaseAssignment(models.Model):
    """A woman in a social worker's caseload, over a period. At most one open
    assignment per woman: ownership moves only by a transfer she accepts."""

    worker = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="case_assignments")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="case_assignments"
    )
    start_date = models.DateField("از تاریخ")
    end_date = models.DateField("تا تاریخ", null=True, blank=True)
    reason = models.CharField("توضیح", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(end_date__isnull=True), name="one_open_case"
            )
        ]
        indexes = [models.Index(fields=["worker", "end_date"], name="case_worker_open")]
        verbose_name = "پروندهٔ مددکاری"
        verbose_name_plural = "پرونده‌های مددکاری"

    def __str__(self) -> str:
        return f"{self.worker_id} ↔ {self.person_id}"


class PlanGoal(TimeStamped):
    OPEN = "open"
    ACHIEVED = "achieved"
    DROPPED = "dropped"
    STATUS_CHOICES = [(OPEN, "در جریان"), (ACHIEVED, "محقق شد"), (DROPPED, "کنار گذاشته شد")]

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="plan_goals")
    title = models.CharField("هدف", max_length=200)
    target_date = models.DateField("تاریخ هدف", null=True, blank=True)
    status = models.CharField("وضعیت", max_length=10, choices=STATUS_CHOICES, default=OPEN)
    created_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["status", "target_date", "id"]
        verbose_name = "هدف برنامهٔ مددکاری"
        verbose_name_plural = "هدف‌های برنامهٔ مددکاری"


class PlanAction(TimeStamped):
    goal = models.ForeignKey(PlanGoal, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField("اقدام", max_length=300)
    follow_up_on = models.DateField("تاریخ پیگیری", db_index=True)
    done_on = models.DateField("انجام شد در", null=True, blank=True)
    outcome = models.CharField("نتیجه", max_length=300, blank=True)
    created_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["done_on", "follow_up_on", "id"]
        verbose_name = "اقدام"
        verbose_name_plural = "اقدام‌ها"


class CaseNote(models.Model):
    NORMAL = "normal"
    SENSITIVE = "sensitive"
    SENSITIVITY_CHOICES = [(NORMAL, "عادی"), (SENSITIVE, "محرمانه")]

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="case_notes")
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    written_at = models.DateTimeField("زمان نوشتن", auto_now_add=True)
    sensitivity = models.CharField(
        "محرمانگی", max_length=10, choices=SENSITIVITY_CHOICES, default=NORMAL
    )
    text = models.TextField("متن یادداشت")

    class Meta:
        ordering = ["-written_at", "-id"]
        verbose_name = "یادداشت مددکاری"
        verbose_name_plural = "یادداشت‌های مددکاری"

    def __str__(self) -> str:
        return f"یادداشت {self.pk}"


class Referral(TimeStamped):
    """A *refer* (the case stays with its worker; someone else is asked to act) or a
    *transfer* (ownership moves when the receiving worker accepts)."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="referrals")
    kind = models.CharField("نوع", max_length=10, choices=stages.KINDS)
    from_worker = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="referrals_sent", verbose_name="از"
    )
    to_worker = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_received",
        verbose_name="به مددکار",
    )
    to_centre = models.ForeignKey(
        "training.Centre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="به مرکز",
    )
    to_partner = models.ForeignKey(
        "partners.Organisation",  # the partners context's organisations
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name="به سازمان همکار",
    )
    from_partner = models.ForeignKey(
        "partners.Organisation",  # a referral *in*: the body that sent her to the Center
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_in",
        verbose_name="از سازمان همکار",
    )
    service = models.ForeignKey(
        ServiceType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="خدمت درخواستی",
    )
    request = models.TextField("شرح درخواست")
    sent_on = models.DateField("تاریخ ارسال")
    follow_up_on = models.DateField("تاریخ پیگیری", db_index=True)
    status = models.CharField("وضعیت", max_length=10, choices=stages.STATUSES, default=stages.SENT)
    answered_on = models.DateField("تاریخ پاسخ", null=True, blank=True)
    answer = models.TextField("پاسخ", blank=True)
    answered_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(to_worker__isnull=False)
                    | Q(to_centre__isnull=False)
                    | Q(to_partner__isnull=False)
                ),
                name="referral_has_receiver",
            )
        ]
        verbose_name = "ارجاع"
        verbose_name_plural = "ارجاع‌ها"

    @property
    def awaiting(self) -> bool:
        return stages.awaiting(self.kind, self.status)

    @property
    def incoming(self) -> bool:
        """Sent to the Center by another body (received by `to_worker`)."""
        return self.from_partner_id is not None

    @property
    def receiver(self) -> str:
        if self.to_partner_id:
            return str(self.to_partner)
        if self.to_worker_id:
            return self.to_worker.display_name
        return str(self.to_centre) if self.to_centre_id else "—"


class OtherSupport(models.Model):
    """Another body that also serves the woman, and how: recorded only with her
    consent (the date she gave it); withdrawing it removes the record."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="other_supports"
    )
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="سازمان"
    )
    support = models.CharField("چه حمایتی می‌کند", max_length=300)
    since = models.DateField("از تاریخ", null=True, blank=True)
    until = models.DateField("تا تاریخ", null=True, blank=True)
    consent_on = models.DateField("تاریخ رضایت او")
    recorded_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField("زمان ثبت", auto_now_add=True)

    class Meta:
        ordering = ["-since", "-id"]
        verbose_name = "حمایت سازمان دیگر"
        verbose_name_plural = "حمایت سازمان‌های دیگر"

    def __str__(self) -> str:
        return f"{self.organisation}: {self.support}"
