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


def _word_view(w: LabelWord) -> dict:
    return {"word": w.word, "reason": w.reason, "active": w.active}


def label_word_save(*, actor, data: dict, word: LabelWord | None = None) -> LabelWord:
    """Add a labelling word, or change one's reason or retire it (never deleted)."""
    from django.db import transaction

    from tavana.accounts.access import access_action
    from tavana.audit.services import audit_write
    from tavana.core.errors import ServiceError

    from .domain.naming import word_key

    access_action(actor, "config.manage")
    text = (data.get("word") or "").strip() if word is None else word.word
    reason = (data.get("reason") or "").strip()
    errors = {}
    if word is None:
        key = word_key(text)
        if not key:
            errors["word"] = "واژه یا عبارت را بنویسید."
        elif LabelWord.objects.filter(key=key).exists():
            errors["word"] = "این واژه (با همین نوشتار یا نوشتار دیگری) در فهرست هست."
    if not reason:
        errors["reason"] = (
            "بنویسید چرا این واژه برچسب است (به کسی که آن را به کار برده نشان داده می‌شود)."
        )
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        if word is None:
            if not LabelWord.objects.exists():  # the list was the code's: keep it as data first
                from .domain.naming import DEFAULT_LABELS

                LabelWord.objects.bulk_create(
                    [LabelWord(word=w, key=word_key(w), reason=r) for w, r in DEFAULT_LABELS]
                )
            word = LabelWord.objects.create(word=text, key=word_key(text), reason=reason)
            audit_write(
                actor=actor, action="config.label_word_add", obj=word, after=_word_view(word)
            )
            return word
        before = _word_view(word)
        word.reason, word.active = reason, data.get("active", True) is not False
        word.save()
        after = _word_view(word)
        changed = [k for k in after if before[k] != after[k]]
        if changed:
            audit_write(
                actor=actor,
                action="config.label_word_update",
                obj=word,
                before={k: before[k] for k in changed},
                after={"word": word.word, **{k: after[k] for k in changed}},
            )
    return word
