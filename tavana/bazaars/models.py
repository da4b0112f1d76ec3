from django.conf import settings
from django.db import models

from tavana.core.models import TimeStamped

from .domain import rounds


class Venue(TimeStamped):
    """A place where bazaars and exhibitions are held: a park, a metro station, a hall."""

    PARK = "park"
    METRO = "metro"
    HALL = "hall"
    KIND_CHOICES = [(PARK, "بوستان"), (METRO, "ایستگاه مترو"), (HALL, "سالن / فضای سرپوشیده")]

    name = models.CharField("نام", max_length=150, unique=True)
    kind = models.CharField("نوع", max_length=10, choices=KIND_CHOICES)
    district = models.ForeignKey(
        "core.District", on_delete=models.PROTECT, related_name="venues", verbose_name="منطقه"
    )
    address = models.CharField("نشانی", max_length=300, blank=True)
    area_m2 = models.PositiveIntegerField("مساحت (مترمربع)", default=0)
    booth_count = models.PositiveSmallIntegerField("تعداد غرفه", default=0)
    booth_size_m2 = models.DecimalField(
        "اندازهٔ هر غرفه (مترمربع)", max_digits=6, decimal_places=1, default=9
    )

    class Meta:
        ordering = ["district__number", "name"]
        verbose_name = "محل برگزاری"
        verbose_name_plural = "محل‌های برگزاری"

    def __str__(self) -> str:
        return self.name


