"""Undoing a chunked import that did not finish (`importer._import_chunked`).

Each committed chunk left an `ImportLedger` row: the persons it created and,
for each person it changed, the values before the change. `import_undo` walks
them newest first, one short transaction per chunk: it puts the old values
back, deletes the persons the chunk created with their import registration,
writes one audit entry, and drops the ledger row. (A colleague who edited one
of those persons between the chunk and the undo loses that edit: the window is
the import's own duration.) `import_undo_leftovers`
undoes runs whose process died without a reaper to call it (a killed
`tavana import`), once they are older than a day.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from tavana.audit.services import audit_write

from ..models import ImportLedger, Person, Registration

logger = logging.getLogger(__name__)


def _restore(before: dict[str, dict]) -> list[int]:
    """Old values back, person by person, grouped by the fields changed."""
    restored = []
    groups: dict[tuple[str, ...], list[tuple[int, dict]]] = {}
    for pk, fields in before.items():
        groups.setdefault(tuple(sorted(fields)), []).append((int(pk), fields))
    for names, people in groups.items():
        objs = [Person(pk=pk, **fields) for pk, fields in people]
        Person.objects.bulk_update(objs, list(names), batch_size=500)
        restored += [pk for pk, _ in people]
    return restored


def import_undo(run: str, *, actor=None) -> int:
    """Undo every committed chunk of `run`; the number of chunks undone."""
    undone = 0
    for entry in ImportLedger.objects.filter(run=run).order_by("-chunk"):
        with transaction.atomic():
            restored = _restore(entry.before)
            ids = [int(i) for i in entry.created_ids]
            Registration.objects.filter(person_id__in=ids, channel=Registration.IMPORT).delete()
            Person.objects.filter(pk__in=ids).delete()
            audit_write(
                actor=actor if getattr(actor, "pk", None) else None,
                action="person.import_undo",
                object_type="people.person",
                after={"run": run, "chunk": entry.chunk, "deleted": ids, "restored": restored},
            )
            entry.delete()
        undone += 1
    if undone:
        logger.warning("import %s undone (%s chunks)", run, undone)
    return undone


def import_undo_leftovers(*, older_than: dt.timedelta = dt.timedelta(days=1)) -> int:
    """Runs left half-done by a process that died, older than `older_than`."""
    cutoff = timezone.now() - older_than
    runs = set(ImportLedger.objects.filter(created_at__lt=cutoff).values_list("run", flat=True))
    return sum(1 for run in runs if import_undo(run))
