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

    The pairs' persons in her scope are looked up first (one index probe per
    person of an open pair) and the queue filtered by those ids: a filter on the
    scope itself made PostgreSQL build her whole scope (180,000 persons of three
    districts, twice) for every page at a million persons (bench/web: 2.7 s)."""
    qs = _annotated(actor).filter(status=DuplicateCandidate.OPEN)
    if not selectors.person_scope_is_whole_registry(actor=actor):
        pairs = DuplicateCandidate.objects.filter(status=DuplicateCandidate.OPEN)
        ids = set(pairs.values_list("person_a_id", flat=True))
        ids |= set(pairs.values_list("person_b_id", flat=True))
        visible = list(
            selectors.person_scope(actor=actor).filter(pk__in=ids).values_list("pk", flat=True)
        )
        qs = qs.filter(Q(person_a_id__in=visible) | Q(person_b_id__in=visible))
    return qs.order_by("-score", "pk")[:limit]


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
