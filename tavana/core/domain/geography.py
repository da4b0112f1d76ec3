"""A city's districts and neighbourhoods from a table (pure: no Django).

The file has one row per neighbourhood, with a header row naming the columns:

    منطقه | نام منطقه | محله
    1     | منطقهٔ ۱   | تجریش

(«منطقه» the district's number, «نام منطقه» optional — «منطقهٔ N» when
missing, «محله» the neighbourhood; English headers district, district_name,
neighbourhood are accepted too). A district without neighbourhoods is a row
with «محله» empty. Digits in any script; names are cleaned as everywhere else
(ی/ي, ک/ك, half-spaces), and two spellings of one name are one neighbourhood.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .persian_text import clean, search_key, to_ascii_digits, to_persian_digits

HEADERS = {
    "منطقه": "district",
    "شماره منطقه": "district",
    "district": "district",
    "نام منطقه": "district_name",
    "district_name": "district_name",
    "محله": "neighbourhood",
    "نام محله": "neighbourhood",
    "neighbourhood": "neighbourhood",
    "neighborhood": "neighbourhood",
}
MAX_DISTRICT = 9999


@dataclass
class Geography:
    districts: dict[int, str] = field(default_factory=dict)  # number -> name
    neighbourhoods: dict[int, dict[str, str]] = field(default_factory=dict)  # key -> name
    errors: list[str] = field(default_factory=list)


def default_district_name(number: int) -> str:
    return f"منطقهٔ {to_persian_digits(str(number))}"


def _header(cell) -> str:
    return search_key(str(cell or "")).replace("_", " ").strip() if cell is not None else ""


def parse_geography(rows: Iterable[list]) -> Geography:
    """Read the header and the rows; every problem is reported with its row number."""
    out = Geography()
    rows = iter(rows)
    header = next(rows, None)
    if header is None:
        out.errors.append("فایل خالی است.")
        return out
    keys = {search_key(k).replace("_", " "): v for k, v in HEADERS.items()}
    columns: dict[str, int] = {}
    for i, heading in enumerate(header):
        name = keys.get(_header(heading))
        if name and name not in columns:
            columns[name] = i
    missing = [
        label
        for label, key in (("منطقه", "district"), ("محله", "neighbourhood"))
        if key not in columns
    ]
    if missing:
        out.errors.append("ستون «" + "» و «".join(missing) + "» در سطر اول فایل نیست.")
        return out

    def cell(row: list, key: str) -> str:
        i = columns.get(key)
        value = row[i] if i is not None and i < len(row) else None
        return "" if value is None else str(value).strip()

    for line, row in enumerate(rows, start=2):
        if not any(str(c or "").strip() for c in row):
            continue
        where = f"سطر {to_persian_digits(str(line))}"
        typed = to_ascii_digits(cell(row, "district"))
        if typed.endswith(".0"):  # a spreadsheet's number
            typed = typed[:-2]
        if not typed.isascii() or not typed.isdigit() or not 1 <= int(typed) <= MAX_DISTRICT:
            out.errors.append(f"{where}: شمارهٔ منطقه «{cell(row, 'district')}» عدد درستی نیست.")
            continue
        number = int(typed)
        name = clean(cell(row, "district_name")) or out.districts.get(number) or ""
        name = name or default_district_name(number)
        known = out.districts.get(number)
        if (
            known is not None
            and cell(row, "district_name")
            and search_key(known) != search_key(name)
        ):
            out.errors.append(
                f"{where}: منطقهٔ {to_persian_digits(str(number))} پیش‌تر «{known}» نام گرفته بود، "
                f"این‌جا «{name}»."
            )
            continue
        out.districts.setdefault(number, name)
        hoods = out.neighbourhoods.setdefault(number, {})
        hood = clean(cell(row, "neighbourhood"))
        if len(hood) > 100 or len(name) > 100:
            out.errors.append(f"{where}: نام بیش از ۱۰۰ نویسه است.")
            continue
        if hood:
            hoods.setdefault(search_key(hood), hood)
    if not out.districts and not out.errors:
        out.errors.append("هیچ منطقه‌ای در فایل نیست.")
    return out
