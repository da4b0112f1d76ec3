"""Iranian identifiers: national code, mobile, postal code, Sheba (pure Python).

Every ``parse_*`` accepts digits of any script, surrounding spaces and the
spaces/dashes people type inside, and returns the stored form (ASCII digits)
or raises :class:`InvalidIdentifier` whose ``message`` says in Persian what is
wrong. ``int`` input is accepted too (spreadsheets turn codes into numbers).

Decisions:

- National code: 8 or 9 digits are left-padded with zeros (spreadsheets drop
  the leading zeros of Tehran codes such as 0012345679). All-same digits and
  codes whose six middle digits are all zero are rejected, as are codes whose
  check digit is wrong.
- Mobile: ``09xxxxxxxxx``, ``9xxxxxxxxx``, ``+989…``, ``00989…``, ``989…``
  (and ``+98 0912…``) → ``09xxxxxxxxx``. Operator prefixes are not checked
  (new ones appear).
- Postal code: exactly 10 digits; no further rule is enforced.
- Sheba: ``IR`` + 24 digits with the ISO 13616 mod-97 check; lowercase ``ir``
  and a bare 24-digit number (forms that print ``IR`` themselves) accepted.
"""

from __future__ import annotations

import re
from operator import mul

from .persian_text import to_ascii_digits, to_persian_digits

__all__ = [
    "InvalidIdentifier",
    "format_mobile",
    "format_sheba",
    "is_valid_mobile",
    "is_valid_national_code",
    "is_valid_postal_code",
    "is_valid_sheba",
    "make_national_code",
    "make_sheba",
    "national_code_check_digit",
    "parse_mobile",
    "parse_national_code",
    "parse_postal_code",
    "parse_sheba",
    "sheba_check_digits",
]


