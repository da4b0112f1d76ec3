"""The whole-registry duplicate scan as a background task (django-tasks)."""

from __future__ import annotations

import time

from django.db import transaction
from django_tasks import task

from tavana.audit.services import audit_write
from tavana.core.domain.jalali import to_jalali
from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.models import District
from tavana.core.progress import progress_finish, progress_start, progress_update

from ..domain.matching import PersonRecord, analyse, normalise
from ..models import Person
from .services import MATCH_FIELDS, duplicate_candidate_record, keep_match_model

SCAN_KIND = "duplicate_scan"
CHUNK = 5_000
RECORD_BATCH = 500


def _records(qs, *, task_id: str | None, chunk_size: int) -> list[PersonRecord]:
    """The registry as the matcher's normalised records (Jalali birth dates, the
    district's number), read in chunks; progress every chunk."""
    districts = {pk: str(n) for pk, n in District.objects.values_list("id", "number")}
    jalali: dict = {}
    records = []
    for n, (pk, code, first, last, father, born, mobile, district_id, address) in enumerate(
        qs.values_list(*MATCH_FIELDS).iterator(chunk_size=chunk_size), start=1
    ):
        if born is None:
            bd = ""
        else:
            if born not in jalali:
                jalali[born] = "{}/{}/{}".format(*to_jalali(born))
            bd = jalali[born]
        records.append(
            normalise(
                PersonRecord(
                    str(pk),
                    code or "",
                    first,
                    last,
                    father,
                    bd,
                    mobile,
                    districts.get(district_id, ""),
                    address,
                )
            )
        )
        if task_id and n % chunk_size == 0:
            progress_update(task_id=task_id, done=n, message="خواندن پرونده‌های سامانه")
    return records


def _queue(pairs: list, *, task_id: str | None) -> int:
    """Queue the pairs for review in batches; returns how many were new."""
    new = 0
    for start in range(0, len(pairs), RECORD_BATCH):
        with transaction.atomic():
            for v in pairs[start : start + RECORD_BATCH]:
                if duplicate_candidate_record(
                    person_a_id=int(v.id_a),
                    person_b_id=int(v.id_b),
                    score=v.probability,
                    reasons=v.reasons,
                    source="scan",
                ):
                    new += 1
        if task_id:
            progress_update(
                task_id=task_id,
                done=min(start + RECORD_BATCH, len(pairs)),
                message="ثبت در صف بررسی",
            )
    return new


def scan_registry(*, task_id: str | None = None, actor=None, chunk_size: int = CHUNK) -> dict:
    """Match the whole registry (merged records left out) and queue every likely pair.

    The model learnt from the registry on the way is kept (`MatchModel`): from then
    on the registration form, the import and the campaign judge pairs with it.

    Pairs already known — open, merged or marked "not the same person" — are left
    as they are (`duplicate_candidate_record` never proposes them again). With a
    `task_id`, progress is reported for a page to poll; the progress row has no
    owner, so every reviewer can watch the one registry-wide scan. The scan's
    outcome is audited once, as done by `actor` (None for the demo loader).
    """
    started = time.monotonic()
    qs = Person.objects.filter(merged_into__isnull=True).order_by()
    total = qs.count()
    if task_id:
        progress_start(
            task_id=task_id,
            kind=SCAN_KIND,
            total=total,
            message="خواندن پرونده‌های سامانه",
        )
    records = _records(qs, task_id=task_id, chunk_size=chunk_size)
    if task_id:
        progress_update(task_id=task_id, done=total, message="مقایسهٔ پرونده‌ها")
    analysis = analyse(records)
    pairs = analysis.verdicts()
    keep_match_model(analysis, persons=total)
    del records, analysis
    matched = time.monotonic()
    if task_id:
        progress_update(task_id=task_id, done=0, total=len(pairs), message="ثبت در صف بررسی")
    new = _queue(pairs, task_id=task_id)
    result = {
        "persons": total,
        "pairs": len(pairs),
        "new": new,
        "known": len(pairs) - new,
        "seconds": round(time.monotonic() - started, 2),
        "match_seconds": round(matched - started, 2),
    }
    audit_write(
        actor=actor,
        action="duplicate.scan",
        object_type="people.DuplicateCandidate",
        after={k: v for k, v in result.items() if not k.endswith("seconds")},
    )
    if task_id:
        progress_finish(
            task_id=task_id,
            result=result,
            message=to_persian_digits(
                f"{total} پرونده بررسی شد؛ {new} مورد تازه به صف بررسی تکراری‌ها افزوده شد."
            ),
        )
    return result


@task(takes_context=True)
def duplicate_scan(context, owner_id: int | None = None) -> dict:
    """Scan the whole registry for duplicates (queued by `duplicate_scan_start`)."""
    from tavana.accounts.models import User

    task_id = str(context.task_result.id)
    owner = User.objects.filter(pk=owner_id).first() if owner_id else None
    try:
        return scan_registry(task_id=task_id, actor=owner)
    except Exception:
        progress_finish(task_id=task_id, failed=True, message="بررسی تکراری‌ها ناتمام ماند.")
        raise
