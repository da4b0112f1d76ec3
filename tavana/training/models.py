from django.conf import settings
from django.db import models

from tavana.core.models import TimeStamped


class Centre(TimeStamped):
    """A Kowsar empowerment centre (مرکز توانمندسازی کوثر)."""

    ACTIVE = "active"
    RENOVATION = "renovation"
    CLOSED = "closed"
    STATUS_CHOICES = [(ACTIVE, "فعال"), (RENOVATION, "در حال نوسازی"), (CLOSED, "تعطیل")]

    code = models.CharField("کد مرکز", max_length=20, unique=True)
    name = models.CharField("نام مرکز", max_length=150)
    district = models.ForeignKey(
        "core.District", on_delete=models.PROTECT, related_name="centres", verbose_name="منطقه"
    )
    neighbourhood = models.ForeignKey(
        "core.Neighbourhood",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="centres",
        verbose_name="محله",
    )
    address = models.CharField("نشانی", max_length=300, blank=True)
    phone = models.CharField("تلفن", max_length=20, blank=True)
    rooms = models.PositiveSmallIntegerField("تعداد کلاس/کارگاه", default=0)
    capacity = models.PositiveIntegerField("ظرفیت هم‌زمان (نفر)", default=0)
    has_production_workshop = models.BooleanField("کارگاه تولیدی دارد", default=False)
    facilities = models.CharField("امکانات", max_length=300, blank=True)
    built_year = models.PositiveSmallIntegerField("سال ساخت (شمسی)", null=True, blank=True)
    status = models.CharField("وضعیت", max_length=20, choices=STATUS_CHOICES, default=ACTIVE)
    org_unit = models.ForeignKey(
        "accounts.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="واحد سازمانی",
    )

    class Meta:
        ordering = ["district__number", "name"]
        verbose_name = "مرکز کوثر"
        verbose_name_plural = "مراکز کوثر"

    def __str__(self) -> str:
        return self.name


# ------------------------------------------------------------ renovation programme


class RenovationProject(TimeStamped):
    """A project of the renovation programme of a centre (e.g. the programme of
    1403 for centres built in the 1380s–1390s). Budget in toman."""

    PLANNED = "planned"
    UNDERWAY = "underway"
    DONE = "done"
    STATUS_CHOICES = [(PLANNED, "برنامه‌ریزی‌شده"), (UNDERWAY, "در حال اجرا"), (DONE, "پایان‌یافته")]

    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="renovations", verbose_name="مرکز"
    )
    title = models.CharField("عنوان پروژه", max_length=200)
    programme_year = models.PositiveSmallIntegerField("سال برنامه (شمسی)", default=1403)
    budget_toman = models.PositiveBigIntegerField("بودجه (تومان)", default=0)
    spent_toman = models.PositiveBigIntegerField("هزینه‌شده (تومان)", default=0)
    start_date = models.DateField("تاریخ شروع", null=True, blank=True)
    end_date = models.DateField("تاریخ پایان برنامه‌ریزی‌شده", null=True, blank=True)
    status = models.CharField("وضعیت", max_length=10, choices=STATUS_CHOICES, default=PLANNED)

    class Meta:
        ordering = ["centre", "start_date", "id"]
        verbose_name = "پروژهٔ نوسازی"
        verbose_name_plural = "پروژه‌های نوسازی"

    def __str__(self) -> str:
        return self.title


