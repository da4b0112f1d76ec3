"""Persian text normalisation (pure Python, no Django).

Three levels, each idempotent:

``clean(s)``
    For storage and display. Unicode NFKC, Arabic ي/ى → ی and ك → ک,
    Arabic-Indic digits ٠-٩ → Persian ۰-۹, no kashida (ـ), no Arabic
    diacritics (harakat, tanwin, shadda, sukun, superscript alef, Quranic
    marks), no invisible format characters (bidi marks and embeddings, ZWJ,
    zero-width space, BOM, soft hyphen, ...) except the Persian half-space
    (ZWNJ), which is kept only *inside* a word (between two letters), with
    runs collapsed to one. Whitespace collapsed to one space, ends stripped.
    Hamza above (ٔ) is kept, so «خانهٔ» and «ۀ» stay as typed; «یٔ» becomes
    «ئ». Latin digits are left alone.

``search_key(s)``
    For matching what a person types against stored text. ``clean`` and then:
    every mark removed (so آ/أ/إ → ا, ؤ → و, ئ → ی, ۀ and هٔ → ه), ٱ → ا,
    ة → ه, standalone ء removed, digits of every script → ASCII, ZWNJ,
    punctuation and symbols → space, casefold, spaces collapsed.

    آ is folded to ا on purpose: people type «اذر» for «آذر» all the time and
    a search key must find both; the stored text (``clean``) keeps آ.

``dedup_key(s)``
    ``search_key`` without any space, so «رضائی‌پور», «رضایی پور» and
    «رضاییپور» give the same key.
"""

from __future__ import annotations

import re
import string
import unicodedata
from functools import lru_cache

__all__ = [
    "ZWNJ",
    "clean",
    "clean_multiline",
    "dedup_key",
    "search_key",
    "strip_titles",
    "to_ascii_digits",
    "to_persian_digits",
]

ZWNJ = "\u200c"

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
ASCII_DIGITS = "0123456789"


def _ranges(*spans: tuple[int, int]) -> list[int]:
    out: list[int] = []
    for lo, hi in spans:
        out.extend(range(lo, hi + 1))
    return out


# Arabic combining marks removed by ``clean``. Hamza above/below (U+0654/5)
# are kept: they carry meaning in Persian (ezafe «هٔ») and compose with
# alef/vav/yeh into أ إ ؤ ئ under NFC.
_DIACRITICS = _ranges(
    (0x0610, 0x061A),  # honorific signs, small high marks
    (0x064B, 0x0653),  # tanwin, harakat, shadda, sukun, free maddah
    (0x0656, 0x065F),  # subscript alef and others
    (0x0670, 0x0670),  # superscript alef
    (0x06D6, 0x06DC),  # Quranic annotation
    (0x06DF, 0x06E4),
    (0x06E7, 0x06E8),
    (0x06EA, 0x06ED),
    (0x08D3, 0x08E1),  # Arabic Extended-A marks
    (0x08E3, 0x08FF),
)

_CLEAN_TABLE: dict[int, str | None] = {
    0x064A: "ی",  # ARABIC YEH
    0x0649: "ی",  # ALEF MAKSURA
    0x0643: "ک",  # ARABIC KAF
    0x06AA: "ک",  # SWASH KAF
    0x0640: None,  # KASHIDA / TATWEEL
}
_CLEAN_TABLE.update({ord(a): p for a, p in zip(ARABIC_INDIC_DIGITS, PERSIAN_DIGITS, strict=True)})
_CLEAN_TABLE.update(dict.fromkeys(_DIACRITICS))

_TO_ASCII_TABLE = {ord(c): a for c, a in zip(PERSIAN_DIGITS, ASCII_DIGITS, strict=True)}
_TO_ASCII_TABLE.update({ord(c): a for c, a in zip(ARABIC_INDIC_DIGITS, ASCII_DIGITS, strict=True)})
_TO_PERSIAN_TABLE = {ord(a): p for a, p in zip(ASCII_DIGITS, PERSIAN_DIGITS, strict=True)}
_TO_PERSIAN_TABLE.update(
    {ord(c): p for c, p in zip(ARABIC_INDIC_DIGITS, PERSIAN_DIGITS, strict=True)}
)

