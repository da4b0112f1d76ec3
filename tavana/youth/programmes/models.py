"""The youth context's programmes: talent screening, model and gifted school
applications with their financial support (maker-checker within a budget
line), and the summer teen programmes «به وقت نوجوانی» built on training's
courses. Imported by models.py (Django finds them there)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from tavana.core.models import TimeStamped

USER = settings.AUTH_USER_MODEL

ACADEMIC, ART, SPORT, TECHNOLOGY = "academic", "art", "sport", "technology"
DOMAIN_CHOICES = [
    (ACADEMIC, "علمی و تحصیلی"),
    (ART, "هنری"),
    (SPORT, "ورزشی"),
    (TECHNOLOGY, "فناوری"),
]


class TalentRound(TimeStamped):
    """A screening round (استعدادیابی): which test or observation, in which domain."""

    TEST, OBSERVATION = "test", "observation"
    METHOD_CHOICES = [(TEST, "آزمون"), (OBSERVATION, "مشاهدهٔ مربی")]

    title = models.CharField("عنوان", max_length=200)
    domain = models.CharField("حوزه", max_length=20, choices=DOMAIN_CHOICES)
    method = models.CharField("روش", max_length=20, choices=METHOD_CHOICES)
    instrument = models.CharField("آزمون یا ابزار مشاهده", max_length=200)
    held_on = models.DateField("تاریخ برگزاری")
    cutoff = models.PositiveSmallIntegerField("حد نصاب استعداد (از ۱۰۰)", default=80)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-held_on", "id"]
        verbose_name = "دور استعدادیابی"
        verbose_name_plural = "دورهای استعدادیابی"

    def __str__(self) -> str:
        return self.title


class TalentResult(TimeStamped):
    """A child's score in a round; at or above the cut-off she joins the talented
    cohort and may be referred to a partner education centre."""

    round = models.ForeignKey(TalentRound, on_delete=models.PROTECT, related_name="results")
    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="talent_results"
    )
    score = models.PositiveSmallIntegerField("امتیاز (از ۱۰۰)")
    talented = models.BooleanField("در گروه مستعدان", default=False)
    note = models.CharField("توضیح", max_length=300, blank=True)
    referred_to = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ارجاع به مرکز آموزشی همکار",
    )
    referred_on = models.DateField("تاریخ ارجاع", null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["round", "-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "child"], name="youth_one_talent_result")
        ]
        verbose_name = "نتیجهٔ استعدادیابی"
        verbose_name_plural = "نتیجه‌های استعدادیابی"

    def __str__(self) -> str:
        return f"{self.child_id} {self.score}"


class BudgetLine(TimeStamped):
    """A budget line (ردیف بودجه) that pays school support, in toman, per Jalali year."""

    code = models.SlugField("کد ردیف", max_length=40, unique=True)
    name = models.CharField("عنوان", max_length=200)
    year = models.PositiveSmallIntegerField("سال (شمسی)")
    amount_toman = models.PositiveBigIntegerField("اعتبار (تومان)")
    active = models.BooleanField("فعال", default=True)

    class Meta:
        ordering = ["-year", "code"]
        verbose_name = "ردیف بودجه"
        verbose_name_plural = "ردیف‌های بودجه"

    def __str__(self) -> str:
        return self.name


class GiftedApplication(TimeStamped):
    """An application to a model or gifted school's entrance exam, and its result."""

    MODEL, GIFTED = "model", "gifted"
    EXAM_CHOICES = [
        (MODEL, "آزمون مدارس نمونه دولتی"),
        (GIFTED, "آزمون مدارس استعدادهای درخشان (تیزهوشان)"),
    ]
    APPLIED, ADMITTED, NOT_ADMITTED, WITHDRAWN = "applied", "admitted", "not_admitted", "withdrawn"
    STATUS_CHOICES = [
        (APPLIED, "ثبت‌نام در آزمون"),
        (ADMITTED, "پذیرفته شد"),
        (NOT_ADMITTED, "پذیرفته نشد"),
        (WITHDRAWN, "انصراف"),
    ]

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="gifted_applications"
    )
    exam = models.CharField("آزمون", max_length=10, choices=EXAM_CHOICES)
    year = models.PositiveSmallIntegerField("سال تحصیلی ورود")
    grade = models.PositiveSmallIntegerField("پایهٔ ورود")
    registered_on = models.DateField("تاریخ ثبت‌نام")
    registration_code = models.CharField("کد ثبت‌نام آزمون", max_length=30, blank=True)
    district = models.ForeignKey(
        "core.District", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField("وضعیت", max_length=15, choices=STATUS_CHOICES, default=APPLIED)
    admitted_school = models.ForeignKey(
        "youth.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="مدرسهٔ محل قبولی",
    )
    result_on = models.DateField("تاریخ اعلام نتیجه", null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-year", "-registered_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "exam", "year"], name="youth_one_application_per_exam_year"
            )
        ]
        indexes = [models.Index(fields=["year", "district"], name="youth_application_year")]
        verbose_name = "درخواست مدارس نمونه و تیزهوشان"
        verbose_name_plural = "درخواست‌های مدارس نمونه و تیزهوشان"

    def __str__(self) -> str:
        return f"{self.child_id} {self.exam} {self.year}"


