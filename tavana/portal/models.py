"""The portal's one table: sign-in codes sent to women's mobiles (only a digest)."""

from django.db import models


class SignInCode(models.Model):
    """A one-time sign-in code. A row is written for every request, registered
    number or not, so neither the answer nor the work done tells which numbers are
    in the registry; only a registered number is sent an SMS."""

    mobile = models.CharField("شمارهٔ همراه", max_length=11, db_index=True)
    code_hash = models.CharField(max_length=128)
    sent_at = models.DateTimeField("زمان ارسال")
    attempts = models.PositiveSmallIntegerField("تلاش‌های نادرست", default=0)
    used_at = models.DateTimeField("زمان استفاده", null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = "کد ورود"
        verbose_name_plural = "کدهای ورود"

    def __str__(self) -> str:
        return f"کد {self.pk}"
