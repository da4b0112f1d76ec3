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

    class Meta:
        ordering = ["district__number", "name"]
        verbose_name = "مرکز کوثر"
        verbose_name_plural = "مراکز کوثر"

    def __str__(self) -> str:
        return self.name
