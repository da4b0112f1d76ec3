"""Reads of the duplicate review queue, within the reviewer's scope.

A pair is listed when either woman is in the reviewer's scope, but only the
sides in her scope are shown: the other is masked to its district (as the
registration form's duplicate check does), and such a pair cannot be decided
by her (`services.require_pair_in_scope`)."""

from __future__ import annotations

from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet, Value

from .. import selectors
from ..models import DuplicateCandidate


def duplicate_candidate_scope(*, actor) -> QuerySet[DuplicateCandidate]:
    """Pairs with at least one side in the actor's scope, each annotated with
    `a_visible` / `b_visible` (that side is in her scope)."""
    qs = _annotated(actor)
    if selectors.person_scope_is_whole_registry(actor=actor):
        return qs
    return qs.filter(Q(a_visible=True) | Q(b_visible=True))


def open_queue(*, actor, limit: int = 100) -> QuerySet[DuplicateCandidate]:
    """The review queue's page: open pairs in her scope, likeliest first.

    For a reviewer who does not see the whole registry, the open pairs are read
    likeliest first a slice at a time, and only the persons of that slice are
    looked up in her scope, until the page is full: at a million persons,
    looking up every open pair's persons (8,500 for 4,269 pairs) read 10,000
    pages of the person table for each page shown (0.26 s of SQL on a warm
    machine, 1 s under load), where the first slice or two find her 100 pairs.
    (Filtering the queue by the scope itself made PostgreSQL build her whole
    scope, 180,000 persons of three districts, twice: 2.7 s.)"""
    qs = _annotated(actor).filter(status=DuplicateCandidate.OPEN)
    if not selectors.person_scope_is_whole_registry(actor=actor):
        qs = qs.filter(pk__in=_open_pairs_in_scope(actor, limit))
    return qs.order_by("-score", "pk")[:limit]


def _open_pairs_in_scope(actor, limit: int) -> list[int]:
    """The ids of the `limit` likeliest open pairs with a side in the actor's scope."""
    pairs = DuplicateCandidate.objects.filter(status=DuplicateCandidate.OPEN).order_by(
        "-score", "pk"
    )
    scope = selectors.person_scope(actor=actor)
    chosen: list[int] = []
    start, size = 0, 4 * limit
    while len(chosen) < limit:
        rows = list(pairs.values_list("pk", "person_a_id", "person_b_id")[start : start + size])
        persons = {a for _, a, _ in rows} | {b for _, _, b in rows}
        visible = set(scope.filter(pk__in=persons).values_list("pk", flat=True))
        chosen += [pk for pk, a, b in rows if a in visible or b in visible]
        if len(rows) < size:
            break
        start, size = start + size, 2 * size  # a narrow scope: read further, faster
    return chosen[:limit]


def _annotated(actor) -> QuerySet[DuplicateCandidate]:
    qs = DuplicateCandidate.objects.select_related("person_a__district", "person_b__district")
    if selectors.person_scope_is_whole_registry(actor=actor):
        return qs.annotate(
            a_visible=Value(True, output_field=BooleanField()),
            b_visible=Value(True, output_field=BooleanField()),
        )
    scope = selectors.person_scope(actor=actor)
    return qs.annotate(
        a_visible=Exists(scope.filter(pk=OuterRef("person_a_id"))),
        b_visible=Exists(scope.filter(pk=OuterRef("person_b_id"))),
    )


def duplicate_candidate_get(*, actor, candidate_id: int) -> DuplicateCandidate:
    from django.http import Http404

    candidate = duplicate_candidate_scope(actor=actor).filter(pk=candidate_id).first()
    if candidate is None:
        raise Http404
    return candidate


def pair_in_scope(*, actor, person_ids: list[int]) -> bool:
    """Both (all) persons are in the actor's scope: she may decide about the pair."""
    if selectors.person_scope_is_whole_registry(actor=actor):
        return True
    found = selectors.person_scope(actor=actor).filter(pk__in=person_ids).count()
    return found == len(set(person_ids))
