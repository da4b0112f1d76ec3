"""Production: clients and their orders, the units and home producers who make
them, the plan, work logs, quality checks, materials, deliveries and wages.

A worker is a woman of the registry who works in a workshop or at home; nothing
here says why she is served. Women of the protected employment programme are
ordinary workers; the programme reads their hours and wages through a hook
(`registry.payroll_approved`), never the other way round.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from tavana.core.models import TimeStamped

from .domain import orders as order_rules

USER = settings.AUTH_USER_MODEL
WEEKDAYS = [
    (0, "شنبه"),
    (1, "یکشنبه"),
    (2, "دوشنبه"),
    (3, "سه‌شنبه"),
    (4, "چهارشنبه"),
    (5, "پنجشنبه"),
    (6, "جمعه"),
]


class Client(TimeStamped):
    MUNICIPAL = "municipal"
    OTHER = "other"
    KIND_CHOICES = [(MUNICIPAL, "سازمان یا معاونت شهرداری"), (OTHER, "سازمان دیگر")]

    name = models.CharField("نام سفارش‌دهنده", max_length=200, unique=True)
    kind = models.CharField("نوع", max_length=10, choices=KIND_CHOICES, default=MUNICIPAL)
    phone = models.CharField("تلفن", max_length=30, blank=True)
    address = models.CharField("نشانی", max_length=300, blank=True)
    active = models.BooleanField("فعال", default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "سفارش‌دهنده"
        verbose_name_plural = "سفارش‌دهندگان"

    def __str__(self) -> str:
        return self.name


class ClientContact(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField("نام", max_length=150)
    position = models.CharField("سمت", max_length=150, blank=True)
    phone = models.CharField("تلفن", max_length=30, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    """A kind of piece (shirt, trousers…): what minutes and piece rates are per."""

    code = models.SlugField("کد", max_length=30, unique=True)
    name = models.CharField("نام کالا", max_length=100, unique=True)
    hourly = models.BooleanField("کار ساعتی", default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = "کالا"
        verbose_name_plural = "کالاها"

    def __str__(self) -> str:
        return self.name


class PieceRate(models.Model):
    """Toman per piece of a product in a size ("" = every size), from a date on;
    an hourly rate for hourly work."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="rates")
    size = models.CharField("سایز", max_length=10, blank=True)
    toman = models.PositiveIntegerField("نرخ هر قطعه (تومان)")
    hourly_toman = models.PositiveIntegerField("نرخ هر ساعت (تومان)", default=0)
    valid_from = models.DateField("از تاریخ")

    class Meta:
        ordering = ["product", "size", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "size", "valid_from"], name="uniq_piece_rate"
            )
        ]

    def __str__(self) -> str:
        return f"{self.product} {self.size}: {self.toman}"


class Order(TimeStamped):
    CLIENT = "client"
    BOUGHT = "bought"
    MATERIALS_CHOICES = [(CLIENT, "از سفارش‌دهنده"), (BOUGHT, "خرید مرکز")]

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="orders")
    title = models.CharField("عنوان سفارش", max_length=200)
    contract_number = models.CharField("شمارهٔ قرارداد", max_length=60, blank=True)
    contract_document = models.FileField(
        "سند قرارداد", upload_to="production/contracts/%Y/", blank=True
    )
    received_on = models.DateField("تاریخ دریافت")
    due_on = models.DateField("موعد تحویل", db_index=True)
    materials = models.CharField("مواد اولیه", max_length=10, choices=MATERIALS_CHOICES)
    quality_standard = models.CharField("استاندارد کیفیت", max_length=300, blank=True)
    partial_deliveries = models.BooleanField("تحویل مرحله‌ای مجاز است", default=True)
    status = models.CharField(
        "وضعیت", max_length=15, choices=order_rules.STATUSES, default=order_rules.RECEIVED
    )
    coordinator = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    centre = models.ForeignKey(
        "training.Centre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="مرکز مسئول",
    )

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = "سفارش تولید"
        verbose_name_plural = "سفارش‌های تولید"

    def __str__(self) -> str:
        return self.title

    @property
    def status_label(self) -> str:
        return order_rules.LABELS.get(self.status, self.status)


