"""One notification service for the whole product: each staff member's inbox, the
SMS outbox (quiet hours respected), the daily digest, and its policy."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q

USER = settings.AUTH_USER_MODEL


class Notification(models.Model):
    """One line in a staff member's inbox. Reminders carry a `key` that stays the
    same while their cause lasts, so a daily run never repeats one."""

    recipient = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="notifications", verbose_name="گیرنده"
    )
    kind = models.CharField("نوع", max_length=60)
    text = models.CharField("متن", max_length=500)
    link = models.CharField("پیوند", max_length=300, blank=True)
    key = models.CharField("کلید یادآوری", max_length=120, blank=True)
    due_on = models.DateField("موعد", null=True, blank=True)
    created_at = models.DateTimeField("زمان", auto_now_add=True)
    read_at = models.DateTimeField("زمان خواندن", null=True, blank=True)
    resolved_at = models.DateTimeField("زمان رفع", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "key"],
                condition=~Q(key=""),
                name="uniq_notification_reminder",
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_inbox"),
            models.Index(fields=["kind", "resolved_at"], name="notification_kind_open"),
        ]
        verbose_name = "اعلان"
        verbose_name_plural = "اعلان‌ها"

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.text[:40]}"


class SmsOutbox(models.Model):
    """An SMS waiting to go (quiet hours) or sent. Numbers and text are kept for the
    record of what was sent under which template; the log masks numbers."""

    mobile = models.CharField("شمارهٔ همراه", max_length=11)
    text = models.CharField("متن", max_length=700)
    kind = models.CharField("نوع", max_length=60, blank=True)
    not_before = models.DateTimeField("زودتر از", db_index=True)
    created_at = models.DateTimeField("زمان ثبت", auto_now_add=True)
    sent_at = models.DateTimeField("زمان ارسال", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("تلاش‌ها", default=0)
    last_error = models.CharField("آخرین خطا", max_length=300, blank=True)

    class Meta:
        ordering = ["not_before", "id"]
        indexes = [
            models.Index(fields=["sent_at", "not_before"], name="sms_due"),
            # a woman's own inbox (tavana.portal) reads the messages to her number
            models.Index(fields=["mobile", "created_at"], name="sms_mobile_created"),
        ]
        verbose_name = "پیامک"
        verbose_name_plural = "صف پیامک"

    def __str__(self) -> str:
        return f"{self.mobile[:4]}… {self.kind}"


class Digest(models.Model):
    """A staff member's daily summary: what is due, each with its link."""

    recipient = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="digests", verbose_name="گیرنده"
    )
    day = models.DateField("روز")
    items = models.JSONField("فهرست", default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["recipient", "day"], name="uniq_digest")]
        verbose_name = "خلاصهٔ روزانه"
        verbose_name_plural = "خلاصه‌های روزانه"

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.day}"


class DailyRun(models.Model):
    """Claimed once per day by whichever node runs the reminders first."""

    day = models.DateField("روز", unique=True)
    started_at = models.DateTimeField(auto_now_add=True)
    report = models.JSONField(default=dict)

    def __str__(self) -> str:
        return str(self.day)


class Policy(models.Model):
    """The administrator's settings for notifications (one row)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    quiet_start = models.TimeField("آغاز ساعت سکوت پیامک", default=dt.time(21, 0))
    quiet_end = models.TimeField("پایان ساعت سکوت پیامک", default=dt.time(8, 0))
    digest_hour = models.PositiveSmallIntegerField("ساعت ساختن خلاصهٔ روزانه", default=7)
    digest_sms = models.BooleanField("پیامک خلاصهٔ روزانه به کارکنان", default=False)
    # How many days ahead each reminder source looks: {source code: days}. A source
    # not listed here uses the default it was registered with.
    lead_days = models.JSONField("چند روز پیش‌تر یادآوری شود", default=dict, blank=True)

    class Meta:
        verbose_name = "تنظیمات اعلان‌ها"

    def __str__(self) -> str:
        return "تنظیمات اعلان‌ها"


class SmsTemplate(models.Model):
    """The administrator's wording of one SMS (see `sms_templates.SPECS` for what
    each says and which placeholders it has). A missing row means the default."""

    code = models.CharField("کد", max_length=60, unique=True)
    text = models.CharField("متن", max_length=500)
    updated_at = models.DateTimeField("آخرین تغییر", auto_now=True)
    updated_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "الگوی پیامک"
        verbose_name_plural = "الگوهای پیامک"

    def __str__(self) -> str:
        return self.code
