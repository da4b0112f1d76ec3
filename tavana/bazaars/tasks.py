"""The allocation of a round as a background task (django-tasks), with progress."""

from __future__ import annotations

import logging

from django_tasks import task

from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.progress import progress_finish, progress_update

logger = logging.getLogger(__name__)

KIND = "bazaar.allocate"

# The engine reports in English (it is also a command); people read Persian.
STEPS = {
    "level 1": "مرحلهٔ ۱ از ۳: بیشترین پوشش، منصفانه‌ترین رده نخست",
    "level 2": "مرحلهٔ ۲ از ۳: بیشترین استفاده از غرفه‌ها",
    "level 3": "مرحلهٔ ۳ از ۳: نزدیک‌ترین به اولویت‌های متقاضیان",
    "nothing": "درخواستی برای تقسیم نیست",
    "done": "ذخیرهٔ نتیجه",
}


def persian_step(message: str) -> str:
    for prefix, text in STEPS.items():
        if message.startswith(prefix):
            return text
    return "در حال تقسیم غرفه‌ها"


@task(takes_context=True)
def allocate_round(context, round_id: int, user_id: int | None, job_id: str) -> dict:
    """Allocate a round marked solving by `round_allocate_start`: build its
    instance from the database, solve it exactly, store the booths and the
    fairness figures; progress goes to JobProgress `job_id`. On failure the
    round goes back to where it was (its earlier result, or draft)."""
    from tavana.accounts.models import User
    from tavana.core.errors import ServiceError

    from .models import Round
    from .services import round_allocate

    actor = User.objects.filter(pk=user_id).first() if user_id else None
    round_ = Round.objects.get(pk=round_id)

    def progress(message: str, fraction: float) -> None:
        progress_update(
            task_id=job_id, done=int(fraction * 100), total=100, message=persian_step(message)
        )

    try:
        progress_update(task_id=job_id, done=0, total=100, message="خواندن درخواست‌ها")
        stats = round_allocate(actor=actor, round_=round_, progress=progress)
    except ServiceError as e:  # the round is back where it was (round_allocate)
        progress_finish(task_id=job_id, failed=True, message=e.message)
        return {"error": e.message}
    except Exception:
        logger.exception("allocation of round %s failed (attempt %s)", round_id, context.attempt)
        progress_finish(task_id=job_id, failed=True, message="خطای پیش‌بینی‌نشده در تقسیم غرفه‌ها")
        raise
    served = stats["served"]["optimal"]
    progress_finish(
        task_id=job_id,
        result={"round": round_id, "served": served, "optimal": stats["optimal"]},
        message=f"{to_persian_digits(served)} نفر غرفه گرفتند",
    )
    return {"round": round_id, "served": served, "task": str(context.task_result.id)}
