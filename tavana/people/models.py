"""The registry (سامانه): persons, households, the Center's registrations.

Storage is plain, display is Persian: names are stored tidied by
`persian_text.clean` with what the person typed kept in `as_typed` when it
differs; search and matching keys are stored beside them and indexed.
Nobody is deleted: a merged duplicate keeps its row, pointing at the person
it was merged into.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q

from tavana.core.models import TimeStamped

from .domain import consent as consent_rules
from .domain.fields import OTHER_ID_KINDS


class Person(TimeStamped):
    FEMALE = "F"
    MALE = "M"
    SEX_CHOICES = [(FEMALE, "زن"), (MALE, "مرد")]
    CHILD_SEX_CHOICES = [(FEMALE, "دختر"), (MALE, "پسر")]  # a child is a girl or a boy

    EDUCATION_CHOICES = [
        ("none", "بی‌سواد"),
        ("literacy", "سواد خواندن و نوشتن"),
        ("primary", "ابتدایی"),
        ("secondary", "سیکل / متوسطهٔ اول"),
        ("diploma", "دیپلم"),
        ("associate", "کاردانی"),
        ("bachelor", "کارشناسی"),
        ("master", "کارشناسی ارشد و بالاتر"),
        ("student", "دانش‌آموز"),
    ]
    MARITAL_CHOICES = [
        ("single", "مجرد"),
        ("married", "متأهل"),
        ("widowed", "همسر فوت‌شده"),
        ("divorced", "جداشده"),
        ("spouse_absent", "همسر غایب یا ازکارافتاده"),
    ]

    national_code = models.CharField("کد ملی", max_length=10, null=True, blank=True, unique=True)
    # Without a national code (a foreign national, …): another document and why.
    other_id_kind = models.CharField(
        "نوع مدرک شناسایی دیگر", max_length=20, choices=OTHER_ID_KINDS, blank=True
    )
    other_id = models.CharField("شمارهٔ مدرک شناسایی دیگر", max_length=20, blank=True)
    no_code_reason = models.CharField("چرا کد ملی ندارد", max_length=200, blank=True)
    first_name = models.CharField("نام", max_length=100)
    last_name = models.CharField("نام خانوادگی", max_length=100)
    father_name = models.CharField("نام پدر", max_length=100, blank=True)
    sex = models.CharField("جنس", max_length=1, choices=SEX_CHOICES, default=FEMALE)
    birth_date = models.DateField("تاریخ تولد", null=True, blank=True)
    mobile = models.CharField("تلفن همراه", max_length=11, blank=True)
    other_phones = models.CharField("تلفن‌های دیگر", max_length=100, blank=True)
    district = models.ForeignKey(
        "core.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="persons",
        verbose_name="منطقه",
    )
    neighbourhood = models.ForeignKey(
        "core.Neighbourhood",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="persons",
        verbose_name="محله",
    )
    address = models.CharField("نشانی", max_length=300, blank=True)
    postal_code = models.CharField("کد پستی", max_length=10, blank=True)
    education = models.CharField("تحصیلات", max_length=20, choices=EDUCATION_CHOICES, blank=True)
    occupation = models.CharField("شغل", max_length=100, blank=True)
    marital_status = models.CharField(
        "وضعیت تأهل", max_length=20, choices=MARITAL_CHOICES, blank=True
    )
    # Sensitive: shown only to cleared roles, every read audited.
    health_notes = models.TextField("سلامت و معلولیت", blank=True)
    monthly_income = models.PositiveBigIntegerField("درآمد ماهانه (تومان)", null=True, blank=True)

    # What the person typed, where it differs from the tidied value above.
    as_typed = models.JSONField("آنچه تایپ شد", default=dict, blank=True)
    # Keys for search and matching (persian_text.search_key / dedup_key).
    name_key = models.CharField(max_length=210, editable=False)
    first_key = models.CharField(max_length=100, editable=False)
    last_key = models.CharField(max_length=100, editable=False)
    father_key = models.CharField(max_length=100, blank=True, editable=False)

    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
        verbose_name="ادغام‌شده در",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    SENSITIVE_FIELDS = ("health_notes", "monthly_income")
    IDENTITY_FIELDS = ("national_code", "first_name", "last_name", "father_name", "birth_date")

    class Meta:
        verbose_name = "فرد"
        verbose_name_plural = "افراد"
        constraints = [
            models.UniqueConstraint(
                fields=["other_id_kind", "other_id"],
                condition=~Q(other_id=""),
                name="uniq_person_other_id",
            )
        ]
        indexes = [
            models.Index(fields=["last_key", "first_key"], name="person_last_first"),
            models.Index(fields=["birth_date"], name="person_birth"),
            models.Index(fields=["district", "id"], name="person_district_id"),
            # A plain index: exact and leading-digit lookups are ranges
            # (tavana.people.search), so no LIKE twin is kept.
            models.Index(fields=["mobile"], name="person_mobile"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None


class Household(TimeStamped):
    district = models.ForeignKey(
        "core.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="منطقه",
    )
    address = models.CharField("نشانی", max_length=300, blank=True)

    class Meta:
        verbose_name = "خانوار"
        verbose_name_plural = "خانوارها"

    def __str__(self) -> str:
        return f"خانوار {self.pk}"


class Membership(TimeStamped):
    """A person's place in a household over a period (dated, never overwritten)."""

    HEAD = "head"
    SPOUSE = "spouse"
    CHILD = "child"
    OTHER = "other"
    RELATION_CHOICES = [
        (HEAD, "سرپرست"),
        (SPOUSE, "همسر"),
        (CHILD, "فرزند"),
        (OTHER, "سایر اعضا"),
    ]

    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="memberships", verbose_name="خانوار"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="memberships", verbose_name="فرد"
    )
    relation = models.CharField("نسبت", max_length=10, choices=RELATION_CHOICES)
    start_date = models.DateField("از تاریخ")
    end_date = models.DateField("تا تاریخ", null=True, blank=True)

    class Meta:
        verbose_name = "عضویت در خانوار"
        verbose_name_plural = "عضویت‌ها در خانوار"
        constraints = [
            models.UniqueConstraint(
                fields=["household", "person"],
                condition=Q(end_date__isnull=True),
                name="uniq_current_membership",
            )
        ]
        indexes = [models.Index(fields=["person", "end_date"], name="membership_person_current")]

    def __str__(self) -> str:
        return f"{self.person_id} در {self.household_id}"


