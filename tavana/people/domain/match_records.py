"""Records as typed, and their matching view (pure Python, no Django).

`normalise_fields` turns the contract's nine columns, typed any way people
type them, into a `Normalised` record: names to keys (`dedup_key` after
`strip_titles`), the national code to ten ASCII digits (leading zeros a
spreadsheet ate put back, a doubled keystroke taken out, mistyped codes kept:
their check digit is looked at when compared), the mobile to ``09…``, the
birth date to Jalali (year, month, day) with 0 for a part that was not
given (year-only dates, two-digit years, day-first order and Gregorian
dates are understood), the district to a number and the address to its
words without the ones every address has.

A value typed in the wrong one of the two identifier columns (a mobile in the
national code's column and the code in the mobile's) is put back.
Everything is cached by the typed text: names, dates and districts repeat.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from tavana.core.domain.identifiers import InvalidIdentifier, parse_mobile
from tavana.core.domain.jalali import to_jalali
from tavana.core.domain.persian_text import dedup_key, strip_titles, to_ascii_digits

__all__ = ["FIELDS", "Normalised", "PersonRecord", "normalise", "normalise_fields"]

FIELDS = (
    "id",
    "national_code",
    "first_name",
    "last_name",
    "father_name",
    "birth_date",
    "mobile",
    "district",
    "address",
)

#: the Jalali years a birth date may fall in (anything else is a typing accident)
YEARS = range(1280, 1411)


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """A record as typed (the contract's columns; every field but id may be empty)."""

    id: str
    national_code: str = ""
    first_name: str = ""
    last_name: str = ""
    father_name: str = ""
    birth_date: str = ""
    mobile: str = ""
    district: str = ""
    address: str = ""

    @classmethod
    def from_mapping(cls, row: Mapping[str, object]) -> PersonRecord:
        return cls(*(("" if row.get(f) is None else str(row.get(f))) for f in FIELDS))


class Normalised:
    """The matching view of one record. Empty fields are ``None``; `bd` is the
    Jalali (year, month, day) with month and day 0 when only the year is known."""

    __slots__ = ("address", "bd", "district", "father", "first", "id", "last", "mobile", "nc")

    def __init__(
        self,
        id: str,
        nc: str | None = None,
        first: str | None = None,
        last: str | None = None,
        father: str | None = None,
        bd: tuple[int, int, int] | None = None,
        mobile: str | None = None,
        district: int | None = None,
        address: str | None = None,
    ) -> None:
        self.id = id
        self.nc = nc
        self.first = first
        self.last = last
        self.father = father
        self.bd = bd
        self.mobile = mobile
        self.district = district
        self.address = address

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return "Normalised(" + ", ".join(f"{s}={getattr(self, s)!r}" for s in self.__slots__) + ")"


# ---------------------------------------------------------------------------

_NON_DIGITS = re.compile(r"[^0-9]")
_DATE_PARTS = re.compile(r"\d+")

_CACHE_LIMIT = 1_000_000
_name_cache: dict[str, str | None] = {}
_token_cache: dict[str, str] = {}
_date_cache: dict[str, tuple[int, int, int] | None] = {}

# words that say nothing about *which* address: خیابان/خ، کوچه/ک، پلاک/پ، ...
_ADDRESS_NOISE = frozenset(
    dedup_key(w)
    for w in (
        "تهران", "خیابان", "خ", "کوچه", "ک", "پلاک", "پ", "واحد", "طبقه", "بن‌بست",
        "میدان", "بلوار", "بلوک", "شهید", "نبش", "روبروی", "جنب", "مجتمع", "و", "منطقه",
    )
)  # fmt: skip


def _cached(cache: dict, key: str, value):
    if len(cache) < _CACHE_LIMIT:
        cache[key] = value
    return value


def _digits(raw: str) -> str:
    return raw if raw.isdigit() and raw.isascii() else _NON_DIGITS.sub("", to_ascii_digits(raw))


def name_key(raw: str) -> str | None:
    """The name's key: `dedup_key` after `strip_titles` (None when empty)."""
    try:
        return _name_cache[raw]
    except KeyError:
        pass
    key = dedup_key(strip_titles(raw)) if raw and not raw.isspace() else ""
    return _cached(_name_cache, raw, key or None)


def _address_key(raw: str) -> str | None:
    """The address's words through `dedup_key` (word by word, cached), without
    the words every address has, so «خ آزادی، ک ۵» = «خیابان آزادی، کوچه 5»."""
    if not raw:
        return None
    parts = []
    for token in raw.split():
        key = _token_cache.get(token)
        if key is None:
            key = _cached(_token_cache, token, dedup_key(token))
        if key and key not in _ADDRESS_NOISE:
            parts.append(key)
    return " ".join(parts) or None


def _check_digit_ok(code: str) -> bool:
    r = sum(int(d) * w for d, w in zip(code[:9], range(10, 1, -1), strict=True)) % 11
    return int(code[9]) == (r if r < 2 else 11 - r)


def national_code_digits(raw: str) -> str | None:
    """Ten ASCII digits, mistyped or not; None when nothing like a code was typed.

    Seven to nine digits are a code whose leading zeros a spreadsheet dropped;
    eleven digits with a digit doubled are a key pressed twice (the doubled
    digit is taken out when that gives a valid code).
    """
    if not raw:
        return None
    digits = _digits(raw)
    if len(digits) == 11:
        fixed = [
            digits[:i] + digits[i + 1 :]
            for i in range(10)
            if digits[i] == digits[i + 1] and _check_digit_ok(digits[:i] + digits[i + 1 :])
        ]
        if len(fixed) != 1:  # none, or more than one reading: not a code we can trust
            return None
        digits = fixed[0]
    if not 7 <= len(digits) <= 10:
        return None
    digits = digits.zfill(10)
    if len(set(digits)) == 1:  # 0000000000 and friends are placeholders
        return None
    return digits


def mobile_digits(raw: str) -> str | None:
    """``09…`` (11 ASCII digits) or None (empty, not a mobile, or a placeholder)."""
    if not raw or raw.isspace():
        return None
    if len(raw) == 11 and raw.startswith("09") and raw.isdigit() and raw.isascii():
        value = raw  # already the stored form
    else:
        try:
            value = parse_mobile(raw)
        except InvalidIdentifier:
            return None
    if len(set(value[2:])) == 1:  # 09000000000 and friends
        return None
    return value


def _year(text: str) -> int | None:
    y = int(text)
    if len(text) <= 2:
        y += 1300  # «۶۵/۳/۷»: a two-digit year is 13xx
    elif 1900 <= y <= 2100:
        y -= 621  # a Gregorian year (refined from the full date when there is one)
    return y if y in YEARS else None


def birth_date(raw: str) -> tuple[int, int, int] | None:
    """Jalali (year, month, day), month/day 0 when only the year was given.

    Year first (``1365/3/7``, ``65-03-07``), day first (``07/03/1365``), the
    year alone (``1365``), eight digits (``13650307``) and Gregorian dates
    (``1986-05-28``) are understood; a month over 12 with a day up to 12 is
    read as day and month swapped.
    """
    if not raw:
        return None
    try:
        return _date_cache[raw]
    except KeyError:
        pass
    parts = _DATE_PARTS.findall(to_ascii_digits(raw))
    if len(parts) == 1 and len(parts[0]) == 8:
        p = parts[0]
        parts = [p[:4], p[4:6], p[6:]]
    value = None
    if len(parts) == 1 and len(parts[0]) in (2, 4):
        y = _year(parts[0])
        value = (y, 0, 0) if y else None
    elif len(parts) == 3:
        a, b, c = parts
        if len(c) == 4 or (len(a) <= 2 and len(c) <= 2 and int(a) <= 31 < int(c)):
            a, c = c, a  # day first
        value = _ymd(a, b, c)
    return _cached(_date_cache, raw, value)


def _ymd(ys: str, ms: str, ds: str) -> tuple[int, int, int] | None:
    if len(ys) not in (2, 4):
        return None
    y, m, d = int(ys), int(ms), int(ds)
    if m > 12 >= d:
        m, d = d, m
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    if len(ys) == 4 and 1900 <= y <= 2100:
        try:
            return to_jalali(_dt.date(y, m, d))
        except ValueError:
            return None
    jy = _year(ys)
    return (jy, m, d) if jy else None


def _district(raw: str) -> int | None:
    if not raw:
        return None
    digits = _digits(raw)
    if not digits or len(digits) > 2:
        return None
    value = int(digits)
    return value if 1 <= value <= 99 else None


def normalise(record: PersonRecord | Mapping[str, object]) -> Normalised:
    """The matching view of one record (accepts a `PersonRecord` or a mapping)."""
    if not isinstance(record, PersonRecord):
        record = PersonRecord.from_mapping(record)
    return normalise_fields(
        record.id,
        record.national_code,
        record.first_name,
        record.last_name,
        record.father_name,
        record.birth_date,
        record.mobile,
        record.district,
        record.address,
    )


def normalise_fields(
    id: str,
    national_code: str,
    first_name: str,
    last_name: str,
    father_name: str,
    birth_date_text: str,
    mobile: str,
    district: str,
    address: str,
) -> Normalised:
    """`normalise` for the contract's columns given in `FIELDS` order (strings)."""
    if len(_digits(national_code)) >= 11 and mobile_digits(national_code) is not None:
        # a mobile typed where the code goes (and, often, the code where the mobile goes)
        phone = mobile_digits(national_code)
        nc = national_code_digits(mobile) if mobile_digits(mobile) is None else None
    else:
        nc = national_code_digits(national_code)
        phone = mobile_digits(mobile)
    return Normalised(
        id,
        nc,
        name_key(first_name),
        name_key(last_name),
        name_key(father_name),
        birth_date(birth_date_text),
        phone,
        _district(district),
        _address_key(address),
    )
