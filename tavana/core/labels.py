"""The no-label checks against the administrator's labelling-word list."""

from __future__ import annotations

from .domain.naming import DEFAULT_LABELS, NameCheck, check_public_name, check_sms_text
from .models import LabelWord


def label_words() -> tuple[tuple[str, str], ...]:
    """The active words and their reasons. A database with no list at all (a fresh
    test database) checks against the default list rather than against nothing."""
    rows = list(LabelWord.objects.values_list("word", "reason", "active"))
    if not rows:
        return DEFAULT_LABELS
    return tuple((w, r) for w, r, active in rows if active)


def public_name_check(name: str | None) -> NameCheck:
    return check_public_name(name, label_words())


def sms_text_check(text: str | None) -> str:
    """The Persian reason an SMS text is refused, or "" when it may go."""
    check = check_sms_text(text, label_words())
    return "" if check.ok else check.reason
