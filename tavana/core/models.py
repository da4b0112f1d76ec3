from django.db import models


class TimeStamped(models.Model):
    created_at = models.DateTimeField("زمان ایجاد", auto_now_add=True)
    updated_at = models.DateTimeField("زمان آخرین تغییر", auto_now=True)

    class Meta:
        abstract = True


class District(models.Model):
    """A municipal district (منطقه). Tehran has 22; a province or the country more."""

    number = models.PositiveSmallIntegerField("شمارهٔ منطقه", unique=True)
    name = models.CharField("نام", max_length=100)

    class Meta:
        ordering = ["number"]
        verbose_name = "منطقه"
        verbose_name_plural = "مناطق"

    def __str__(self) -> str:
        return self.name


class Neighbourhood(models.Model):
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="neighbourhoods", verbose_name="منطقه"
    )
    name = models.CharField("نام محله", max_length=100)

    class Meta:
        ordering = ["district__number", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="uniq_neighbourhood_name")
        ]
        verbose_name = "محله"
        verbose_name_plural = "محله‌ها"

    def __str__(self) -> str:
        return self.name


class JobProgress(models.Model):
    """Progress of a long background job, for a page to poll.

    django-tasks keeps the status and result of a task; this row adds what a
    person waiting wants to see: how far along it is and a short message.
    """

    task_id = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=50)
    owner = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    finished = models.BooleanField(default=False)
    failed = models.BooleanField(default=False)
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.task_id}"

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        if not self.total:
            return 0
        return min(100, int(self.done * 100 / self.total))


class LabelWord(models.Model):
    """A word that would say why a woman is served: no public name, printed page or
    SMS may contain it. The administrator keeps the list; a word is retired, never
    deleted, so the list's history stays readable."""

    word = models.CharField("واژه یا عبارت", max_length=100)
    key = models.CharField("کلید مقایسه", max_length=100, unique=True)
    reason = models.CharField("چرا برچسب است", max_length=200)
    active = models.BooleanField("فعال", default=True)
    created_at = models.DateTimeField("زمان افزودن", auto_now_add=True)

    class Meta:
        ordering = ["-active", "word"]
        verbose_name = "واژهٔ برچسب‌زننده"
        verbose_name_plural = "واژه‌های برچسب‌زننده"

    def __str__(self) -> str:
        return self.word


class WorkerProcess(models.Model):
    """A running `tavana worker` (or the demo's worker thread) and its last heartbeat."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)
    stopped_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.worker_id


class TaskLease(models.Model):
    """A worker's claim on a running task, renewed by its heartbeat.

    A task whose lease expires (or whose worker process on this host is gone)
    is reaped: marked failed, its kind's clean-up run, its owner told.
    """

    task_id = models.UUIDField(primary_key=True)  # django-tasks-db's task result id
    task_path = models.CharField(max_length=255)
    worker_id = models.CharField(max_length=64)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    taken_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.task_id} @ {self.worker_id}"


class DemoInstall(models.Model):
    """Marks a database made by `tavana demo` (one row). The demo refuses any
    database without it that already holds accounts or persons, and derives its
    users' passwords from `secret`, random per install (docs/security.md)."""

    secret = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "نصب نمایشی"

    def __str__(self) -> str:
        return f"demo install {self.created_at:%Y-%m-%d}"
