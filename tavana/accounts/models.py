from django.contrib.auth.models import AbstractUser
from django.db import models

from .roles import ROLE_CHOICES, ROLE_LABELS


class OrgUnit(models.Model):
    """A unit of the Center's organisation: its areas of work, the offices under
    them and their specialised departments. Centres, staff, programmes, courses and
    service types belong to a unit; figures can be filtered by one (and everything
    under it). Units are retired, never deleted."""

    AREA = "area"
    OFFICE = "office"
    DEPARTMENT = "department"
    KIND_CHOICES = [(AREA, "حوزه"), (OFFICE, "اداره"), (DEPARTMENT, "ادارهٔ تخصصی")]

    code = models.SlugField("کد", max_length=40, unique=True)
    name = models.CharField("نام", max_length=150)
    kind = models.CharField("نوع", max_length=12, choices=KIND_CHOICES)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="زیرمجموعهٔ",
    )
    order = models.PositiveSmallIntegerField("ترتیب", default=0)
    active = models.BooleanField("فعال", default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "واحد سازمانی"
        verbose_name_plural = "واحدهای سازمانی"

    def __str__(self) -> str:
        return self.name


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
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name="واحد سازمانی",
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

    def __str__(self) -> str:  # what a select box or a list shows: her name
        return self.display_name


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
    # a token works until then (none without one: tokens made before expiry existed
    # were given one by the migration)
    expires_at = models.DateTimeField("زمان انقضا", null=True, blank=True)

    class Meta:
        verbose_name = "توکن API"
        verbose_name_plural = "توکن‌های API"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class SignIn(models.Model):
    """One sign-in attempt or sign-out, for the user's history (kept, never edited)."""

    SUCCESS = "success"
    FAILED = "failed"
    SECOND_FACTOR_FAILED = "otp_failed"
    LOCKED = "locked"
    LOGOUT = "logout"
    OUTCOME_CHOICES = [
        (SUCCESS, "ورود موفق"),
        (FAILED, "گذرواژهٔ نادرست"),
        (SECOND_FACTOR_FAILED, "کد ورود دومرحله‌ای نادرست"),
        (LOCKED, "قفل به‌خاطر تلاش‌های ناموفق"),
        (LOGOUT, "خروج"),
    ]

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="sign_ins"
    )
    username = models.CharField("نام کاربری واردشده", max_length=150)
    at = models.DateTimeField("زمان", auto_now_add=True, db_index=True)
    outcome = models.CharField("نتیجه", max_length=12, choices=OUTCOME_CHOICES)
    ip = models.GenericIPAddressField("نشانی IP", null=True, blank=True)
    user_agent = models.CharField("مرورگر", max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "at"], name="signin_user_at")]
        verbose_name = "ورود"
        verbose_name_plural = "تاریخچهٔ ورود"

    def __str__(self) -> str:
        return f"{self.username} {self.outcome}"


class UserSession(models.Model):
    """A signed-in browser: which session key belongs to whom, so an administrator
    (or she herself) can see her sessions and end them."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="browser_sessions")
    session_key = models.CharField(max_length=64, unique=True)
    started_at = models.DateTimeField("آغاز", auto_now_add=True)
    ip = models.GenericIPAddressField("نشانی IP", null=True, blank=True)
    user_agent = models.CharField("مرورگر", max_length=300, blank=True)
    ended_at = models.DateTimeField("پایان", null=True, blank=True)
    ended_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["user", "ended_at"], name="usersession_open")]
        verbose_name = "نشست"
        verbose_name_plural = "نشست‌ها"

    def __str__(self) -> str:
        return f"{self.user_id} {self.started_at}"


class Clearance(models.Model):
    """A member of staff's clearance for an area of sensitive data that her role
    alone does not open (children's data: `youth`). The areas are registered by
    the contexts that own the data (`accounts.clearances.clearance_area`).

    Only a `cleared` row whose `expires_on` has not passed opens the area. A grant
    or a renewal is a request by one administrator (`requested_*`) that a second
    administrator approves; until then the request opens nothing (a renewal leaves
    the clearance in force as it is). One row per person and area."""

    area = models.CharField("حوزه", max_length=30)
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="clearances", verbose_name="کاربر"
    )
    cleared = models.BooleanField("صلاحیت دارد", default=False)
    expires_on = models.DateField("اعتبار تا", null=True, blank=True, db_index=True)
    assigned_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="تأییدکننده",
    )
    assigned_on = models.DateField("تاریخ تأیید", null=True, blank=True)
    requested_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="درخواست‌کننده",
    )
    requested_at = models.DateTimeField("زمان درخواست", null=True, blank=True)
    requested_expires_on = models.DateField("اعتبار درخواستی تا", null=True, blank=True)
    request_reason = models.CharField("دلیل درخواست", max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "صلاحیت دسترسی"
        verbose_name_plural = "صلاحیت‌های دسترسی"
        constraints = [
            models.UniqueConstraint(fields=["area", "user"], name="uniq_clearance_area_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.area}"

    @property
    def pending(self) -> bool:
        return self.requested_expires_on is not None
