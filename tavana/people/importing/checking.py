"""Checking the import's rows: `check_person_fields` (the registration form's own
rules and Persian messages), cached per distinct value for the fields whose
values repeat a great deal."""

from __future__ import annotations

import datetime as dt

from tavana.core.domain.jalali import parse_plain_jalali

from ..domain.fields import LABELS, check_person_fields

# Fields whose values repeat across rows: their checks are cached per value.
CACHED_FIELDS = ("first_name", "last_name", "father_name", "birth_date", "district", "occupation")


class RowChecker:
    """`check_person_fields` per row, cached per value for the repeating fields."""

    def __init__(self, districts: set[int]):
        self.districts = districts
        self.today = dt.date.today()
        self.cache: dict[tuple[str, object], tuple[object, str | None, str | None]] = {}

    def one(self, name: str, value) -> tuple[object, str | None, str | None]:
        key = (name, value)
        hit = self.cache.get(key)
        if hit is None:
            c = check_person_fields(
                {name: value}, today=self.today, districts=self.districts, partial=True
            )
            hit = (c.values.get(name), c.errors.get(name), c.as_typed.get(name))
            if len(self.cache) < 500_000:
                self.cache[key] = hit
        return hit

    def birth_date(self, value):
        """`one("birth_date", value)`, cached by the typed text, with the common
        plain Y/M/D form read by `parse_plain_jalali` (most birth dates in a
        file are distinct, and the full parser's checks cost more than the
        conversion); anything else takes the normal path, so the result and the
        Persian messages are the same."""
        if value.__class__ is not str:
            return self.one("birth_date", value)
        key = ("birth_date", "typed", value)
        hit = self.cache.get(key)
        if hit is None:
            plain = parse_plain_jalali(value)
            hit = self.one("birth_date", value if plain is None else plain)
            if len(self.cache) < 500_000:
                self.cache[key] = hit
        return hit

    def row(self, raw: dict) -> tuple[dict, dict, dict]:
        values: dict = {}
        errors: dict = {}
        as_typed: dict = {}
        rest = {}
        for name, value in raw.items():
            if name in CACHED_FIELDS:
                if name == "birth_date":
                    v, err, typed = self.birth_date(value)
                else:
                    v, err, typed = self.one(name, value)
                if err:
                    errors[name] = err
                else:
                    values[name] = v
                    if typed:
                        as_typed[name] = typed
            else:
                rest[name] = value
        if rest:
            c = check_person_fields(rest, today=self.today, partial=True)
            values.update(c.values)
            errors.update(c.errors)
            as_typed.update(c.as_typed)
        return values, errors, as_typed


def present(value) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def reason(errors: dict) -> str:
    return "؛ ".join(f"{LABELS.get(k, k)}: {v.rstrip('.')}" for k, v in errors.items())
