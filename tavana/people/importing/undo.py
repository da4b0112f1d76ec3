"""Undoing a chunked import that did not finish (`importer._import_chunked`).

Each committed chunk left an `ImportLedger` row: the persons it created, and
for each person it changed the values before the change and the values it
wrote. `import_undo` walks them newest first, one short transaction per
chunk, writing one audit entry each, and drops the ledger row.

It never undoes a colleague's work done while the import ran: a field (or a
group of fields that go together: the names with their search keys, the
district with its neighbourhood) goes back only while it still holds what the
import wrote; a person the import created stays when someone has since edited
her or recorded anything about her. The audit entry names what was kept.
`import_undo_leftovers` undoes runs whose process died without a reaper to
call it (a killed `tavana import`), once they are older than a day.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from tavana.audit.services import audit_write

from ..models import ImportLedger, Person, Registration
from .rows import IDENTITY_NAMES

logger = logging.getLogger(__name__)

# fields that are restored together or not at all
_TOGETHER = (
    frozenset({*IDENTITY_NAMES, "name_key", "first_key", "last_key", "father_key", "as_typed"}),
    frozenset({"district_id", "neighbourhood_id"}),
)


def _plain(value):
    """A value as the ledger stores it (JSON through Django's encoder)."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _groups(names) -> list[frozenset[str]]:
    names = set(names) - {"updated_at"}
    groups = [g & names for g in _TOGETHER if g & names]
    return groups + [frozenset({n}) for n in names - set().union(*_TOGETHER)]


def _restore(before: dict[str, dict], after: dict[str, dict]) -> tuple[list[int], dict]:
    """Old values back where the import's values are still there; the persons
    restored and, per person, the fields kept because someone changed them."""
    names = sorted({f for fields in before.values() for f in fields})
    now = {
        row.pop("id"): row
        for row in Person.objects.filter(pk__in=[int(pk) for pk in before]).values("id", *names)
    }
    restored, kept = [], {}
    updates: dict[tuple[str, ...], list[Person]] = {}
    for pk, old in before.items():
        current = now.get(int(pk))
        if current is None:  # merged away or gone: nothing of hers to put back
            continue
        wrote = after.get(pk)
        back, mine = {}, []
        for group in _groups(old):
            if wrote is None or all(_plain(current[f]) == wrote.get(f) for f in group):
                back.update({f: old[f] for f in group})
            else:
                mine += sorted(group)
        if mine:
            kept[pk] = mine
        elif "updated_at" in old:
            back["updated_at"] = old["updated_at"]
        if back:
            updates.setdefault(tuple(sorted(back)), []).append(Person(pk=int(pk), **back))
            restored.append(int(pk))
    for fields, objs in updates.items():
        Person.objects.bulk_update(objs, list(fields), batch_size=500)
    return restored, kept


def _touched_since(ids: list[int], since) -> set[int]:
    """Of the persons an import created, those edited after `since` or with
    anything recorded about them beyond the import's own registration."""
    touched = set(
        Person.objects.filter(pk__in=ids, updated_at__gt=since).values_list("pk", flat=True)
    )
    for rel in Person._meta.related_objects:
        model, field = rel.related_model, rel.field.name
        rows = model._default_manager.filter(**{f"{field}__in": ids})
        if model is Registration:
            rows = rows.exclude(channel=Registration.IMPORT)
        touched.update(rows.values_list(rel.field.attname, flat=True).distinct())
    return touched


def import_undo(run: str, *, actor=None) -> int:
    """Undo every committed chunk of `run`; the number of chunks undone."""
    undone = 0
    for entry in ImportLedger.objects.filter(run=run).order_by("-chunk"):
        with transaction.atomic():
            restored, kept = _restore(entry.before, entry.after)
            ids = [int(i) for i in entry.created_ids]
            stay = _touched_since(ids, entry.created_at)
            gone = [i for i in ids if i not in stay]
            Registration.objects.filter(person_id__in=gone, channel=Registration.IMPORT).delete()
            Person.objects.filter(pk__in=gone).delete()
            audit_write(
                actor=actor if getattr(actor, "pk", None) else None,
                action="person.import_undo",
                object_type="people.person",
                after={
                    "run": run,
                    "chunk": entry.chunk,
                    "deleted": gone,
                    "restored": restored,
                    "kept_edited": kept,
                    "kept_created": sorted(stay),
                },
            )
            entry.delete()
        undone += 1
        if kept or stay:
            logger.warning(
                "import %s chunk %s undone; kept colleagues' work on %s persons",
                run,
                entry.chunk,
                len(kept) + len(stay),
            )
    if undone:
        logger.warning("import %s undone (%s chunks)", run, undone)
    return undone


def import_undo_leftovers(*, older_than: dt.timedelta = dt.timedelta(days=1)) -> int:
    """Runs left half-done by a process that died, older than `older_than`."""
    cutoff = timezone.now() - older_than
    runs = set(ImportLedger.objects.filter(created_at__lt=cutoff).values_list("run", flat=True))
    return sum(1 for run in runs if import_undo(run))