class Round(TimeStamped):
    """A set of events whose booths are allocated together (one solve), e.g. the
    20th exhibition across 20 venues, or one month's district bazaars."""

    DRAFT = rounds.DRAFT
    SOLVING = rounds.SOLVING
    SOLVED = rounds.SOLVED
    PUBLISHED = rounds.PUBLISHED
    STATUS_CHOICES = rounds.STATUSES  # the moves between them: domain/rounds.py

    name = models.CharField("نام دوره", max_length=150)
    quota = models.PositiveSmallIntegerField(
        "بیشترین تعداد غرفه برای هر تولیدکننده در این دوره", default=1
    )
    status = models.CharField("وضعیت", max_length=10, choices=STATUS_CHOICES, default=DRAFT)
    task_id = models.CharField("شناسهٔ کار پس‌زمینه", max_length=64, blank=True)
    result = models.JSONField("آمار تقسیم", default=dict, blank=True)
    solved_at = models.DateTimeField("زمان تقسیم", null=True, blank=True)
    published_at = models.DateTimeField("زمان انتشار", null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = "دورهٔ تقسیم غرفه"
        verbose_name_plural = "دوره‌های تقسیم غرفه"

    def __str__(self) -> str:
        return self.name


class RoundStatusChange(models.Model):
    """One row per change of a round's status (the first row: created)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="status_changes")
    source = models.CharField("از وضعیت", max_length=10, choices=rounds.STATUSES, blank=True)
    target = models.CharField("به وضعیت", max_length=10, choices=rounds.STATUSES)
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
        verbose_name = "تغییر وضعیت دوره"
        verbose_name_plural = "تاریخچهٔ وضعیت دوره‌ها"

    def __str__(self) -> str:
        return f"{self.source or '—'} → {self.target}"


class Event(TimeStamped):
    EXHIBITION = "exhibition"
    TEMPORARY = "temporary"
    SEASONAL = "seasonal"
    MONTHLY = "monthly"
    OCCASION = "occasion"
    KIND_CHOICES = [
        (EXHIBITION, "نمایشگاه"),
        (TEMPORARY, "بازارچهٔ موقت"),
        (SEASONAL, "بازارچهٔ فصلی"),
        (MONTHLY, "بازارچهٔ ماهانه"),
        (OCCASION, "بازارچهٔ مناسبتی"),
    ]

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("نوع", max_length=12, choices=KIND_CHOICES)
    name = models.CharField("نام عمومی", max_length=150)
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="events", verbose_name="محل برگزاری"
    )
    start_date = models.DateField("از تاریخ")
    end_date = models.DateField("تا تاریخ")
    booths = models.PositiveSmallIntegerField("تعداد غرفه")
    category_cap = models.DecimalField(
        "سقف سهم هر دسته (کسری از غرفه‌ها)",
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
    )
    apply_from = models.DateField("شروع ثبت درخواست")
    apply_until = models.DateField("پایان ثبت درخواست")
    categories = models.ManyToManyField(
        "businesses.Category", related_name="events", blank=True, verbose_name="دسته‌های محصول"
    )

    class Meta:
        ordering = ["start_date", "id"]
        verbose_name = "بازارچه / نمایشگاه"
        verbose_name_plural = "بازارچه‌ها و نمایشگاه‌ها"
        indexes = [models.Index(fields=["start_date"], name="bazaar_event_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="bazaar_event_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.venue}"


class Application(TimeStamped):
    """A producer asks for a booth at an event; rank 1 is her first choice in the round."""

    producer = models.ForeignKey(
        "businesses.Producer", on_delete=models.PROTECT, related_name="applications"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="applications")
    rank = models.PositiveSmallIntegerField("اولویت")
    entered_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        verbose_name = "درخواست غرفه"
        verbose_name_plural = "درخواست‌های غرفه"
        constraints = [
            models.UniqueConstraint(fields=["producer", "event"], name="bazaar_application_once")
        ]


class Assignment(TimeStamped):
    """A booth at an event given to a producer, and what became of it."""

    ASSIGNED = "assigned"
    ATTENDED = "attended"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"
    STATUS_CHOICES = [
        (ASSIGNED, "واگذارشده"),
        (ATTENDED, "حاضر شد"),
        (DECLINED, "نپذیرفت"),
        (CANCELLED, "لغو شد"),
        (NO_SHOW, "حاضر نشد"),
    ]
    HELD = (ASSIGNED, ATTENDED)  # the booth is taken
    FREED = (DECLINED, CANCELLED, NO_SHOW)
    OPPORTUNITY = (ASSIGNED, ATTENDED, NO_SHOW)  # counts as a selling opportunity she had

    SOLVER = "solver"
    MANUAL = "manual"
    WAITLIST = "waitlist"
    HISTORIC = "historic"
    SOURCE_CHOICES = [
        (SOLVER, "تقسیم منصفانه"),
        (MANUAL, "تغییر دستی"),
        (WAITLIST, "از فهرست انتظار"),
        (HISTORIC, "سوابق پیشین"),
    ]

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="assignments")
    producer = models.ForeignKey(
        "businesses.Producer", on_delete=models.PROTECT, related_name="assignments"
    )
    booth_no = models.PositiveSmallIntegerField("شمارهٔ غرفه")
    status = models.CharField("وضعیت", max_length=10, choices=STATUS_CHOICES, default=ASSIGNED)
    source = models.CharField("منشأ", max_length=10, choices=SOURCE_CHOICES, default=SOLVER)
    status_reason = models.CharField("توضیح", max_length=300, blank=True)
    # the SMS that announced the booth; she was told when the provider accepted it
    sms = models.ForeignKey(
        "notifications.SmsOutbox",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="پیامک اعلام",
    )
    # when she said she will come (from her own pages); empty: not said yet
    accepted_at = models.DateTimeField("زمان پذیرش غرفه", null=True, blank=True)
    days_present = models.PositiveSmallIntegerField("روزهای حضور", null=True, blank=True)
    sales = models.PositiveBigIntegerField("فروش (تومان)", null=True, blank=True)

    class Meta:
        ordering = ["event_id", "booth_no", "id"]
        verbose_name = "غرفهٔ واگذارشده"
        verbose_name_plural = "غرفه‌های واگذارشده"
        constraints = [
            # The backstop against double booking: one holder per booth, one booth
            # per producer at an event, whatever the code above does.
            models.UniqueConstraint(
                fields=["event", "booth_no"],
                condition=models.Q(status__in=("assigned", "attended")),
                name="bazaar_booth_one_holder",
            ),
            models.UniqueConstraint(
                fields=["event", "producer"],
                condition=models.Q(status__in=("assigned", "attended")),
                name="bazaar_booth_one_per_producer",
            ),
        ]
        indexes = [models.Index(fields=["producer", "status"], name="bazaar_assignment_producer")]

    @property
    def notified_at(self):
        """When the provider accepted the booth's SMS (None: not announced yet, or
        still waiting in the outbox: quiet hours, a provider that refused)."""
        return self.sms.sent_at if self.sms_id else None
