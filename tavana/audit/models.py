"""The audit log: append-only, hash-chained.

Each entry's hash covers its own content and the previous entry's hash, so
changing, removing or reordering any row breaks the chain from that row on;
`tavana audit verify` finds the first broken link. Database triggers refuse
UPDATE and DELETE, so altering a row takes deliberate action by a DBA — which
the chain then shows.
"""

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    KIND_WRITE = "write"
    KIND_READ = "read"  # a read of a sensitive field or protected record
    KIND_ACCESS = "access"  # sign-in, break-the-glass, export
    KIND_CHOICES = [
        (KIND_WRITE, "تغییر"),
        (KIND_READ, "خواندن اطلاعات حساس"),
        (KIND_ACCESS, "دسترسی"),
    ]

    seq = models.BigIntegerField("شماره", unique=True)
    at = models.DateTimeField("زمان", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="کاربر",
    )
    actor_username = models.CharField("نام کاربری", max_length=150, blank=True)
    kind = models.CharField("نوع", max_length=10, choices=KIND_CHOICES)
    action = models.CharField("کنش", max_length=80, db_index=True)
    object_type = models.CharField("نوع رکورد", max_length=80, blank=True)
    object_id = models.CharField("شناسهٔ رکورد", max_length=64, blank=True)
    person_id = models.BigIntegerField("شناسهٔ فرد", null=True, blank=True, db_index=True)
    fields = models.JSONField("فیلدها", default=list, blank=True)
    before = models.JSONField("پیش از تغییر", null=True, blank=True)
    after = models.JSONField("پس از تغییر", null=True, blank=True)
    reason = models.TextField("دلیل", blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-seq"]
        indexes = [models.Index(fields=["actor", "at"], name="audit_actor_at")]
        verbose_name = "رویداد"
        verbose_name_plural = "دفتر رویدادها"

    def __str__(self) -> str:
        return f"{self.seq} {self.action}"


class AuditHead(models.Model):
    """One row holding the chain's tip; locked while appending, so the chain is linear."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"head {self.seq}"