class InvalidIdentifier(ValueError):
    """An identifier that cannot be accepted; ``message`` is Persian.

    ``code`` is a short machine-readable reason: ``empty``, ``chars``,
    ``length``, ``repeated``, ``invalid``, ``checksum``, ``prefix``.
    """

    def __init__(self, message: str, *, code: str = "invalid", field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field

    def __str__(self) -> str:
        return self.message


# Characters people type inside identifiers that carry no meaning.
_SEPARATORS = " \t\r\n\u00a0\u2009\u202f-_‐‑‒–—−()"
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u0640"
_FLOAT_TAIL_RE = re.compile(r"(?<=\d)\.0+$")
_STRIP_TABLE = dict.fromkeys(map(ord, _SEPARATORS + _INVISIBLE))


def _compact(value: object) -> str:
    """ASCII digits, without separators or invisible marks; ``""`` for None."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = to_ascii_digits(value).translate(_STRIP_TABLE)
    # "12345678.0": a number that went through a spreadsheet as a float
    return _FLOAT_TAIL_RE.sub("", s)


def _p(n: int) -> str:
    return to_persian_digits(n)


def _digits(value: object, label: str, field: str) -> str:
    s = _compact(value)
    if not s:
        raise InvalidIdentifier(f"{label} وارد نشده است", code="empty", field=field)
    if not (s.isascii() and s.isdigit()):
        raise InvalidIdentifier(f"{label} فقط باید رقم داشته باشد", code="chars", field=field)
    return s


# ------------------------------------------------------------- national code

_NC = "کد ملی"


def national_code_check_digit(first9: str) -> int:
    """Check digit of a national code from its first nine digits."""
    s = _digits(first9, "نُه رقم اول کد ملی", "national_code")
    if len(s) != 9:
        raise InvalidIdentifier(
            "برای رقم کنترل، نُه رقم اول کد ملی لازم است", code="length", field="national_code"
        )
    return _check_digit(s)


def _check_digit(s: str) -> int:
    """The check digit for the first nine of ``s`` (ASCII digits, already checked)."""
    r = sum(map(mul, map(int, s[:9]), _WEIGHTS)) % 11
    return r if r < 2 else 11 - r


_WEIGHTS = range(10, 1, -1)


def parse_national_code(value: object) -> str:
    """A valid national code as 10 ASCII digits, or :class:`InvalidIdentifier`."""
    s = _digits(value, _NC, "national_code")
    if len(s) in (8, 9):
        s = s.zfill(10)
    if len(s) != 10:
        raise InvalidIdentifier(
            f"{_NC} باید ۱۰ رقم باشد ({_p(len(s))} رقم وارد شده است)",
            code="length",
            field="national_code",
        )
    if len(set(s)) == 1:
        raise InvalidIdentifier(
            f"{_NC} با ارقام یکسان معتبر نیست", code="repeated", field="national_code"
        )
    if s[3:9] == "000000":
        raise InvalidIdentifier(
            f"{_NC} معتبر نیست (شش رقم میانی صفر است)", code="invalid", field="national_code"
        )
    if _check_digit(s) != int(s[9]):
        raise InvalidIdentifier(
            f"رقم کنترل {_NC} درست نیست", code="checksum", field="national_code"
        )
    return s


def is_valid_national_code(value: object) -> bool:
    try:
        parse_national_code(value)
    except (InvalidIdentifier, TypeError, ValueError):
        return False
    return True


def make_national_code(first9: str) -> str:
    """First nine digits + their check digit (for demo data and tests).

    Raises :class:`InvalidIdentifier` when the result would still be rejected
    (all-same digits, six zero middle digits).
    """
    s = _digits(first9, "نُه رقم اول کد ملی", "national_code")
    return parse_national_code(s + str(national_code_check_digit(s)))


# -------------------------------------------------------------------- mobile

_MOBILE = "شماره همراه"
_MOBILE_SHAPE = f"{_MOBILE} باید ۱۱ رقم و به شکل ۰۹xxxxxxxxx باشد"


def parse_mobile(value: object) -> str:
    """An Iranian mobile number in the stored form ``09xxxxxxxxx``."""
    raw = _compact(value)
    if not raw:
        raise InvalidIdentifier(f"{_MOBILE} وارد نشده است", code="empty", field="mobile")
    if raw.startswith("+"):
        raw = "00" + raw[1:]
    if not (raw.isascii() and raw.isdigit()):
        raise InvalidIdentifier(f"{_MOBILE} فقط باید رقم داشته باشد", code="chars", field="mobile")
    s = raw
    if s.startswith("0098"):
        s = s[4:]
    elif s.startswith("98") and len(s) in (12, 13):
        s = s[2:]
    if len(s) == 11 and s.startswith("0"):
        s = s[1:]
    if len(s) != 10:
        raise InvalidIdentifier(_MOBILE_SHAPE, code="length", field="mobile")
    if s[0] != "9":
        if raw.startswith("09"):
            raise InvalidIdentifier(_MOBILE_SHAPE, code="length", field="mobile")
        raise InvalidIdentifier(f"{_MOBILE} باید با ۰۹ شروع شود", code="prefix", field="mobile")
    return "0" + s


def is_valid_mobile(value: object) -> bool:
    try:
        parse_mobile(value)
    except (InvalidIdentifier, TypeError, ValueError):
        return False
    return True


def format_mobile(value: object, persian_digits: bool = True) -> str:
    """``09121234567`` → «۰۹۱۲ ۱۲۳ ۴۵۶۷» for display (input must be valid)."""
    s = parse_mobile(value)
    out = f"{s[:4]} {s[4:7]} {s[7:]}"
    return to_persian_digits(out) if persian_digits else out


# --------------------------------------------------------------- postal code

_POSTAL = "کد پستی"


def parse_postal_code(value: object) -> str:
    """A postal code as 10 ASCII digits."""
    s = _digits(value, _POSTAL, "postal_code")
    if len(s) != 10:
        raise InvalidIdentifier(
            f"{_POSTAL} باید ۱۰ رقم باشد ({_p(len(s))} رقم وارد شده است)",
            code="length",
            field="postal_code",
        )
    return s


def is_valid_postal_code(value: object) -> bool:
    try:
        parse_postal_code(value)
    except (InvalidIdentifier, TypeError, ValueError):
        return False
    return True


# --------------------------------------------------------------------- Sheba

_SHEBA = "شماره شبا"
# ISO 13616: letters count as 10..35; I = 18, R = 27.
_IR = "1827"


def _mod97(digits: str) -> int:
    return int(digits) % 97


def sheba_check_digits(bban: str) -> str:
    """The two check digits of ``IR??`` + ``bban`` (22 digits)."""
    b = _compact(bban)
    if not (len(b) == 22 and b.isascii() and b.isdigit()):
        raise InvalidIdentifier("برای ساختن شبا ۲۲ رقم حساب لازم است", code="length", field="sheba")
    return f"{98 - _mod97(b + _IR + '00'):02d}"


def make_sheba(bban: str) -> str:
    """``IR`` + check digits + the 22-digit BBAN (bank code and account), e.g.
    for demo data: ``make_sheba("0170000000123456789012")``."""
    b = _compact(bban)
    return "IR" + sheba_check_digits(b) + b


def parse_sheba(value: object) -> str:
    """A Sheba number as ``IR`` + 24 ASCII digits, mod-97 checked."""
    s = _compact(value).upper()
    if not s:
        raise InvalidIdentifier(f"{_SHEBA} وارد نشده است", code="empty", field="sheba")
    if s.startswith("IR"):
        body = s[2:]
    elif s.isascii() and s.isdigit() and len(s) == 24:
        body = s
    else:
        raise InvalidIdentifier(
            f"{_SHEBA} باید با IR شروع شود و ۲۴ رقم داشته باشد", code="prefix", field="sheba"
        )
    if not (body.isascii() and body.isdigit()):
        raise InvalidIdentifier(
            f"{_SHEBA} بعد از IR فقط باید رقم داشته باشد", code="chars", field="sheba"
        )
    if len(body) != 24:
        raise InvalidIdentifier(
            f"{_SHEBA} باید IR و ۲۴ رقم باشد ({_p(len(body))} رقم وارد شده است)",
            code="length",
            field="sheba",
        )
    check, bban = body[:2], body[2:]
    if check in ("00", "01", "99") or _mod97(bban + _IR + check) != 1:
        raise InvalidIdentifier(
            f"{_SHEBA} معتبر نیست (رقم‌های کنترل درست نیست)", code="checksum", field="sheba"
        )
    return "IR" + body


def is_valid_sheba(value: object) -> bool:
    try:
        parse_sheba(value)
    except (InvalidIdentifier, TypeError, ValueError):
        return False
    return True


def format_sheba(value: object) -> str:
    """``IR`` + 24 digits in groups of four, e.g. ``IR06 0170 0000 …`` (LTR)."""
    s = parse_sheba(value)
    return " ".join(s[i : i + 4] for i in range(0, len(s), 4))
