"""No labels outside: nothing public, printed or sent by SMS may say why a woman
is served. Public names (bazaars, events) and SMS texts are checked here against
the labelling-word list.

The list is data the administrator edits (`tavana.core.models.LabelWord`);
`DEFAULT_LABELS` is what a new installation starts with, and what the checks use
when they are given no list. Pure Python (no Django). A text is compared through
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
DEFAULT_LABELS: tuple[tuple[str, str], ...] = (
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


def word_key(word: str) -> str:
    """What two spellings of one labelling word share (to refuse a duplicate)."""
    return _key(word)


@dataclass(frozen=True)
class NameCheck:
    ok: bool
    found: tuple[str, ...] = ()
    reason: str = ""
    suggestion: str = SUGGESTIONS[0]


def find_labels(text: str | None, labels=DEFAULT_LABELS) -> tuple[list[str], list[str]]:
    """The labelling words in `text` and why each is one (in the list's order)."""
    key = _key(text or "")
    found: list[str] = []
    whys: list[str] = []
    keyed = [(_key(word), word, why) for word, why in labels]
    for wkey, word, why in keyed:
        if wkey and wkey in key and word not in found:
            # a shorter word inside a longer one already found says the same thing
            if any(wkey in _key(f) for f in found):
                continue
            found.append(word)
            if why not in whys:
                whys.append(why)
    return found, whys


def _words(found: list[str]) -> str:
    return "، ".join(f"«{w}»" for w in found)


def check_public_name(name: str | None, labels=DEFAULT_LABELS) -> NameCheck:
    """Refuse a public name that labels the women, saying why and what to use instead."""
    if not _key(name or ""):
        return NameCheck(False, (), "نام عمومی خالی است.")
    found, whys = find_labels(name, labels)
    if not found:
        return NameCheck(True)
    reason = (
        f"نام عمومی نباید زنان فروشنده را برچسب بزند: {_words(found)} "
        f"{'؛ '.join(whys)}. هر چیز عمومی، چاپی یا پیامکی نباید بگوید چرا کسی خدمت می‌گیرد. "
        f"به‌جای آن نامی مانند «{SUGGESTIONS[0]}» به کار ببرید."
    )
    return NameCheck(False, tuple(found), reason)


def check_sms_text(text: str | None, labels=DEFAULT_LABELS) -> NameCheck:
    """Refuse an SMS text (or template) that labels the woman who receives it."""
    found, whys = find_labels(text, labels)
    if not found:
        return NameCheck(True)
    reason = (
        f"متن پیامک نباید گیرنده را برچسب بزند: {_words(found)} {'؛ '.join(whys)}. "
        "پیامک فقط می‌گوید کجا، کی و چه؛ هرگز نمی‌گوید چرا کسی خدمت می‌گیرد."
    )
    return NameCheck(False, tuple(found), reason)