# Applied by search_key after NFKD and removal of every mark.
_SEARCH_TABLE: dict[int, str | None] = {
    0x064A: "ی",  # ئ decomposes to ARABIC YEH + hamza
    0x0649: "ی",
    0x0643: "ک",
    0x06D5: "ه",  # ۀ decomposes to AE + hamza
    0x06C1: "ه",  # HEH GOAL
    0x06BE: "ه",  # HEH DOACHASHMEE
    0x0629: "ه",  # TEH MARBUTA
    0x0671: "ا",  # ALEF WASLA
    0x0621: None,  # standalone HAMZA
    0x200C: " ",  # ZWNJ
}
_SEARCH_TABLE.update(_TO_ASCII_TABLE)
# Common punctuation → space (the general rule, done here for speed).
_SEARCH_TABLE.update(dict.fromkeys(map(ord, string.punctuation + "«»،؛؟٫٬"), " "))

_ANY_DIGIT_RE = re.compile(r"\d")
_ZWNJ_RUN_RE = re.compile("\u200c+")

# Persian letters that no normalisation step changes (no ي ك ى ة ء, no
# composed letters, no marks).
_BASE_LETTERS = (
    "\u0627\u0628\u062a-\u063a\u0641\u0642\u0644-\u0648\u067e\u0686\u0698\u06a9\u06af\u06cc"
)
# Output of one ``clean`` pass made only of these characters is final: none
# of them has a (compatibility) decomposition, composes, or is mapped.
_CLEAN_STABLE_RE = re.compile(
    "[\x20-\x7e\u00ab\u00bb\u060c\u061b\u061f\u066b\u066c\u06f0-\u06f9\u200c"
    "\u0621-\u0626\u06c0" + _BASE_LETTERS + "]*"
)
# Output of one ``search_key`` pass made only of these characters is final.
_KEY_STABLE_RE = re.compile("[ a-z0-9" + _BASE_LETTERS + "]*")
# After NFKD and removal of Arabic marks, a string matching this has no mark.
_NO_MARK_RE = re.compile(
    "[\x20-\x7e\u00ab\u00bb\u060c\u061b\u061f\u066b\u066c\u06f0-\u06f9\u200c"
    "\u0621\u0629\u064a\u06d5" + _BASE_LETTERS + "]*"
)
_ARABIC_MARK_RE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u08d3-\u08ff]+")


def _text(s: object) -> str:
    if s is None:
        return ""
    return s if isinstance(s, str) else str(s)


def _fixpoint(step, s: str, stable: re.Pattern[str]) -> str:
    """Apply ``step`` until the result no longer changes (guarantees idempotence
    in the rare cases where one pass exposes new work, e.g. a removed
    character lets a letter compose with a following hamza). A result made
    only of characters that ``stable`` matches is known to be final."""
    out = step(s)
    if stable.fullmatch(out):
        return out
    for _ in range(6):
        nxt = step(out)
        if nxt == out:
            break
        out = nxt
    return out


# --------------------------------------------------------------------- digits


def _ascii_digit(m: re.Match[str]) -> str:
    return str(unicodedata.decimal(m.group()))


def to_ascii_digits(s: object) -> str:
    """Every decimal digit (Persian, Arabic-Indic or any other script) → 0-9.

    Any object is ``str()``-ed first; ``None`` gives ``""``.
    """
    t = _text(s).translate(_TO_ASCII_TABLE)
    if not t.isascii():
        t = _ANY_DIGIT_RE.sub(_ascii_digit, t)
    return t


def to_persian_digits(s: object) -> str:
    """Every decimal digit → Persian ۰-۹ (other characters untouched).

    Any object is ``str()``-ed first; ``None`` gives ``""``.
    """
    return to_ascii_digits(s).translate(_TO_PERSIAN_TABLE)


# ---------------------------------------------------------------------- clean


def _drop_invisible(s: str) -> str:
    # str.isprintable() is False exactly for control, format, surrogate,
    # private-use, unassigned and non-space separator characters.
    return "".join(c for c in s if c.isprintable() or c.isspace() or c == ZWNJ)


