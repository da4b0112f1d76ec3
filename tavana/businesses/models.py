"""Home and micro businesses, their product categories, and producers.

A producer is a woman who sells at bazaars; she may have a business (as owner
or member) or not: a woman without a business can still apply.
"""

from django.db import models

from tavana.core.models import TimeStamped


class Category(TimeStamped):
    """A product category (editable data, seeded by a data migration)."""

    code = models.SlugField("کد", max_length=40, unique=True)
    name = models.CharField("نام", max_length=100, unique=True)
    order = models.PositiveSmallIntegerField("ترتیب", default=0)
    active = models.BooleanField("فعال", default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "دستهٔ محصول"
        verbose_name_plural = "دسته‌های محصول"

    def __str__(self) -> str:
        return self.name


class Business(TimeStamped):
    IDEA = "idea"
    STARTED = "started"
    SELLING = "selling"
    GROWING = "growing"
    STAGE_CHOICES = [
        (IDEA, "ایده"),
        (STARTED, "شروع‌شده"),
        (SELLING, "در حال فروش"),
        (GROWING, "در حال رشد"),
    ]
    HOME = "home"
    WORKSHOP = "workshop"
    PREMISES_CHOICES = [(HOME, "خانگی"), (WORKSHOP, "کارگاهی")]

    name = models.CharField("نام کسب‌وکار", max_length=150)
    stage = models.CharField("مرحله", max_length=10, choices=STAGE_CHOICES, default=IDEA)
    premises = models.CharField("محل کار", max_length=10, choices=PREMISES_CHOICES, default=HOME)
    licence = models.CharField("مجوز (شماره یا نوع)", max_length=100, blank=True)
    phone = models.CharField("تلفن تماس", max_length=20, blank=True)
    address = models.CharField("نشانی", max_length=300, blank=True)
    categories = models.ManyToManyField(
        Category, related_name="businesses", blank=True, verbose_name="دسته‌های محصول"
    )
    centre = models.ForeignKey(
        "training.Centre",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="businesses",
        verbose_name="مرکز پشتیبان",
    )
    district = models.ForeignKey(
        "core.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="businesses",
        verbose_name="منطقه",
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "کسب‌وکار"
        verbose_name_plural = "کسب‌وکارها"

    def __str__(self) -> str:
        return self.name


class BusinessMember(TimeStamped):
    OWNER = "owner"
    MEMBER = "member"
    ROLE_CHOICES = [(OWNER, "مالک"), (MEMBER, "عضو")]

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="business_memberships"
    )
    role = models.CharField("نقش", max_length=10, choices=ROLE_CHOICES, default=OWNER)

    class Meta:
        verbose_name = "عضو کسب‌وکار"
        verbose_name_plural = "اعضای کسب‌وکار"
        constraints = [
            models.UniqueConstraint(fields=["business", "person"], name="business_member_once")
        ]


class Producer(TimeStamped):
    """A woman who sells at bazaars, with or without a business."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.PROTECT, related_name="producer", verbose_name="فرد"
    )
    business = models.ForeignKey(
        Business,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="producers",
        verbose_name="کسب‌وکار",
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="producers", verbose_name="دستهٔ اصلی"
    )
    active = models.BooleanField("فعال", default=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "تولیدکننده"
        verbose_name_plural = "تولیدکنندگان"

    def __str__(self) -> str:
        return f"تولیدکننده {self.pk}"
