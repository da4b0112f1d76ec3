"""Protected programmes: employment for women in semi-open detention and the
recovery programme.

These live in their own tables, apart from casework's generic programmes, so that
no generic query (search, counts, exports, the API, the person page) can include
them by accident. Every foreign key to a person or a user has `related_name="+"`:
Person has no reverse accessor leading here, so nothing that walks a person's
relations can stumble on a protected record. Who may read what is decided in
`access.py`; every read by cleared staff is audited.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from tavana.core.models import TimeStamped

JALALI_MONTHS = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)


class Programme(models.Model):
    PRISON = "prison_employment"
    RECOVERY = "recovery"
    RELEASE = "mothers_release"
    KIND_CHOICES = [
        (PRISON, "اشتغال زنان در حبس رأی‌باز"),
        (RECOVERY, "بازتوانی و بازگشت به خانواده و جامعه"),
        (RELEASE, "آزادسازی مادران زندانی"),
    ]
    DEFAULT_NAMES = {
        PRISON: "اشتغال زنان رأی‌باز",
        RECOVERY: "یاورشهر ۵",
        RELEASE: "پویش آزادسازی مادران",
    }

    code = models.CharField("کد", max_length=30, choices=KIND_CHOICES, unique=True)
    name = models.CharField("نام برنامه", max_length=150)

    class Meta:
        ordering = ["code"]
        verbose_name = "برنامهٔ ویژه"
        verbose_name_plural = "برنامه‌های ویژه"

    def __str__(self) -> str:
        return self.name

    @property
    def is_prison(self) -> bool:
        return self.code == self.PRISON


class Participant(TimeStamped):
    """A woman's membership in a protected programme, with its stage."""

    REFERRED = "referred"
    ACTIVE = "active"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"
    STATUS_CHOICES = [
        (REFERRED, "معرفی‌شده"),
        (ACTIVE, "فعال"),
        (COMPLETED, "پایان‌یافته"),
        (WITHDRAWN, "انصراف"),
    ]

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="participants", verbose_name="برنامه"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name="فرد"
    )
    status = models.CharField("وضعیت", max_length=10, choices=STATUS_CHOICES, default=ACTIVE)
    joined_on = models.DateField("تاریخ ورود")
    left_on = models.DateField("تاریخ خروج", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "عضو برنامهٔ ویژه"
        verbose_name_plural = "اعضای برنامه‌های ویژه"
        constraints = [
            models.UniqueConstraint(fields=["programme", "person"], name="uniq_programme_person")
        ]
        indexes = [models.Index(fields=["person"], name="protected_participant_person")]

    def __str__(self) -> str:
        return f"{self.person_id} در {self.programme_id}"


# ------------------------------------------------ employment in semi-open detention


class PrisonReferral(TimeStamped):
    """The Prisons Organisation's referral letter."""

    OPEN_VERDICT = "open_verdict"
    SEMI_OPEN = "semi_open"
    PAROLE = "parole"
    OTHER = "other"
    DETENTION_CHOICES = [
        (OPEN_VERDICT, "رأی‌باز"),
        (SEMI_OPEN, "نیمه‌باز"),
        (PAROLE, "آزادی مشروط"),
        (OTHER, "سایر"),
    ]

    participant = models.OneToOneField(
        Participant, on_delete=models.PROTECT, related_name="referral", verbose_name="عضو"
    )
    prison = models.CharField("زندان / ندامتگاه معرف", max_length=150, blank=True)
    letter_number = models.CharField("شمارهٔ نامه", max_length=60)
    letter_date = models.DateField("تاریخ نامه")
    detention_type = models.CharField("نوع حبس", max_length=15, choices=DETENTION_CHOICES)
    expected_release = models.DateField("تاریخ پیش‌بینی‌شدهٔ آزادی", null=True, blank=True)

    class Meta:
        verbose_name = "معرفی‌نامهٔ سازمان زندان‌ها"
        verbose_name_plural = "معرفی‌نامه‌های سازمان زندان‌ها"

    def __str__(self) -> str:
        return f"معرفی {self.participant_id}"


class Training(TimeStamped):
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="trainings", verbose_name="عضو"
    )
    title = models.CharField("عنوان آموزش", max_length=150)
    centre = models.ForeignKey(
        "training.Centre",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="مرکز",
    )
    started_on = models.DateField("شروع")
    ended_on = models.DateField("پایان", null=True, blank=True)
    hours = models.PositiveSmallIntegerField("ساعت آموزش", default=0)
    completed = models.BooleanField("به پایان رسید", default=False)

    class Meta:
        ordering = ["started_on", "pk"]
        verbose_name = "آموزش"
        verbose_name_plural = "آموزش‌ها"

    def __str__(self) -> str:
        return self.title


class Placement(TimeStamped):
    """Work in a production unit (a Kowsar centre with a production workshop)."""

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="placements", verbose_name="عضو"
    )
    centre = models.ForeignKey(
        "training.Centre",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"has_production_workshop": True},
        verbose_name="واحد تولیدی",
    )
    work = models.CharField("کار", max_length=150, blank=True)
    started_on = models.DateField("شروع")
    ended_on = models.DateField("پایان", null=True, blank=True)

    class Meta:
        ordering = ["started_on", "pk"]
        verbose_name = "به‌کارگیری در واحد تولیدی"
        verbose_name_plural = "به‌کارگیری‌ها در واحد تولیدی"

    def __str__(self) -> str:
        return f"{self.participant_id} در {self.centre_id}"


