"""Mentors, the «کار تو خونمونه» campaign's sign-ups and its pipeline.

A sign-up is not a person of the registry: anyone in the city may sign up. A
coordinator links her to the person she already is, or registers her, so the
registry never holds her twice.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from tavana.core.models import TimeStamped

from .domain import pipeline


class Mentor(TimeStamped):
    """A mentor or facilitator: a trainer with an account, or someone from outside."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentor_profile",
        verbose_name="کاربر (مربی)",
    )
    name = models.CharField("نام و نام خانوادگی", max_length=150, blank=True)
    mobile = models.CharField("تلفن همراه", max_length=11, blank=True)
    categories = models.ManyToManyField(
        "businesses.Category", blank=True, related_name="mentors", verbose_name="تخصص‌ها"
    )
    districts = models.ManyToManyField(
        "core.District", blank=True, related_name="mentors", verbose_name="مناطق"
    )
    weekly_capacity = models.PositiveSmallIntegerField("ظرفیت هفتگی (تعداد زنان)", default=5)
    active = models.BooleanField("فعال", default=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "منتور"
        verbose_name_plural = "منتورها و تسهیلگران"
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(name=""), name="mentor_user_or_name"
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        return self.user.display_name if self.user_id else f"منتور {self.pk}"


class SignUp(TimeStamped):
    NONE = "none"
    SOME = "some"
    SELLING = "selling"
    EXPERIENCE_CHOICES = [
        (NONE, "تجربه‌ای ندارم"),
        (SOME, "کمی تجربه دارم (آموزش دیده‌ام یا برای اطرافیان کار کرده‌ام)"),
        (SELLING, "کارم را می‌فروشم و می‌خواهم بزرگ‌ترش کنم"),
    ]

    first_name = models.CharField("نام", max_length=100)
    last_name = models.CharField("نام خانوادگی", max_length=100)
    mobile = models.CharField("تلفن همراه", max_length=11, db_index=True)
    district = models.ForeignKey(
        "core.District", on_delete=models.PROTECT, related_name="+", verbose_name="منطقه"
    )
    category = models.ForeignKey(
        "businesses.Category",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="زمینهٔ کار",
    )
    idea = models.TextField("ایدهٔ کسب‌وکار", blank=True)
    experience = models.CharField("تجربه", max_length=10, choices=EXPERIENCE_CHOICES)
    primary_earner = models.BooleanField("به‌تنهایی معیشت خانواده را تأمین می‌کند", default=False)
    stage = models.CharField(
        "مرحله", max_length=10, choices=pipeline.STAGES, default=pipeline.NEW, db_index=True
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaign_signups",
        verbose_name="فرد در سامانه",
    )
    first_mentoring_on = models.DateField("نخستین جلسهٔ منتورینگ", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "ثبت‌نام پویش"
        verbose_name_plural = "ثبت‌نام‌های پویش"
        indexes = [models.Index(fields=["district", "stage"], name="signup_district_stage")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class StageChange(models.Model):
    """One row per move through the pipeline (the first row: signed up)."""

    signup = models.ForeignKey(SignUp, on_delete=models.CASCADE, related_name="stage_changes")
    source = models.CharField("از مرحله", max_length=10, choices=pipeline.STAGES, blank=True)
    target = models.CharField("به مرحله", max_length=10, choices=pipeline.STAGES)
    at = models.DateTimeField("زمان")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="توسط",
    )
    note = models.CharField("توضیح", max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "تغییر مرحله"
        verbose_name_plural = "تاریخچهٔ مرحله‌ها"

    def __str__(self) -> str:
        return f"{self.source or '—'} → {self.target}"


class PhoneCode(models.Model):
    """A one-time code sent to a mobile number. Only its salted hash is kept."""

    mobile = models.CharField(max_length=11, db_index=True)
    code_hash = models.CharField(max_length=128)
    sent_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    # the sign-up form's single-use token this code was asked from
    form_nonce = models.CharField(max_length=32, blank=True, db_index=True)

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"کد {self.pk}"


class Proposal(models.Model):
    """One run of the matcher: the pairs it proposed, for the coordinator to review."""

    created_at = models.DateTimeField("زمان", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="توسط"
    )
    women = models.PositiveIntegerField("زنان در انتظار", default=0)
    places = models.PositiveIntegerField("جاهای خالی منتورها", default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "پیشنهاد جفت‌سازی"
        verbose_name_plural = "پیشنهادهای جفت‌سازی"

    def __str__(self) -> str:
        return f"پیشنهاد {self.pk}"


class Match(TimeStamped):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    STATUS_CHOICES = [
        (PROPOSED, "پیشنهادی"),
        (ACCEPTED, "پذیرفته"),
        (REJECTED, "ردشده"),
    ]

    signup = models.ForeignKey(SignUp, on_delete=models.CASCADE, related_name="matches")
    mentor = models.ForeignKey(
        Mentor, on_delete=models.PROTECT, related_name="matches", verbose_name="منتور"
    )
    proposal = models.ForeignKey(
        Proposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="matches"
    )
    status = models.CharField("وضعیت", max_length=10, choices=STATUS_CHOICES, default=PROPOSED)
    reasons = models.JSONField("دلیل‌ها", default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="تصمیم‌گیرنده",
    )
    decided_at = models.DateTimeField("زمان تصمیم", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "جفت منتور و زن"
        verbose_name_plural = "جفت‌های منتور و زن"
        constraints = [
            models.UniqueConstraint(
                fields=["signup"], condition=Q(status="accepted"), name="one_accepted_mentor"
            )
        ]
        indexes = [models.Index(fields=["mentor", "status"], name="match_mentor_status")]

    def __str__(self) -> str:
        return f"{self.signup_id} ↔ {self.mentor_id}"


class MentoringSession(TimeStamped):
    match = models.ForeignKey(Match, on_delete=models.PROTECT, related_name="sessions")
    date = models.DateField("تاریخ")
    minutes = models.PositiveSmallIntegerField("مدت (دقیقه)")
    notes = models.TextField("یادداشت", blank=True)
    next_step = models.CharField("گام بعدی", max_length=300, blank=True)
    # the next meeting agreed at this one: her own pages show it as her next appointment
    next_on = models.DateField("تاریخ قرار بعدی", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ثبت‌کننده",
    )

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "جلسهٔ منتورینگ"
        verbose_name_plural = "جلسه‌های منتورینگ"

    def __str__(self) -> str:
        return f"جلسه {self.pk}"
