"""Validate and tidy a person's fields as typed (pure Python, no Django).

One function used by the registration form, the importer and the API, so a
value accepted in one place is accepted everywhere, with the same Persian
message when it is not.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from tavana.core.domain.identifiers import (
    InvalidIdentifier,
    parse_mobile,
    parse_national_code,
    parse_postal_code,
)
from tavana.core.domain.jalali import InvalidDate, parse_jalali
from tavana.core.domain.persian_text import (
    clean,
    dedup_key,
    search_key,
    to_ascii_digits,
    to_persian_digits,
)

LABELS = {
    "national_code": "کد ملی",
    "first_name": "نام",
    "last_name": "نام خانوادگی",
    "father_name": "نام پدر",
    "birth_date": "تاریخ تولد",
    "mobile": "تلفن همراه",
    "other_phones": "تلفن‌های دیگر",
    "district": "منطقه",
    "address": "نشانی",
    "postal_code": "کد پستی",
    "occupation": "شغل",
    "monthly_income": "درآمد ماهانه",
    "health_notes": "سلامت و معلولیت",
    "other_id_kind": "نوع مدرک شناسایی دیگر",
    "other_id": "شمارهٔ مدرک شناسایی دیگر",
    "no_code_reason": "چرا کد ملی ندارد",
}
# A woman without a national code (a foreign national with a residence card, …)
# is registered with another identity document, its number and the reason.
OTHER_ID_KINDS = [
    ("residence", "کارت اقامت اتباع"),
    ("census", "برگهٔ سرشماری یا کارت آمایش اتباع"),
    ("passport", "گذرنامه"),
    ("refugee", "کارت پناهندگی"),
]
OTHER_ID_LENGTH = (5, 20)
NAME_FIELDS = ("first_name", "last_name", "father_name")
TEXT_FIELDS = ("address", "occupation", "other_phones", "health_notes", "no_code_reason")
REQUIRED = ("first_name", "last_name")
MAX_LENGTH = {
    "first_name": 100,
    "last_name": 100,
    "father_name": 100,
    "address": 300,
    "occupation": 100,
    "other_phones": 100,
    "no_code_reason": 200,
}
EARLIEST_BIRTH = _dt.date(1900, 1, 1)


@dataclass
class Checked:
    values: dict = field(default_factory=dict)  # plain stored values
    errors: dict = field(default_factory=dict)  # field → Persian message
    as_typed: dict = field(default_factory=dict)  # field → typed text, where it differs

    @property
    def ok(self) -> bool:
        return not self.errors


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _check_birth_date(typed, today: _dt.date, out: Checked) -> None:
    """A birth date typed in Jalali (any digits) or given as a date: not in the
    future, not before 1279."""
    if isinstance(typed, _dt.datetime):
        out.values["birth_date"] = typed.date()
    elif isinstance(typed, _dt.date):
        out.values["birth_date"] = typed
    elif not _text(typed).strip():
        out.values["birth_date"] = None
    else:
        try:
            out.values["birth_date"] = parse_jalali(_text(typed))
        except InvalidDate as e:
            out.errors["birth_date"] = e.message
    born = out.values.get("birth_date")
    if born and born > today:
        out.errors["birth_date"] = "تاریخ تولد نمی‌تواند در آینده باشد."
    elif born and born < EARLIEST_BIRTH:
        out.errors["birth_date"] = "تاریخ تولد پیش از ۱۲۷۹ پذیرفته نیست."


def check_person_fields(
    raw: dict,
    *,
    today: _dt.date | None = None,
    districts: range | set | None = None,
    partial: bool = False,
) -> Checked:
    """Check the fields present in ``raw`` (strings as typed, any digit script).

    With ``partial`` only the given fields are checked (an update); otherwise the
    required fields must be there. Unknown keys are ignored.
    """
    today = today or _dt.date.today()
    out = Checked()
    for name in REQUIRED:
        if not partial or name in raw:
            if not clean(_text(raw.get(name))):
                out.errors[name] = f"{LABELS[name]} را وارد کنید."
    for name in NAME_FIELDS + TEXT_FIELDS:
        if name not in raw or name in out.errors:
            continue
        typed = _text(raw[name])
        value = clean(typed)
        if name in MAX_LENGTH and len(value) > MAX_LENGTH[name]:
            out.errors[name] = too_long(LABELS[name], MAX_LENGTH[name], len(value))
            continue
        if name in NAME_FIELDS and value and any(c.isdigit() for c in value):
            out.errors[name] = f"{LABELS[name]} نباید رقم داشته باشد."
            continue
        out.values[name] = value
        if typed.strip() != value and name in NAME_FIELDS:
            out.as_typed[name] = typed
    parsers = {
        "national_code": parse_national_code,
        "mobile": parse_mobile,
        "postal_code": parse_postal_code,
    }
    for name, parse in parsers.items():
        if name not in raw:
            continue
        typed = _text(raw[name]).strip()
        if not typed:
            out.values[name] = None if name == "national_code" else ""
            continue
        try:
            out.values[name] = parse(typed)
        except InvalidIdentifier as e:
            out.errors[name] = e.message
    if "birth_date" in raw:
        _check_birth_date(raw["birth_date"], today, out)
    _check_other_id(raw, out)
    if "district" in raw:
        typed = to_ascii_digits(_text(raw["district"])).strip()
        typed = typed.replace("منطقه", "").replace("ٔ", "").strip()
        if not typed:
            out.values["district"] = None
        elif not typed.isdecimal():  # "²" is a digit, but not a number int() reads
            out.errors["district"] = "منطقه باید یک عدد باشد (مثلاً ۴)."
        elif districts is not None and int(typed) not in districts:
            out.errors["district"] = f"منطقهٔ {typed} در این شهر وجود ندارد."
        else:
            out.values["district"] = int(typed)
    if "monthly_income" in raw:
        typed = to_ascii_digits(_text(raw["monthly_income"])).replace(",", "").replace("٬", "")
        typed = typed.strip()
        if not typed:
            out.values["monthly_income"] = None
        elif not typed.isdecimal():  # "²" is a digit, but not a number int() reads
            out.errors["monthly_income"] = "درآمد ماهانه باید عدد (به تومان) باشد."
        else:
            out.values["monthly_income"] = int(typed)
    return out


def too_long(label: str, limit: int, length: int) -> str:
    """The refusal of a text over its limit, with both numbers in Persian digits."""
    return (
        f"{label} حداکثر {to_persian_digits(limit)} نویسه است؛ "
        f"{to_persian_digits(length)} نویسه نوشته شده."
    )


def normal_other_id(typed) -> str:
    """A document number as stored: ASCII digits, capital letters, no spaces or dashes."""
    text = to_ascii_digits(_text(typed)).upper()
    return "".join(c for c in text if c not in " -_/\u200c\u200f\u200e")


def _check_other_id(raw: dict, out: Checked) -> None:
    if "other_id_kind" in raw:
        kind = _text(raw["other_id_kind"]).strip()
        if kind and kind not in dict(OTHER_ID_KINDS):
            out.errors["other_id_kind"] = "نوع مدرک را از فهرست برگزینید."
        else:
            out.values["other_id_kind"] = kind
    if "other_id" in raw:
        number = normal_other_id(raw["other_id"])
        low, high = OTHER_ID_LENGTH
        if number and not (number.isascii() and number.isalnum()):
            out.errors["other_id"] = "شمارهٔ مدرک فقط رقم و حرف لاتین دارد."
        elif number and not low <= len(number) <= high:
            out.errors["other_id"] = (
                f"شمارهٔ مدرک {to_persian_digits(low)} تا {to_persian_digits(high)} نویسه است."
            )
        else:
            out.values["other_id"] = number


NEED_DISTRICT = "منطقهٔ محل زندگی او را برگزینید."
NEED_IDENTITY = (
    "کد ملی را وارد کنید؛ اگر کد ملی ندارد، نوع و شمارهٔ مدرک دیگرش و دلیل نداشتن کد ملی را."
)


def registration_identity_errors(values: dict, errors: dict) -> dict[str, str]:
    """What registering a woman needs beyond her name: the district, and either her
    national code or, without one, another document's kind and number and the
    reason she has no code. `values` and `errors` are a check's results (a field
    already refused is not asked for again)."""
    out: dict[str, str] = {}
    if not values.get("district") and "district" not in errors:
        out["district"] = NEED_DISTRICT
    if values.get("national_code") or "national_code" in errors:
        return out
    other = {n: values.get(n) for n in ("other_id_kind", "other_id", "no_code_reason")}
    if not any(other.values()):
        out["national_code"] = NEED_IDENTITY
        return out
    asks = {
        "other_id_kind": "نوع مدرک را برگزینید.",
        "other_id": "شمارهٔ مدرک را وارد کنید.",
        "no_code_reason": "بنویسید چرا کد ملی ندارد (مثلاً تبعهٔ خارجی با کارت اقامت).",
    }
    for name, message in asks.items():
        if not other[name] and name not in errors:
            out[name] = message
    return out


def person_keys(values: dict) -> dict:
    """The search and matching keys stored beside the names."""
    first = values.get("first_name", "")
    last = values.get("last_name", "")
    return {
        "name_key": search_key(f"{first} {last}"),
        "first_key": dedup_key(first),
        "last_key": dedup_key(last),
        "father_key": dedup_key(values.get("father_name", "")),
    }
