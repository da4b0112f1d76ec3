"""The import's columns: which header names mean which field (Persian and the
dedup contract's English names, compared through `dedup_key` so spacing,
half-spaces and ی/ي do not matter)."""

from __future__ import annotations

from tavana.core.domain.persian_text import dedup_key

from ..domain.fields import LABELS
from .tabular import UnreadableFile

IGNORED = "__ignored__"

HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "national_code": (
        "کد ملی",
        "کدملی",
        "شماره ملی",
        "کد ملی فرد",
        "national_code",
        "national code",
        "nationalcode",
        "national_id",
    ),
    "first_name": ("نام", "اسم", "نام کوچک", "first_name", "firstname", "first name"),
    "last_name": (
        "نام خانوادگی",
        "نام‌خانوادگی",
        "فامیلی",
        "نام فامیل",
        "last_name",
        "lastname",
        "last name",
        "surname",
        "family_name",
    ),
    "father_name": ("نام پدر", "نام‌پدر", "father_name", "fathername", "father name"),
    "birth_date": (
        "تاریخ تولد",
        "تاریخ‌تولد",
        "تولد",
        "birth_date",
        "birthdate",
        "date of birth",
    ),
    "mobile": (
        "تلفن همراه",
        "موبایل",
        "شماره همراه",
        "شماره موبایل",
        "همراه",
        "شماره تلفن همراه",
        "شماره تماس",
        "mobile",
        "cell",
        "phone_mobile",
    ),
    "district": ("منطقه", "شماره منطقه", "منطقهٔ شهرداری", "district"),
    "address": ("نشانی", "آدرس", "نشانی منزل", "آدرس منزل", "address"),
    "postal_code": ("کد پستی", "کدپستی", "postal_code", "postcode"),
    "occupation": ("شغل", "occupation", "job"),
    "other_phones": ("تلفن‌های دیگر", "تلفن ثابت", "تلفن منزل", "other_phones", "phone"),
    IGNORED: ("ردیف", "شماره ردیف", "شناسه", "id", "row"),
}
_ALIAS_KEYS = {dedup_key(a): f for f, names in HEADER_ALIASES.items() for a in names}


def map_headers(headers: list[str]) -> tuple[list[str | None], list[str]]:
    """Field name (or None for an unknown column) per header, and the unknown headers.

    Raises `UnreadableFile` when no column is recognised or one field comes twice.
    """
    mapping: list[str | None] = []
    unknown: list[str] = []
    seen: dict[str, str] = {}
    for h in headers:
        f = _ALIAS_KEYS.get(dedup_key(h)) if h else None
        if f is None:
            mapping.append(None)
            if h:
                unknown.append(h)
            continue
        if f != IGNORED:
            if f in seen:
                raise UnreadableFile(
                    f"ستون «{LABELS.get(f, f)}» دو بار آمده است: «{seen[f]}» و «{h}»."
                )
            seen[f] = h
        mapping.append(f)
    if not ({"national_code", "first_name", "last_name"} & set(seen)):
        raise UnreadableFile(
            "سطر عنوان ستون‌ها شناخته نشد؛ دست‌کم ستون «کد ملی» یا «نام» و «نام خانوادگی» لازم است."
        )
    return mapping, unknown
