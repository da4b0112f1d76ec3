"""Writes of the duplicate review: pairs queued for review (an import's new
persons against the registry, or a scan of the whole registry), "not the same person", and the merge that keeps both histories."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from tavana.audit.services import audit_write
from tavana.core.domain.jalali import format_jalali
from tavana.core.errors import ServiceError
from tavana.core.models import District, JobProgress

from ..domain.matching import link
from ..models import DuplicateCandidate, MatchModel, Membership, Person
from ..selectors import registry_matcher
from ..services import AUDITED_FIELDS, snapshot, snapshot_diff
from .selectors import pair_in_scope

# What the record matcher reads of a person.
MATCH_FIELDS = (
    "id",
    "national_code",
    "first_name",
    "last_name",
    "father_name",
    "birth_date",
    "mobile",
    "district_id",
    "address",
)


def duplicate_candidate_record(
    *, person_a_id: int, person_b_id: int, score: float, reasons: list[str], source: str = "scan"
) -> DuplicateCandidate | None:
    """Queue a pair for review unless it is already known (open, merged or 'not the same')."""
    a, b = sorted((person_a_id, person_b_id))
    if a == b:
        return None
    obj, created = DuplicateCandidate.objects.get_or_create(
        person_a_id=a,
        person_b_id=b,
        defaults={"score": score, "reasons": reasons, "source": source},
    )
    return obj if created else None


def _record(p: dict, district_numbers: dict[int, int]) -> dict:
    return {
        "id": str(p["id"]),
        "national_code": p["national_code"] or "",
        "first_name": p["first_name"],
        "last_name": p["last_name"],
        "father_name": p["father_name"],
        "birth_date": format_jalali(p["birth_date"], persian_digits=False),
        "mobile": p["mobile"],
        "district": str(district_numbers.get(p["district_id"], "")),
        "address": p["address"],
    }


#: learnt models kept (the latest is used; a few older ones for comparison)
MATCH_MODELS_KEPT = 3


def keep_match_model(analysis, *, persons: int) -> MatchModel:
    """Store the model a registry-wide analysis learnt, as the one every duplicate
    check uses from now on (`selectors.registry_matcher`); older ones beyond
    `MATCH_MODELS_KEPT` are deleted."""
    row = MatchModel.objects.create(
        persons=persons,
        parameters=analysis.model.to_dict(),
        names=analysis.stats.to_dict(),
    )
    old = MatchModel.objects.order_by("-pk").values_list("pk", flat=True)[MATCH_MODELS_KEPT:]
    MatchModel.objects.filter(pk__in=list(old)).delete()
    return row


def flag_duplicates(person_ids: list[int]) -> int:
    """Queue the likely duplicates of these persons for review; returns pairs queued.

    The given persons are matched with the whole registry (persons not merged
    away) by `domain.matching.link` with the registry's model; every pair with at least one of them that
    the model judges the same woman or worth a look is queued with its match
    probability and reasons. Pairs already known (open, merged or marked "not
    the same person") are not queued again.
    """
    if not person_ids:
        return 0
    numbers = {i: n for n, i in District.objects.values_list("number", "id")}
    wanted = {str(pid) for pid in person_ids}
    new: list[dict] = []
    existing: list[dict] = []
    qs = Person.objects.filter(merged_into__isnull=True).values(*MATCH_FIELDS).order_by("id")
    for p in qs.iterator(chunk_size=5000):
        record = _record(p, numbers)
        (new if record["id"] in wanted else existing).append(record)
    # the registry's model, as the form and the campaign use; before the first
    # scan, one learnt from the registry and the new records together
    matcher = registry_matcher()
    queued = 0
    for v in link(new, existing, model=matcher.model if matcher.trained else None):
        if duplicate_candidate_record(
            person_a_id=int(v.id_a),
            person_b_id=int(v.id_b),
            score=v.probability,
            reasons=v.reasons,
            source="import",
        ):
            queued += 1
    return queued


def duplicate_scan_start(*, actor) -> str | None:
    """Queue a scan of the whole registry for duplicates (`tasks.duplicate_scan`) once
    the current transaction commits, and return its task id: its progress is served
    at `core:job_progress`. A scan still running (updated within the hour) is not
    started twice: its id is returned instead. Inside an outer transaction the id is
    known only after commit, so None is returned there."""
    from .tasks import SCAN_KIND, duplicate_scan

    running = (
        JobProgress.objects.filter(
            kind=SCAN_KIND,
            finished=False,
            updated_at__gte=timezone.now() - dt.timedelta(hours=1),
        )
        .order_by("-created_at")
        .first()
    )
    if running is not None:
        return running.task_id
    started: dict[str, str] = {}

    def enqueue() -> None:
        result = duplicate_scan.enqueue(owner_id=getattr(actor, "pk", None))
        started["id"] = str(result.id)
        # a row to poll at once, before a worker picks the task up
        JobProgress.objects.get_or_create(
            task_id=started["id"],
            defaults={"kind": SCAN_KIND, "message": "در صف اجرا"},
        )

    with transaction.atomic():
        transaction.on_commit(enqueue)
    return started.get("id")


OUT_OF_SCOPE = (
    "یکی از این دو پرونده خارج از محدودهٔ دسترسی شماست؛ این جفت را کارشناسی بررسی کند"
    " که هر دو منطقه را پوشش می‌دهد."
)


def require_pair_in_scope(*, actor, person_ids: list[int]) -> None:
    """Refuse a decision about persons not all in the actor's scope: merging or
    separating a woman one cannot see would act on her record blind."""
    if not pair_in_scope(actor=actor, person_ids=person_ids):
        raise ServiceError({"__all__": OUT_OF_SCOPE}, code="out_of_scope")


def duplicate_mark_not_same(*, actor, candidate: DuplicateCandidate) -> DuplicateCandidate:
    with transaction.atomic():
        c = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
        if c.status != DuplicateCandidate.OPEN:
            raise ServiceError({"__all__": "این مورد پیش‌تر بررسی شده است."})
        require_pair_in_scope(actor=actor, person_ids=[c.person_a_id, c.person_b_id])
        c.status, c.decided_by, c.decided_at = DuplicateCandidate.NOT_SAME, actor, timezone.now()
        c.save()
        audit_write(
            actor=actor,
            action="duplicate.not_same",
            obj=c,
            person_id=c.person_a_id,
            after={"person_a": c.person_a_id, "person_b": c.person_b_id},
        )
    return c


def person_merge(
    *,
    actor,
    keep: Person,
    drop: Person,
    candidate: DuplicateCandidate | None = None,
    reason: str = "",
) -> Person:
    """Merge `drop` into `keep`: every relation moves to `keep`; `drop` stays as a record
    pointing at `keep`, so both histories are kept. Empty fields of `keep` are filled
    from `drop`."""
    if keep.pk == drop.pk:
        raise ServiceError({"__all__": "یک فرد را نمی‌توان با خودش ادغام کرد."})
    with transaction.atomic():
        keep = Person.objects.select_for_update().get(pk=keep.pk)
        drop = Person.objects.select_for_update().get(pk=drop.pk)
        if keep.is_merged or drop.is_merged:
            raise ServiceError({"__all__": "یکی از این دو نفر پیش‌تر ادغام شده است."})
        require_pair_in_scope(actor=actor, person_ids=[keep.pk, drop.pk])
        before = snapshot(keep)
        filled = []
        for f in AUDITED_FIELDS:
            if getattr(keep, f) in (None, "") and getattr(drop, f) not in (None, ""):
                if f == "national_code":
                    continue  # moved below, after the dropped record lets go of it
                setattr(keep, f, getattr(drop, f))
                filled.append(f)
        code = drop.national_code if not keep.national_code else None
        moved = _move_relations(keep=keep, drop=drop)
        drop.merged_into = keep
        drop.national_code = None
        drop.as_typed = {
            **drop.as_typed,
            "merged_national_code": code or drop.as_typed.get("national_code"),
        }
        drop.save()
        if code:
            keep.national_code = code
            filled.append("national_code")
        keep.save()
        old, new = snapshot_diff(before, snapshot(keep))
        audit_write(
            actor=actor,
            action="person.merge",
            obj=keep,
            person_id=keep.pk,
            before=old,
            after={**new, "merged_person": drop.pk, "moved": moved},
            reason=reason,
        )
        audit_write(
            actor=actor,
            action="person.merged_into",
            obj=drop,
            person_id=drop.pk,
            after={"merged_into": keep.pk},
            reason=reason,
        )
        DuplicateCandidate.objects.filter(status=DuplicateCandidate.OPEN).filter(
            person_a__in=[keep.pk, drop.pk], person_b__in=[keep.pk, drop.pk]
        ).update(status=DuplicateCandidate.MERGED, decided_by=actor, decided_at=timezone.now())
    return keep


def _move_relations(*, keep: Person, drop: Person) -> dict[str, int]:
    """Point every row that refers to `drop` at `keep` (all apps, found generically)."""
    moved: dict[str, int] = {}
    for rel in Person._meta.related_objects:
        if rel.remote_field.name == "merged_into" or not (rel.one_to_many or rel.one_to_one):
            continue
        model: Any = rel.related_model  # a model class (related_objects holds no "self")
        field = rel.field.name
        if rel.one_to_one and model.objects.filter(**{field: keep}).exists():
            continue  # keep's own registration wins; drop's stays with drop's record
        if model is Membership:
            # Memberships: skip a household both are current members of.
            qs = model.objects.filter(person=drop).exclude(
                household__in=Membership.objects.filter(person=keep, end_date__isnull=True).values(
                    "household"
                )
            )
        elif model is DuplicateCandidate:
            continue
        else:
            qs = model.objects.filter(**{field: drop})
        n = qs.update(**{field: keep})
        if n:
            moved[model._meta.label_lower] = n
    return moved
