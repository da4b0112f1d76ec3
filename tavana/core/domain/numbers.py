"""Every number a person reads, written one way (pure Python, no Django).

- `format_number(n)`: Persian digits, «٬» between thousands, «٫» before the
  decimals — 1234567 → ۱٬۲۳۴٬۵۶۷, 7.6 → ۷٫۶. Pages (`|fa_num`), Excel sheet
  names, SMS placeholders and services' messages all call it.
- `persian_numbers(text)`: a sentence with numbers written in Latin digits
  («حداقل 20 نویسه», «۷.۶») made Persian at the edge where it reaches a person
  (a refusal, a form's error, a flash message). Digits glued to Latin letters
  (a username `registrar1`, a code `K001`, `xlsx`) are left as they are: those
  are Latin by nature.
- `read_number(typed)`: the other way — what a person typed in a number box
  (۱۲٬۵۰۰, ٢٫٥) as the ASCII text Python reads (12500, 2.5).
"""

from __future__ import annotations

import re
from decimal import Decimal

from .persian_text import to_ascii_digits, to_persian_digits

THOUSANDS = "٬"  # U+066C ARABIC THOUSANDS SEPARATOR
DECIMAL = "٫"  # U+066B ARABIC DECIMAL SEPARATOR


def format_number(value: object, *, decimals: int | None = None, grouping: bool = True) -> str:
    """A number as a person reads it. `decimals` fixes the places after «٫»
    (default: none for whole numbers, a Decimal's own places, at most two for a
    float; trailing zeros dropped). A value that is not a number is returned with
    Persian digits; None gives ""."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return to_persian_digits(str(value))
    try:
        number = value if isinstance(value, int | float | Decimal) else Decimal(str(value).strip())
    except ArithmeticError:
        return to_persian_digits(str(value))
    sep = "," if grouping else ""
    if decimals is None:
        if isinstance(number, int) or number == int(number):
            text = f"{int(number):{sep}}" if sep else str(int(number))
        elif isinstance(number, Decimal):  # as many places as it has
            text = f"{number:{sep}f}".rstrip("0").rstrip(".")
        else:  # a float: at most two places
            text = f"{number:{sep}.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{number:{sep}.{decimals}f}"
    if text in ("-0", "-0.0"):
        text = text[1:]
    return to_persian_digits(text.replace(",", THOUSANDS).replace(".", DECIMAL))


# A run of digits (any script) with «.» «,» «٫» «٬» «/» only *between* digits
# (7.6, 1,234, 1403/05/01), not glued to a Latin letter, an underscore, a
# slash or a backslash on either side (registrar1, K001, /people/12/).
_NUMBER_IN_TEXT = re.compile(r"(?<![A-Za-z_/\\.=\d])\d+(?:[.,٫٬/]\d+)*(?![A-Za-z_/\\\d])")


def _persian_run(m: re.Match[str]) -> str:
    return to_persian_digits(m.group().replace(".", DECIMAL).replace(",", THOUSANDS))


def persian_numbers(text: object) -> str:
    """`text` with every free-standing number in Persian digits (and «٫» «٬»);
    numbers inside Latin words or paths are left alone."""
    if text is None:
        return ""
    s = str(text)
    if not any(c.isdigit() for c in s):
        return s
    return _NUMBER_IN_TEXT.sub(_persian_run, s)


# What a person may type in a number box besides digits: «٫» (or «/», as many
# write a decimal by hand) for the point, «٬» or «,» between thousands, a minus
# sign of any kind, and spaces or direction marks pasted along with it.
_TYPED_NUMBER = str.maketrans(
    {
        DECIMAL: ".",
        "/": ".",
        THOUSANDS: None,
        ",": None,
        "\u2212": "-",  # MINUS SIGN
        "\u2013": "-",  # EN DASH
        " ": None,
        "\u00a0": None,
        "\u200c": None,
        "\u200e": None,
        "\u200f": None,
        "\u061c": None,
    }
)


def read_number(text: object) -> str:
    """A number as typed in any digit script (۱۲٬۵۰۰, ٢٫٥, 1,250) → the ASCII
    text Python reads (12500, 2.5, 1250). Anything else is left in place for the
    field to refuse; None gives ""."""
    if text is None:
        return ""
    return to_ascii_digits(str(text)).translate(_TYPED_NUMBER).strip()