class SupportGrant(TimeStamped):
    """Money that removes the financial obstacle: proposed by one member of staff,
    approved or refused by another (maker-checker) within a budget line; paid
    to the mother's Sheba account through the payment file."""

    REGISTRATION, PREPARATION, TUITION, TRANSPORT = (
        "registration",
        "preparation",
        "tuition",
        "transport",
    )
    KIND_CHOICES = [
        (REGISTRATION, "هزینهٔ ثبت‌نام آزمون"),
        (PREPARATION, "کلاس آمادگی"),
        (TUITION, "شهریه"),
        (TRANSPORT, "ایاب و ذهاب"),
    ]
    PROPOSED, APPROVED, REFUSED, PAID = "proposed", "approved", "refused", "paid"
    STATUS_CHOICES = [
        (PROPOSED, "پیشنهاد شده"),
        (APPROVED, "تأیید شده"),
        (REFUSED, "رد شده"),
        (PAID, "پرداخت شده"),
    ]

    application = models.ForeignKey(
        GiftedApplication, on_delete=models.PROTECT, related_name="grants"
    )
    kind = models.CharField("بابت", max_length=15, choices=KIND_CHOICES)
    amount_toman = models.PositiveBigIntegerField("مبلغ (تومان)")
    budget_line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="grants", verbose_name="ردیف بودجه"
    )
    payee = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name="مادر"
    )
    sheba = models.CharField("شبای حساب مادر", max_length=26)
    status = models.CharField("وضعیت", max_length=10, choices=STATUS_CHOICES, default=PROPOSED)
    proposed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField("تاریخ تصمیم", null=True, blank=True)
    decision_note = models.CharField("توضیح تصمیم", max_length=300, blank=True)
    paid_on = models.DateField("تاریخ پرداخت", null=True, blank=True)
    payment_ref = models.CharField("شناسهٔ پرداخت", max_length=30, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [models.Index(fields=["status", "budget_line"], name="youth_grant_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=models.F("proposed_by")),
                name="youth_grant_maker_is_not_checker",
            )
        ]
        verbose_name = "حمایت مالی تحصیلی"
        verbose_name_plural = "حمایت‌های مالی تحصیلی"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount_toman}"


class TeenProgramme(TimeStamped):
    """A summer «به وقت نوجوانی» programme: a training course (sessions,
    attendance, certificates) for ages 12–19, with a closing showcase."""

    course = models.OneToOneField(
        "training.Course", on_delete=models.PROTECT, related_name="teen_programme"
    )
    min_age = models.PositiveSmallIntegerField("کمترین سن", default=12)
    max_age = models.PositiveSmallIntegerField("بیشترین سن", default=19)
    theme = models.CharField(
        "محور",
        max_length=20,
        choices=[
            ("entrepreneurship", "کارآفرینی"),
            ("innovation", "نوآوری"),
            ("startup", "استارتاپ"),
        ],
    )
    showcase_on = models.DateField("تاریخ نمایش پایانی", null=True, blank=True)
    showcase_place = models.CharField("محل نمایش پایانی", max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "برنامهٔ به وقت نوجوانی"
        verbose_name_plural = "برنامه‌های به وقت نوجوانی"

    def __str__(self) -> str:
        return str(self.course_id)


class ParentConsent(TimeStamped):
    """The mother's consent, recorded before a teen is enrolled."""

    SIGNED, IN_PERSON, PHONE = "signed", "in_person", "phone"
    METHOD_CHOICES = [(SIGNED, "فرم امضاشده"), (IN_PERSON, "حضوری"), (PHONE, "تلفنی")]

    programme = models.ForeignKey(TeenProgramme, on_delete=models.PROTECT, related_name="consents")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    method = models.CharField("شیوهٔ رضایت", max_length=10, choices=METHOD_CHOICES)
    given_on = models.DateField("تاریخ رضایت")
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "child"], name="youth_one_consent")
        ]
        verbose_name = "رضایت مادر"
        verbose_name_plural = "رضایت‌های مادران"


class TeenTeam(TimeStamped):
    programme = models.ForeignKey(TeenProgramme, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField("نام گروه", max_length=100)
    project = models.CharField("پروژه", max_length=200)
    members = models.ManyToManyField("people.Person", related_name="+", verbose_name="اعضا")
    showcased = models.BooleanField("در نمایش پایانی ارائه شد", default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = "گروه نوجوانان"
        verbose_name_plural = "گروه‌های نوجوانان"

    def __str__(self) -> str:
        return self.name


class TeenFollowUp(TimeStamped):
    """What a teen chose next, asked at follow-up."""

    STREAM, SKILL, JOB, BUSINESS, UNDECIDED = "stream", "skill", "job", "business", "undecided"
    CHOICE_CHOICES = [
        (STREAM, "انتخاب رشتهٔ تحصیلی"),
        (SKILL, "یادگیری مهارت"),
        (JOB, "کار"),
        (BUSINESS, "راه‌اندازی کسب‌وکار"),
        (UNDECIDED, "هنوز تصمیم نگرفته"),
    ]

    programme = models.ForeignKey(TeenProgramme, on_delete=models.PROTECT, related_name="followups")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    choice = models.CharField("انتخاب", max_length=10, choices=CHOICE_CHOICES)
    detail = models.CharField("جزئیات (رشته، مهارت یا کار)", max_length=200, blank=True)
    asked_on = models.DateField("تاریخ پیگیری")
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "child"], name="youth_one_followup")
        ]
        verbose_name = "پیگیری پس از برنامه"
        verbose_name_plural = "پیگیری‌های پس از برنامه"
