"""Her ranked choices of a round's bazaars (what she picks is kept on a refusal)."""

from __future__ import annotations

from django import forms

from tavana.core.domain.jalali import format_jalali
from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.forms import StyledForm

ORDINALS = ["اول", "دوم", "سوم", "چهارم", "پنجم"]
WRONG_CHOICE = "این گزینه از بازارچه‌های این دوره نیست؛ از فهرست انتخاب کنید."


def event_label(e) -> str:
    return (
        f"{e.name} — {e.venue.name} "
        f"({to_persian_digits(format_jalali(e.start_date))} تا "
        f"{to_persian_digits(format_jalali(e.end_date))})"
    )


class ChoicesForm(StyledForm):
    """Up to five events of one round in the order she wants them. The events
    offered are the round's own; the service says why one cannot be taken
    (closed window, a category it does not take, already chosen)."""

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.events = {e.pk: e for e in events}
        choices = [("", "— انتخاب نمی‌کنم —")] + [(e.pk, event_label(e)) for e in events]
        for i in range(min(len(ORDINALS), max(1, len(events)))):
            field = forms.TypedChoiceField(
                label=f"انتخاب {ORDINALS[i]}",
                choices=choices,
                coerce=int,
                required=False,
                error_messages={"invalid_choice": WRONG_CHOICE},
            )
            field.widget.attrs["class"] = "form-select"
            field.widget.attrs["aria-describedby"] = self.help_id
            self.fields[f"choice_{i + 1}"] = field

    @property
    def help_id(self) -> str:
        return f"{self.prefix or 'choices'}-help"

    def error_id(self, name: str) -> str:
        return f"id_{self.add_prefix(name)}-error"

    def full_clean(self):
        super().full_clean()
        self._describe()

    def add_error(self, field, error):
        super().add_error(field, error)
        self._describe()

    def _describe(self) -> None:
        """Each message tied to its field; the form's own messages to every field."""
        whole = f" {self.prefix or 'choices'}-errors" if self.non_field_errors() else ""
        for name, field in self.fields.items():
            mine = f" {self.error_id(name)}" if name in (self._errors or {}) else ""
            field.widget.attrs["aria-describedby"] = self.help_id + mine + whole
            if whole:
                field.widget.attrs["aria-invalid"] = "true"

    def clean(self):
        data = super().clean()
        seen: set[int] = set()
        picked = []
        for name in self.fields:
            pk = data.get(name)
            if pk in (None, ""):
                continue
            if pk in seen:
                self.add_error(name, "این بازارچه را در انتخاب بالاتری آورده‌اید.")
                continue
            seen.add(pk)
            picked.append(self.events[pk])
        if not picked and not self.errors:
            self.add_error("choice_1", "دست‌کم یک بازارچه را انتخاب کنید.")
        data["events"] = picked
        return data


class DeclineForm(StyledForm):
    sure = forms.BooleanField(
        label="مطمئنم؛ این غرفه به نفر بعدی فهرست انتظار داده شود.",
        error_messages={"required": "برای انصراف، این گزینه را تیک بزنید."},
    )