class WageEntry(TimeStamped):
    """One Jalali month of work: days, hours, wage (toman) and when it was paid."""

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="wages", verbose_name="عضو"
    )
    year = models.PositiveSmallIntegerField("سال")
    month = models.PositiveSmallIntegerField("ماه")
    days_worked = models.PositiveSmallIntegerField("روزهای کار")
    hours = models.DecimalField("ساعت کار", max_digits=6, decimal_places=1)
    wage_toman = models.PositiveBigIntegerField("دستمزد (تومان)")
    paid_on = models.DateField("تاریخ پرداخت", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="ثبت‌کننده",
    )

    class Meta:
        ordering = ["year", "month"]
        verbose_name = "کارکرد و دستمزد ماهانه"
        verbose_name_plural = "دفتر کارکرد و دستمزد"
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "year", "month"], name="uniq_wage_month"
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1) & Q(month__lte=12), name="wage_month_1_12"
            ),
            models.CheckConstraint(condition=Q(days_worked__lte=31), name="wage_days_at_most_31"),
        ]

    def __str__(self) -> str:
        return f"{self.year}/{self.month:02d} {self.participant_id}"

    @property
    def month_name(self) -> str:
        return JALALI_MONTHS[self.month - 1]


# ------------------------------------------------------------- recovery programme


class CounsellingSession(TimeStamped):
    INDIVIDUAL = "individual"
    FAMILY = "family"
    GROUP = "group"
    KIND_CHOICES = [(INDIVIDUAL, "فردی"), (FAMILY, "خانوادگی"), (GROUP, "گروهی")]

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="sessions", verbose_name="عضو"
    )
    held_on = models.DateField("تاریخ جلسه")
    kind = models.CharField("نوع جلسه", max_length=12, choices=KIND_CHOICES, default=INDIVIDUAL)
    minutes = models.PositiveSmallIntegerField("مدت (دقیقه)", default=60)
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="مشاور",
    )
    notes = models.TextField("یادداشت", blank=True)

    class Meta:
        ordering = ["held_on", "pk"]
        verbose_name = "جلسهٔ مشاوره"
        verbose_name_plural = "جلسه‌های مشاوره"

    def __str__(self) -> str:
        return f"جلسه {self.participant_id} {self.held_on}"


class FamilyContact(TimeStamped):
    PHONE = "phone"
    VISIT = "visit"
    MEETING = "meeting"
    CHANNEL_CHOICES = [(PHONE, "تماس تلفنی"), (VISIT, "بازدید از منزل"), (MEETING, "دیدار در مرکز")]

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="family_contacts", verbose_name="عضو"
    )
    contacted_on = models.DateField("تاریخ")
    who = models.CharField("با چه کسی", max_length=150)
    channel = models.CharField("شیوه", max_length=10, choices=CHANNEL_CHOICES, default=PHONE)
    outcome = models.TextField("نتیجه")
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="ثبت‌کننده",
    )

    class Meta:
        ordering = ["contacted_on", "pk"]
        verbose_name = "تماس با خانواده"
        verbose_name_plural = "تماس‌ها با خانواده"

    def __str__(self) -> str:
        return f"تماس {self.participant_id} {self.contacted_on}"


class ReunificationEvent(TimeStamped):
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="reunions", verbose_name="عضو"
    )
    held_on = models.DateField("تاریخ")
    family_members = models.CharField("اعضای خانواده", max_length=200)
    years_apart = models.PositiveSmallIntegerField("سال‌های دوری", null=True, blank=True)
    description = models.TextField("شرح", blank=True)

    class Meta:
        ordering = ["held_on", "pk"]
        verbose_name = "دیدار و پیوند دوباره با خانواده"
        verbose_name_plural = "دیدارها و پیوندهای دوباره با خانواده"

    def __str__(self) -> str:
        return f"پیوند {self.participant_id} {self.held_on}"


class ReintegrationGoal(TimeStamped):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    DROPPED = "dropped"
    STATUS_CHOICES = [
        (PLANNED, "برنامه‌ریزی‌شده"),
        (IN_PROGRESS, "در جریان"),
        (ACHIEVED, "محقق شد"),
        (DROPPED, "کنار گذاشته شد"),
    ]

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="goals", verbose_name="عضو"
    )
    title = models.CharField("هدف", max_length=200)
    status = models.CharField("وضعیت", max_length=12, choices=STATUS_CHOICES, default=PLANNED)
    target_date = models.DateField("تاریخ هدف", null=True, blank=True)

    class Meta:
        ordering = ["target_date", "pk"]
        verbose_name = "هدف بازگشت به جامعه"
        verbose_name_plural = "هدف‌های بازگشت به جامعه"

    def __str__(self) -> str:
        return self.title


# --------------------------------------------------------------- break the glass


class EmergencyAccess(models.Model):
    """Break the glass: one user, one woman, a written reason, a few hours."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="کاربر"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name="فرد"
    )
    reason = models.TextField("دلیل")
    granted_at = models.DateTimeField("زمان دسترسی")
    expires_at = models.DateTimeField("پایان دسترسی")

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = "دسترسی اضطراری"
        verbose_name_plural = "دسترسی‌های اضطراری"
        indexes = [
            models.Index(fields=["user", "person", "expires_at"], name="emergency_user_person")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.person_id}"


# The release campaign's tables live in release/models.py (imported here so Django
# finds them in this app).
from .release.models import (  # noqa: E402, F401
    CaseChild,
    CasePartner,
    CaseStatusChange,
    Debt,
    DebtRelief,
    Donor,
    FollowUp,
    LedgerEntry,
    Pledge,
    PoolAllocation,
    ReleaseCase,
)
