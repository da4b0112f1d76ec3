"""Template filters for Persian display: digits, Jalali dates, numbers.

Registered as builtins, so every template has them without `{% load %}`.
"""

import re

from django import template

from tavana.core.domain.jalali import format_jalali, format_jalali_datetime, format_jalali_long
from tavana.core.domain.numbers import format_number, persian_numbers
from tavana.core.domain.persian_text import to_persian_digits

register = template.Library()
# one point between digits is a decimal point; an address or a version (127.0.0.1,
# 1.2.3) has more than one and keeps its dots
_DECIMAL_POINT = re.compile(r"(?<![\d.])(\d+)\.(\d+)(?![\d]|\.\d)")


@register.filter
def fa(value):
    """Persian digits: {{ n|fa }} (a decimal point between digits becomes «٫»; the
    dots of an IP address or a version stay dots)."""
    if value is None:
        return ""
    return to_persian_digits(_DECIMAL_POINT.sub(r"\1٫\2", str(value)))


@register.filter
def fa_ip(value):
    """An IP address: IPv4 in Persian digits, its dots kept; IPv6 as written (its
    digits are hexadecimal, among letters). Shown in an LTR isolate by the page."""
    if not value:
        return ""
    value = str(value)
    return value if ":" in value else to_persian_digits(value)


@register.filter
def fa_num(value):
    """A number with Persian digits and the Persian thousands separator (٬)."""
    if value in (None, ""):
        return ""
    return format_number(value, decimals=1 if isinstance(value, float) else None)


@register.filter
def fa_text(value):
    """A sentence written elsewhere (a flash message, a job's message): its
    numbers in Persian digits, codes glued to Latin letters left alone."""
    return persian_numbers(value)


@register.filter
def fa_percent(value):
    """A probability (0–1) as a Persian percentage: 0.973 → ۹۷٪, 0.9987 → ۹۹٫۹٪."""
    if value in (None, ""):
        return ""
    p = float(value) * 100
    if p >= 99.95:
        text = "بیش از ۹۹٫۹"
    elif p >= 99 or p < 1:
        text = f"{p:.1f}".replace(".", "٫")
    else:
        text = f"{p:.0f}"
    return to_persian_digits(text) + "٪"


@register.filter
def jdate(value):
    """Jalali date with Persian digits: ۱۴۰۳/۱۲/۱۶."""
    if not value:
        return ""
    return format_jalali(value)


@register.filter
def jdate_long(value):
    """Jalali date in words: ۱۶ اسفند ۱۴۰۳."""
    if not value:
        return ""
    return format_jalali_long(value)


@register.filter
def jdatetime(value):
    """Jalali date and time (Tehran) with Persian digits."""
    if not value:
        return ""
    return format_jalali_datetime(value)


@register.filter
def split(value: str):
    """'a b c'|split → ['a', 'b', 'c'] (to loop over field names in a template)."""
    return str(value).split()


@register.filter
def field(form, name: str):
    """form|field:'name' → the bound field."""
    return form[name]


@register.filter
def jdate_iso(value):
    """An ISO date string (as kept in JSON) shown as a Jalali date."""
    if not value:
        return "—"
    import datetime as _dt

    try:
        return format_jalali(_dt.date.fromisoformat(str(value)))
    except ValueError:
        return to_persian_digits(str(value))