def _is_letter_or_mark(c: str) -> bool:
    return unicodedata.category(c)[0] in "LM"


def _fix_zwnj(m: re.Match[str]) -> str:
    s = m.string
    i, j = m.start(), m.end()
    if (
        0 < i
        and j < len(s)
        and _is_letter_or_mark(s[i - 1])
        and unicodedata.category(s[j])[0] == "L"
    ):
        return ZWNJ
    return ""


def _clean_once(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    s = s.translate(_CLEAN_TABLE)
    if not s.isprintable():
        s = _drop_invisible(s)
    if "\u0654" in s:
        s = s.replace("ی\u0654", "ئ")
    s = unicodedata.normalize("NFKC", s)
    if ZWNJ in s:
        s = _ZWNJ_RUN_RE.sub(_fix_zwnj, s)
    s = " ".join(s.split())
    return unicodedata.normalize("NFC", s)


def clean(s: str | None) -> str:
    """Normalise Persian text for storage and display (see module doc)."""
    t = _text(s)
    if not t:
        return ""
    if t.isascii() and t.isprintable() and "  " not in t and t == t.strip():
        return t  # fast path: plain ASCII is already clean
    return _fixpoint(_clean_once, t, _CLEAN_STABLE_RE)


def clean_multiline(s: str | None) -> str:
    """Like ``clean`` but keeps line breaks (for notes and addresses):
    each line cleaned, runs of blank lines collapsed to one, ends stripped."""
    lines = [
        clean(line) for line in re.split(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]", _text(s))
    ]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


# ----------------------------------------------------------------- search key


def _search_once(s: str) -> str:
    s = clean(s).casefold()
    s = _ARABIC_MARK_RE.sub("", unicodedata.normalize("NFKD", s))
    if not _NO_MARK_RE.fullmatch(s):
        s = "".join(
            c for c in s if not unicodedata.combining(c) and unicodedata.category(c) != "Mn"
        )
    s = s.translate(_SEARCH_TABLE)
    if not _KEY_STABLE_RE.fullmatch(s):
        if not s.isascii():
            s = _ANY_DIGIT_RE.sub(_ascii_digit, s)
        s = "".join(c if c.isalnum() else " " for c in s)
    return " ".join(s.split())


@lru_cache(maxsize=65536)
def _search_key_cached(s: str) -> str:
    return _fixpoint(_search_once, s, _KEY_STABLE_RE)


def search_key(s: str | None) -> str:
    """Key for matching typed text against stored text (see module doc)."""
    t = _text(s)
    return _search_key_cached(t) if t else ""


def _dedup_once(s: str) -> str:
    return search_key(s).replace(" ", "")


@lru_cache(maxsize=65536)
def _dedup_key_cached(s: str) -> str:
    return _fixpoint(_dedup_once, s, _KEY_STABLE_RE)


def dedup_key(s: str | None) -> str:
    """``search_key`` with every space removed: «رضائی‌پور» = «رضایی پور» = «رضاییپور»."""
    t = _text(s)
    return _dedup_key_cached(t) if t else ""


# --------------------------------------------------------------------- titles

_TITLE_WORDS = (
    "سید",
    "سیده",
    "خانم",
    "بانو",
    "سرکار",
    "جناب",
    "آقا",
    "آقای",
    "حاج",
    "حاجی",
    "حاجیه",
    "حاجیه‌خانم",
    "حاج‌آقا",
    "حاج‌خانم",
    "کربلایی",
    "مشهدی",
    "دکتر",
    "مهندس",
    "استاد",
)
_TITLE_KEYS = frozenset(dedup_key(w) for w in _TITLE_WORDS)


def strip_titles(s: str | None) -> str:
    """``clean(s)`` without leading honorific words (سیده، سید، خانم، بانو، حاج،
    حاجیه، دکتر، مهندس، آقای، ...), for record matching.

    Only whole space-separated words at the start are removed, and never the
    last word: «بانو» alone is a first name and stays.
    """
    words = clean(s).split(" ")
    i = 0
    while i < len(words) - 1 and dedup_key(words[i]) in _TITLE_KEYS:
        i += 1
    return " ".join(words[i:])