class Registration(TimeStamped):
    """A woman's registration with the Center. Never closed: circumstances change,
    the registration stays and her support level changes."""

    STAFF = "staff"
    CAMPAIGN = "campaign"
    IMPORT = "import"
    PARTNER = "partner"
    CHANNEL_CHOICES = [
        (STAFF, "ثبت توسط کارشناس"),
        (CAMPAIGN, "ثبت‌نام در پویش «کار تو خونمونه»"),
        (IMPORT, "ورود گروهی از فایل"),
        (PARTNER, "معرفی سازمان همکار"),
    ]
    CARRIES = "carries"
    WANTS = "wants"
    BASIS_CHOICES = [
        (CARRIES, "بار اصلی معیشت خانواده بر دوش اوست"),
        (WANTS, "می‌خواهد نقش اصلی را در تأمین معیشت داشته باشد"),
    ]

    person = models.OneToOneField(
        Person, on_delete=models.PROTECT, related_name="registration", verbose_name="فرد"
    )
    channel = models.CharField("شیوهٔ ورود", max_length=10, choices=CHANNEL_CHOICES)
    referred_by = models.CharField("سازمان معرف", max_length=200, blank=True)
    registered_at = models.DateTimeField("زمان ثبت", auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="ثبت‌کننده",
    )
    basis = models.CharField("مبنای سرپرستی", max_length=10, choices=BASIS_CHOICES, blank=True)
    basis_self_declared = models.BooleanField("خوداظهاری", default=True)
    basis_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="تأییدکننده",
    )
    basis_confirmed_at = models.DateTimeField("زمان تأیید", null=True, blank=True)
    basis_review_date = models.DateField("تاریخ بازبینی", null=True, blank=True)
    primary_earner = models.BooleanField("به‌تنهایی معیشت خانواده را تأمین می‌کند", default=False)

    class Meta:
        verbose_name = "ثبت‌نام در مرکز"
        verbose_name_plural = "ثبت‌نام‌ها در مرکز"
        indexes = [models.Index(fields=["basis_review_date"], name="registration_review")]

    def __str__(self) -> str:
        return f"ثبت‌نام {self.person_id}"


class Consent(TimeStamped):
    """One consent she gave, for one purpose, in the words of one version
    (`domain/consent.py`), when and recorded by whom; withdrawn, it keeps its
    row with the date and who recorded the withdrawal. A new consent after a
    withdrawal is a new row: the history is never rewritten."""

    PURPOSE_CHOICES = consent_rules.PURPOSES
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="consents", verbose_name="فرد"
    )
    purpose = models.CharField("هدف", max_length=20, choices=PURPOSE_CHOICES)
    wording_version = models.PositiveSmallIntegerField("نسخهٔ متن رضایت", default=1)
    scope = models.CharField("شرح", max_length=300, blank=True)
    given_on = models.DateField("تاریخ رضایت")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="ثبت‌کننده",
    )
    by_herself = models.BooleanField("ثبت به دست خود او", default=False)
    withdrawn_on = models.DateField("تاریخ انصراف", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="ثبت‌کنندهٔ انصراف",
    )
    withdrawn_by_herself = models.BooleanField("انصراف به دست خود او", default=False)
    withdrawn_note = models.CharField("توضیح انصراف", max_length=300, blank=True)

    class Meta:
        verbose_name = "رضایت"
        verbose_name_plural = "رضایت‌ها"
        indexes = [
            models.Index(
                fields=["person", "purpose", "withdrawn_on"], name="consent_person_purpose"
            )
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.person_id}"

    @property
    def active(self) -> bool:
        return self.withdrawn_on is None

    @property
    def wording(self) -> str:
        return consent_rules.wording(self.purpose, self.wording_version)


