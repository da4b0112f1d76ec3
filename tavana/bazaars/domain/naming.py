"""Public names of bazaars: no name may label the women who sell there.

Pure Python (no Django). A name is compared through
``persian_text.search_key`` with every space removed, so «سرپرست‌خانوار»,
«سرپرست خانوار», «سرپرستخانوار» and Arabic-letter spellings are all caught.
"""

from __future__ import annotations

from dataclasses import dataclass

from tavana.core.domain.persian_text import search_key

SUGGESTIONS = (
    "بازارچه دستاوردهای زنان",
    "بازارچه دستاوردهای زنان شهر تهران",
    "نمایشگاه زن و تولید ملی",
    "بازارچه هنر و تولید بانوان",
)

# Words that say why a woman is served, or mark her. Each with the reason shown.
LABELS: tuple[tuple[str, str], ...] = (
    ("سرپرست خانوار", "وضعیت خانوادگی فروشندگان را اعلام می‌کند"),
    ("بدسرپرست", "وضعیت خانوادگی فروشندگان را اعلام می‌کند"),
    ("بی‌سرپرست", "وضعیت خانوادگی فروشندگان را اعلام می‌کند"),
    ("زنان بیوه", "وضعیت خانوادگی فروشندگان را اعلام می‌کند"),
    ("مطلقه", "وضعیت خانوادگی فروشندگان را اعلام می‌کند"),
    ("زندانی", "سابقهٔ زندان یا خانوادهٔ زندانی را به فروشندگان نسبت می‌دهد"),
    ("زندان", "سابقهٔ زندان یا خانوادهٔ زندانی را به فروشندگان نسبت می‌دهد"),
    ("معتاد", "اعتیاد را به فروشندگان یا خانواده‌شان نسبت می‌دهد"),
    ("اعتیاد", "اعتیاد را به فروشندگان یا خانواده‌شان نسبت می‌دهد"),
    ("بهبودیافته", "سابقهٔ درمان یا اعتیاد را به فروشندگان نسبت می‌دهد"),
    ("بهبود یافتگان", "سابقهٔ درمان یا اعتیاد را به فروشندگان نسبت می‌دهد"),
    ("آسیب دیده", "فروشندگان را آسیب‌دیده معرفی می‌کند"),
    ("خشونت دیده", "فروشندگان را خشونت‌دیده معرفی می‌کند"),
    ("مددجو", "فروشندگان را دریافت‌کنندهٔ کمک معرفی می‌کند"),
    ("نیازمند", "فروشندگان را نیازمند معرفی می‌کند"),
    ("محروم", "فروشندگان را محروم معرفی می‌کند"),
    ("کم برخوردار", "فروشندگان را کم‌برخوردار معرفی می‌کند"),
    ("بزهکار", "سابقهٔ بزه را به فروشندگان نسبت می‌دهد"),
    ("کارتن خواب", "بی‌خانمانی را به فروشندگان نسبت می‌دهد"),
    ("بی خانمان", "بی‌خانمانی را به فروشندگان نسبت می‌دهد"),
    ("تحت پوشش", "فروشندگان را تحت پوشش یک نهاد حمایتی معرفی می‌کند"),
    ("کمیته امداد", "فروشندگان را تحت پوشش یک نهاد حمایتی معرفی می‌کند"),
    ("بهزیستی", "فروشندگان را تحت پوشش یک نهاد حمایتی معرفی می‌کند"),
)


def _key(text: str) -> str:
    return search_key(text).replace(" ", "")


_KEYS = tuple((_key(word), word, why) for word, why in LABELS)


@dataclass(frozen=True)
class NameCheck:
    ok: bool
    found: tuple[str, ...] = ()
    reason: str = ""
    suggestion: str = SUGGESTIONS[0]


def check_public_name(name: str | None) -> NameCheck:
    """Refuse a public name that labels the women, saying why and what to use instead."""
    key = _key(name or "")
    if not key:
        return NameCheck(False, (), "نام عمومی خالی است.")
    found: list[str] = []
    whys: list[str] = []
    for word_key, word, why in _KEYS:
        if word_key and word_key in key and word not in found:
            # a shorter word inside a longer one already found says the same thing
            if any(word_key in _key(f) for f in found):
                continue
            found.append(word)
            if why not in whys:
                whys.append(why)
    if not found:
        return NameCheck(True)
    words = "، ".join(f"«{w}»" for w in found)
    reason = (
        f"نام عمومی نباید زنان فروشنده را برچسب بزند: {words} "
        f"{'؛ '.join(whys)}. هر چیز عمومی، چاپی یا پیامکی نباید بگوید چرا کسی خدمت می‌گیرد. "
        f"به‌جای آن نامی مانند «{SUGGESTIONS[0]}» به کار ببرید."
    )
    return NameCheck(False, tuple(found), reason)
