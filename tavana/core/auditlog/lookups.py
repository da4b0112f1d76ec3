"""What an auditor types, turned into what the log keeps.

The log keeps a person's id and a staff member's username; an auditor knows a
woman by her name or national code and a colleague by her name. The registry
sits above core, so it plugs its finder in from its `ready()`
(`people_finder`); staff are found through Django's user model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Q

from tavana.core.domain.persian_text import clean, to_ascii_digits

# (text, limit) -> person ids; (ids) -> {id: full name}
_FIND: list[Callable[[str, int], list[int]]] = []
_NAMES: list[Callable[[Iterable[int]], dict[int, str]]] = []
LIMIT = 500


def people_finder(find: Callable[[str, int], list[int]], names) -> None:
    """Register the registry's finder (by name, national code or id) and namer."""
    _FIND[:] = [find]
    _NAMES[:] = [names]


def people_matching(text: str) -> list[int]:
    """Ids of the persons the text names: a national code, an id, or a name."""
    text = clean(text)
    if not text:
        return []
    digits = to_ascii_digits(text).strip()
    if digits.isdigit() and len(digits) < 10 and not _FIND:
        return [int(digits)]
    return _FIND[0](text, LIMIT) if _FIND else []


def person_names(ids: Iterable[int]) -> dict[int, str]:
    wanted = {i for i in ids if i}
    return _NAMES[0](wanted) if _NAMES and wanted else {}


def staff_matching(text: str) -> list[str]:
    """Usernames of the staff the text names (username, first or last name)."""
    text = clean(text)
    if not text:
        return []
    q = Q(username__iexact=text)
    for word in text.split():
        q |= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    users = get_user_model().objects.filter(q).values_list("username", flat=True)
    return list(users[:LIMIT])


def record_label(object_type: str) -> str:
    """A record's kind in Persian (the model's verbose name, or the audit's own
    word for a model without a Persian one), else as kept."""
    from tavana.audit.labels import RECORD_LABELS

    if object_type.lower() in RECORD_LABELS:
        return RECORD_LABELS[object_type.lower()]
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return str(model._meta.verbose_name)