class OrderItem(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    size = models.CharField("سایز", max_length=10)
    colour = models.CharField("رنگ", max_length=40, blank=True)
    quantity = models.PositiveIntegerField("تعداد")
    unit_price = models.PositiveBigIntegerField("قیمت واحد (تومان)", default=0)
    due_on = models.DateField("موعد")

    class Meta:
        ordering = ["due_on", "product__name", "size", "id"]

    def __str__(self) -> str:
        return f"{self.product} {self.size}"


class OrderStatusChange(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="status_changes")
    source = models.CharField(max_length=15, choices=order_rules.STATUSES, blank=True)
    target = models.CharField(max_length=15, choices=order_rules.STATUSES)
    at = models.DateTimeField()
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.CharField("دلیل یا توضیح", max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"


# ---------------------------------------------------------- units and workers


class Unit(TimeStamped):
    """A production workshop of a Kowsar centre."""

    centre = models.ForeignKey("training.Centre", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("نام کارگاه", max_length=150)
    machines = models.PositiveSmallIntegerField("تعداد چرخ و دستگاه", default=0)
    day_minutes = models.PositiveIntegerField("دقیقهٔ کار روزانهٔ همهٔ کارکنان")
    weekdays = models.CharField("روزهای کار", max_length=7, default="012345")
    active = models.BooleanField("فعال", default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "کارگاه تولیدی"
        verbose_name_plural = "کارگاه‌های تولیدی"

    def __str__(self) -> str:
        return self.name


class UnitProduct(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="products")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    minutes = models.PositiveSmallIntegerField("دقیقه برای هر قطعه")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "product"], name="uniq_unit_product")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.product_id}"


class Worker(TimeStamped):
    """A woman who makes pieces: in a workshop (`unit`) or at home (`unit` empty)."""

    person = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workers",
        verbose_name="کارگاه",
    )
    day_minutes = models.PositiveIntegerField("دقیقهٔ کار در روز (در خانه)", default=0)
    weekdays = models.CharField("روزهای کار", max_length=7, default="012345")
    available = models.BooleanField("آمادهٔ کار", default=True)
    sheba = models.CharField("شبای حساب بانکی", max_length=26, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "تولیدکننده"
        verbose_name_plural = "تولیدکنندگان"

    def __str__(self) -> str:
        return f"تولیدکننده {self.pk}"

    @property
    def at_home(self) -> bool:
        return self.unit_id is None


class WorkerProduct(models.Model):
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="products")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    minutes = models.PositiveSmallIntegerField("دقیقه برای هر قطعه")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["worker", "product"], name="uniq_worker_product")
        ]

    def __str__(self) -> str:
        return f"{self.worker_id}: {self.product_id}"


# ---------------------------------------------------------------------- plans


class Plan(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="plans")
    made_at = models.DateTimeField()
    made_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    #: day 1 of the planner's instance (plans made before this was kept: null)
    starts_on = models.DateField(null=True, blank=True)
    optimal = models.BooleanField(default=False)
    seconds = models.FloatField(default=0)
    current = models.BooleanField(default=True)

    class Meta:
        ordering = ["-made_at", "-id"]

    def __str__(self) -> str:
        return f"برنامهٔ {self.order_id}"