class RenovationMilestone(models.Model):
    project = models.ForeignKey(
        RenovationProject, on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField("مرحله", max_length=200)
    due_date = models.DateField("موعد")
    done_on = models.DateField("انجام شد در", null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = "مرحلهٔ نوسازی"
        verbose_name_plural = "مرحله‌های نوسازی"

    def __str__(self) -> str:
        return self.title


# ------------------------------------------------------------ courses and workshops


class Course(TimeStamped):
    """A course or workshop at a centre: a schedule of sessions, seats and a waitlist.
    Completing it records a service (casework ServiceType) for each woman."""

    SKILLS = "skills"
    BUSINESS = "business"
    TEEN = "teen"
    KIND_CHOICES = [(SKILLS, "مهارت‌آموزی"), (BUSINESS, "کارگاه کسب‌وکار"), (TEEN, "دورهٔ نوجوانان")]
    OPEN = "open"
    FINISHED = "finished"
    CANCELLED = "cancelled"
    STATUS_CHOICES = [(OPEN, "در جریان"), (FINISHED, "پایان‌یافته"), (CANCELLED, "لغو شده")]

    title = models.CharField("عنوان دوره", max_length=200)
    kind = models.CharField("نوع", max_length=10, choices=KIND_CHOICES, default=SKILLS)
    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="courses", verbose_name="مرکز"
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="courses_taught",
        verbose_name="مربی",
    )
    service = models.ForeignKey(
        "casework.ServiceType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="خدمت ثبت‌شده پس از پایان",
    )
    capacity = models.PositiveSmallIntegerField("ظرفیت (نفر)")
    threshold = models.PositiveSmallIntegerField("حداقل حضور برای پایان دوره (درصد)", default=75)
    prerequisites = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="+", verbose_name="پیش‌نیازها"
    )
    description = models.CharField("توضیح", max_length=300, blank=True)
    status = models.CharField("وضعیت", max_length=10, choices=STATUS_CHOICES, default=OPEN)
    org_unit = models.ForeignKey(
        "accounts.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="واحد سازمانی",
    )
    first_date = models.DateField("تاریخ نخستین جلسه", null=True, blank=True, db_index=True)
    last_date = models.DateField("تاریخ آخرین جلسه", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-first_date", "-id"]
        indexes = [models.Index(fields=["centre", "first_date"], name="course_centre_first")]
        verbose_name = "دوره"
        verbose_name_plural = "دوره‌ها"

    def __str__(self) -> str:
        return self.title

    @property
    def distinct_label(self) -> str:
        """The title, with its centre and number: course titles repeat (every
        centre runs «خیاطی مقدماتی»), so a list of courses says which one."""
        from tavana.core.domain.persian_text import to_persian_digits

        centre = getattr(self.centre, "name", "")
        return f"«{self.title}» · {centre} · شمارهٔ {to_persian_digits(self.pk)}"


class CourseSession(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField("تاریخ")
    start_time = models.TimeField("ساعت شروع")
    end_time = models.TimeField("ساعت پایان")

    class Meta:
        ordering = ["date", "start_time", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "date", "start_time"], name="uniq_session")
        ]
        indexes = [models.Index(fields=["date"], name="session_date")]
        verbose_name = "جلسه"
        verbose_name_plural = "جلسه‌ها"

    def __str__(self) -> str:
        return f"{self.course_id} {self.date}"

    @property
    def hours(self) -> float:
        start = self.start_time.hour * 60 + self.start_time.minute
        end = self.end_time.hour * 60 + self.end_time.minute
        return max(0, end - start) / 60


class CourseEnrolment(models.Model):
    """A woman's place in a course: enrolled (a seat), waitlisted (in order of
    `requested_at`), withdrawn, or the outcome once the course ends."""

    ENROLLED = "enrolled"
    WAITLISTED = "waitlisted"
    WITHDRAWN = "withdrawn"
    COMPLETED = "completed"
    NOT_COMPLETED = "not_completed"
    STATUS_CHOICES = [
        (ENROLLED, "ثبت‌نام‌شده"),
        (WAITLISTED, "فهرست انتظار"),
        (WITHDRAWN, "انصراف"),
        (COMPLETED, "پایان موفق"),
        (NOT_COMPLETED, "پایان بدون حد نصاب حضور"),
    ]
    SEATED = (ENROLLED, COMPLETED, NOT_COMPLETED)

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="course_enrolments"
    )
    status = models.CharField("وضعیت", max_length=15, choices=STATUS_CHOICES)
    requested_at = models.DateTimeField("زمان درخواست")
    status_since = models.DateTimeField("از زمان")
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    attendance_percent = models.PositiveSmallIntegerField("درصد حضور", null=True, blank=True)
    suggested_level = models.CharField("سطح حمایت پیشنهادی", max_length=30, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "person"], name="uniq_course_person")
        ]
        indexes = [models.Index(fields=["course", "status"], name="courseenrol_course_status")]
        verbose_name = "ثبت‌نام دوره"
        verbose_name_plural = "ثبت‌نام‌های دوره"

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.course_id}: {self.status}"


class Attendance(models.Model):
    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(
        CourseEnrolment, on_delete=models.CASCADE, related_name="attendance"
    )
    present = models.BooleanField("حاضر", default=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    marked_at = models.DateTimeField("زمان ثبت", auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="uniq_attendance")
        ]
        verbose_name = "حضور"
        verbose_name_plural = "حضور و غیاب"

    def __str__(self) -> str:
        return f"{self.session_id}/{self.enrolment_id}: {self.present}"


class Certificate(models.Model):
    """A completion certificate. Printed and publicly verifiable by its code; it
    says the course, the centre and her name, never why she is served."""

    enrolment = models.OneToOneField(
        CourseEnrolment, on_delete=models.PROTECT, related_name="certificate"
    )
    code = models.CharField("کد رهگیری", max_length=12, unique=True)
    issued_on = models.DateField("تاریخ صدور")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = "گواهی پایان دوره"
        verbose_name_plural = "گواهی‌های پایان دوره"

    def __str__(self) -> str:
        return self.code
