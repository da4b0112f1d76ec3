from django.contrib.auth.models import AbstractUser
from django.db import models

from .roles import ROLE_CHOICES, ROLE_LABELS


class User(AbstractUser):
    """A member of staff or a partner's analyst.

    Scope: the districts and Kowsar centres a user works in. An empty scope on
    an office-wide role (administrator, manager, auditor) means the whole city.
    A social worker's caseload is the set of cases assigned to her (casework).
    """

    role = models.CharField("نقش", max_length=30, choices=ROLE_CHOICES, blank=True)
    districts = models.ManyToManyField(
        "core.District", blank=True, related_name="+", verbose_name="مناطق"
    )
    centres = models.ManyToManyField(
        "training.Centre", blank=True, related_name="+", verbose_name="مراکز کوثر"
    )
    partner_organisation = models.CharField("سازمان شریک", max_length=200, blank=True)
    mobile = models.CharField(
        "تلفن همراه", max_length=11, blank=True, help_text="برای پیامک یادآوری‌ها و بازیابی گذرواژه"
    )

    class Meta:
        verbose_name = "کاربر"
        verbose_name_plural = "کاربران"

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, "")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class ApiToken(models.Model):
    """A token for scripts calling the API as a user. Only its SHA-256 digest is
    stored; the token itself is shown once, when it is made."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name="کاربر"
    )
    name = models.CharField("نام", max_length=100, blank=True)
    prefix = models.CharField("آغاز توکن", max_length=12)
    digest = models.CharField("چکیدهٔ توکن", max_length=64, unique=True)
    created_at = models.DateTimeField("زمان ساخت", auto_now_add=True)
    last_used_at = models.DateTimeField("آخرین استفاده", null=True, blank=True)
    revoked_at = models.DateTimeField("زمان ابطال", null=True, blank=True)

    class Meta:
        verbose_name = "توکن API"
        verbose_name_plural = "توکن‌های API"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