class Assignment(models.Model):
    """A work package: pieces of an item to a workshop or a woman at home, with why."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="assignments")
    item = models.ForeignKey(OrderItem, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="assignments"
    )
    pieces = models.PositiveIntegerField("تعداد")
    reason = models.CharField("چرا", max_length=300)
    adjusted = models.BooleanField("تغییر دستی", default=False)

    class Meta:
        ordering = ["item__due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=True, worker__isnull=False)
                | Q(unit__isnull=False, worker__isnull=True),
                name="assignment_unit_or_worker",
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.pieces}"


class Shortfall(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="shortfalls")
    item = models.ForeignKey(OrderItem, on_delete=models.CASCADE, related_name="+")
    pieces = models.PositiveIntegerField()
    days_late = models.PositiveSmallIntegerField("روزهای کار لازم پس از موعد", default=0)

    def __str__(self) -> str:
        return f"{self.item_id}: {self.pieces}"


# ---------------------------------------------------------- work and quality


class WorkLog(models.Model):
    """Pieces a woman made of an item in a week (or a day), and hours for hourly work."""

    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="logs")
    item = models.ForeignKey(OrderItem, on_delete=models.PROTECT, related_name="logs")
    week_of = models.DateField("هفتهٔ منتهی به")
    pieces = models.PositiveIntegerField("تعداد قطعه")
    hours = models.PositiveSmallIntegerField("ساعت کار", default=0)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    payroll = models.ForeignKey(
        "Payroll", on_delete=models.PROTECT, null=True, blank=True, related_name="logs"
    )

    class Meta:
        ordering = ["-week_of", "id"]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.item_id} {self.week_of}"


class QualityCheck(models.Model):
    item = models.ForeignKey(OrderItem, on_delete=models.PROTECT, related_name="checks")
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="checks")
    checked_on = models.DateField("تاریخ کنترل")
    passed = models.PositiveIntegerField("قبول", default=0)
    rework = models.PositiveIntegerField("نیاز به دوباره‌کاری", default=0)
    rejected = models.PositiveIntegerField("مردود", default=0)
    reason = models.CharField("دلیل مردودی یا دوباره‌کاری", max_length=300, blank=True)
    checked_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    payroll = models.ForeignKey(
        "Payroll", on_delete=models.PROTECT, null=True, blank=True, related_name="checks"
    )

    class Meta:
        ordering = ["-checked_on", "id"]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.item_id} {self.checked_on}"


class MaterialMovement(models.Model):
    ISSUED = "issued"
    RETURNED = "returned"
    DIRECTION_CHOICES = [(ISSUED, "تحویل به کارگاه"), (RETURNED, "برگشت از کارگاه")]

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="materials_moved")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    material = models.CharField("ماده", max_length=100)
    quantity = models.DecimalField("مقدار", max_digits=10, decimal_places=2)
    measure = models.CharField("واحد", max_length=20)
    direction = models.CharField(max_length=10, choices=DIRECTION_CHOICES)
    on = models.DateField("تاریخ")
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return self.material


class Delivery(models.Model):
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="deliveries")
    delivered_on = models.DateField("تاریخ تحویل")
    receipt_number = models.CharField("شمارهٔ رسید", max_length=60)
    signed_by = models.CharField("تحویل‌گیرنده (امضاکننده)", max_length=150)
    receipt = models.FileField("رسید امضاشده", upload_to="production/receipts/%Y/", blank=True)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-delivered_on", "-id"]

    def __str__(self) -> str:
        return self.receipt_number


class DeliveryLine(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(OrderItem, on_delete=models.PROTECT, related_name="deliveries")
    pieces = models.PositiveIntegerField("تعداد")

    def __str__(self) -> str:
        return f"{self.item_id}: {self.pieces}"


# ---------------------------------------------------------------------- wages


class Payroll(TimeStamped):
    """The wages of one Jalali month. Closed by one person, approved by another;
    a closed month never changes (work logged for it later goes to the next)."""

    OPEN = "open"
    CLOSED = "closed"
    APPROVED = "approved"
    STATUS_CHOICES = [(OPEN, "باز"), (CLOSED, "بسته، در انتظار تأیید"), (APPROVED, "تأییدشده")]

    year = models.PositiveSmallIntegerField("سال")
    month = models.PositiveSmallIntegerField("ماه")
    status = models.CharField("وضعیت", max_length=10, choices=STATUS_CHOICES, default=OPEN)
    closed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    closed_at = models.DateTimeField(null=True)
    approved_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    approved_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-year", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="uniq_payroll_month"),
            models.CheckConstraint(
                condition=Q(month__gte=1) & Q(month__lte=12), name="payroll_month_1_12"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}/{self.month:02d}"


class PayrollLine(models.Model):
    payroll = models.ForeignKey(Payroll, on_delete=models.PROTECT, related_name="lines")
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="pay")
    pieces = models.PositiveIntegerField("قطعه‌ها")
    rejected = models.PositiveIntegerField("مردود", default=0)
    hours = models.PositiveIntegerField("ساعت", default=0)
    gross = models.PositiveBigIntegerField("دستمزد (تومان)")
    deductions = models.PositiveBigIntegerField("کسر بابت مردودی (تومان)", default=0)
    net = models.PositiveBigIntegerField("خالص پرداختی (تومان)")
    work = models.JSONField("شرح کار", default=list)
    sheba = models.CharField(max_length=26, blank=True)

    class Meta:
        ordering = ["worker_id"]
        constraints = [
            models.UniqueConstraint(fields=["payroll", "worker"], name="uniq_payroll_worker")
        ]

    def __str__(self) -> str:
        return f"{self.payroll_id} {self.worker_id}"