class ChangeRequest(TimeStamped):
    """Maker-checker correction of a person's fields: identity fields asked for by
    staff, or one field of her record asked for by the woman herself (the portal)."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    STATUS_CHOICES = [(PENDING, "در انتظار بررسی"), (APPROVED, "تأییدشده"), (REJECTED, "ردشده")]

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="change_requests", verbose_name="فرد"
    )
    changes = models.JSONField("تغییرات")  # {field: [old, new]} in stored (plain) form
    reason = models.TextField("دلیل")
    document = models.FileField("مدرک", upload_to="change-requests/%Y/%m/", blank=True)
    status = models.CharField("وضعیت", max_length=10, choices=STATUS_CHOICES, default=PENDING)
    # A member of staff, or none when the woman asked for it herself (`by_herself`,
    # through the portal): then a registrar in her scope is the checker.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="درخواست‌کننده",
    )
    by_herself = models.BooleanField("درخواست خود او", default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="بررسی‌کننده",
    )
    decided_at = models.DateTimeField("زمان بررسی", null=True, blank=True)
    decision_note = models.TextField("توضیح بررسی", blank=True)

    class Meta:
        verbose_name = "درخواست اصلاح"
        verbose_name_plural = "درخواست‌های اصلاح"
        indexes = [models.Index(fields=["status", "created_at"], name="change_status_created")]
        constraints = [
            models.CheckConstraint(
                condition=Q(by_herself=True) | Q(requested_by__isnull=False),
                name="change_request_has_maker",
            )
        ]

    def __str__(self) -> str:
        return f"اصلاح {self.person_id}"


class DuplicateCandidate(TimeStamped):
    """A pair the matcher thinks may be one woman, waiting for a reviewer."""

    OPEN = "open"
    MERGED = "merged"
    NOT_SAME = "not_same"
    STATUS_CHOICES = [(OPEN, "در انتظار بررسی"), (MERGED, "ادغام شد"), (NOT_SAME, "دو نفر متفاوت")]

    person_a = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    score = models.FloatField("احتمال یکی بودن")  # the model's match probability, 0–1
    reasons = models.JSONField("دلایل", default=list)
    source = models.CharField("منبع", max_length=20, default="scan")
    status = models.CharField("وضعیت", max_length=10, choices=STATUS_CHOICES, default=OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "احتمال تکرار"
        verbose_name_plural = "صف بررسی تکراری‌ها"
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="uniq_duplicate_pair"),
            models.CheckConstraint(
                condition=Q(person_a__lt=models.F("person_b")), name="duplicate_pair_ordered"
            ),
        ]
        indexes = [models.Index(fields=["status", "-score"], name="duplicate_status_score")]

    def __str__(self) -> str:
        return f"{self.person_a_id}~{self.person_b_id}"


class MatchModel(TimeStamped):
    """The duplicate matcher's model as learnt from the whole registry by a scan.

    The registration form, the import and the campaign's link to the registry
    all judge pairs with the latest one (`selectors.registry_matcher`); until a
    scan has run they use the matcher's built-in starting model.
    """

    persons = models.PositiveIntegerField("تعداد پرونده‌ها")
    parameters = models.JSONField("پارامترهای مدل")  # fellegi_sunter.Model.to_dict()
    names = models.JSONField("آمار نام‌ها")  # match_compare.NameStats.to_dict()

    class Meta:
        verbose_name = "مدل تشخیص تکراری"
        verbose_name_plural = "مدل‌های تشخیص تکراری"

    def __str__(self) -> str:
        return f"مدل تکراری {self.pk} ({self.persons} پرونده)"


class ImportLedger(models.Model):
    """What one committed chunk of a bulk import wrote, kept until the import
    ends: on SQLite an import commits chunk by chunk (so it never holds the one
    write lock for long) and, if it fails or its worker dies, these rows undo
    it — the file is still imported all or nothing (`importing.importer`)."""

    run = models.CharField("اجرای ورود", max_length=64, db_index=True)
    chunk = models.PositiveIntegerField("بخش")
    created_ids = models.JSONField("افراد ثبت‌شده", default=list)
    # person id → {field: value before the import changed it}
    before = models.JSONField("مقدارهای پیشین", default=dict, encoder=DjangoJSONEncoder)
    # person id → {field: value the import wrote}: the undo leaves a field alone
    # when it no longer holds this value (a colleague changed it since)
    after = models.JSONField("مقدارهای نوشته‌شده", default=dict, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField("زمان", auto_now_add=True)

    class Meta:
        verbose_name = "بخش ثبت‌شدهٔ ورود فایل"
        unique_together = [("run", "chunk")]

    def __str__(self) -> str:
        return f"{self.run}:{self.chunk}"
