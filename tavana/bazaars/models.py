from django.db import models

from tavana.core.models import TimeStamped


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
