from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from tavana.accounts import roles

from .models import AuditEntry

# Entries about protected programmes (tavana.protected) are shown to auditors only:
# to anyone else, an administrator included, the log leaves no trace of them.
PROTECTED_ACTIONS = "protected."

TEHRAN = ZoneInfo("Asia/Tehran")


def audit_entry_list(
    *,
    actor,
    person=None,
    user="",
    action="",
    kind="",
    start=None,
    end=None,
    people: list[int] | None = None,
    usernames: list[str] | None = None,
):
    """Entries matching the filters, newest first. `start`/`end` are dates in Tehran.
    `people` / `usernames`: any of these persons / staff (an empty list matches none)."""
    qs = AuditEntry.objects.all()
    if getattr(actor, "role", None) != roles.AUDITOR:
        qs = qs.exclude(action__startswith=PROTECTED_ACTIONS)
    if person:
        qs = qs.filter(person_id=person)
    if people is not None:
        qs = qs.filter(person_id__in=people)
    if user:
        qs = qs.filter(actor_username__iexact=user)
    if usernames is not None:
        qs = qs.filter(actor_username__in=usernames)
    if action:
        qs = qs.filter(action=action)
    if kind:
        qs = qs.filter(kind=kind)
    if start:
        qs = qs.filter(at__gte=datetime.combine(start, time.min, TEHRAN))
    if end:
        qs = qs.filter(at__lt=datetime.combine(end + timedelta(days=1), time.min, TEHRAN))
    return qs.order_by("-seq")


def audit_history(*, actor, actions: tuple[str, ...], object_id: str = "", limit: int = 20):
    """The latest entries of some actions (a configuration screen's history), with
    their Persian labels and changes."""
    from .labels import action_label, changes

    qs = audit_entry_list(actor=actor).filter(action__in=actions)
    if object_id:
        qs = qs.filter(object_id=object_id)
    rows = list(qs[:limit])
    for e in rows:
        e.label, e.changes = action_label(e.action), changes(e)
    return rows
