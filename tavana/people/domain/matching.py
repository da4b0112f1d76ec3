"""Record matching: which records describe the same woman (pure Python, no Django).

The pipeline is the classic one, written for a registry of about a million:

1. **Normalise** each record once (`normalise`): names through `strip_titles`
   and `dedup_key`, the national code to its ten ASCII digits (mistyped ones
   kept, with a validity flag), the mobile to its stored form, the Jalali birth
   date to (year, month, day) plus a day number, the district to an int and the
   address to a key.
2. **Block**: only records that share at least one cheap key become candidate
   pairs — the national code with a one-digit tolerance (a substitution mask per
   position and a canonical form per adjacent transposition), the mobile, the
   names with the birth date or father's name, and the names in either order.
   Keys are hashed to int64 and grouped with NumPy sorts, so nothing is O(n²);
   an oversized block (a placeholder mobile typed for hundreds of women) is
   dropped rather than exploded.
3. **Score** each candidate pair field by field (`compare`): agreement weights
   in the manner of Fellegi–Sunter, with Persian reasons a reviewer can read,
   and *vetoes* that keep different women apart — a different first name
   (sisters, twins), a different father's name (namesakes, mother and
   daughter), a birth date that is not a typo of the other (mother and
   daughter, sisters, namesakes) or two different valid national codes. When
   only names (and soft fields) agree, a common name counts for less: the
   score loses log2(records with that name / 2).
4. **Cluster** accepted pairs with union-find, strongest first, refusing to
   join two clusters if any record of one vetoes any record of the other (so
   an A–B–C chain cannot glue two different women together through a record
   with missing fields), and never growing a cluster past `MAX_CLUSTER`.

`find_duplicate_pairs`, `cluster` and `MatchIndex.candidates_for` are the
public entry points; `normalise` and `compare` are exposed for reuse.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from math import log2

import numpy as np
from rapidfuzz.distance import OSA, Levenshtein

from tavana.core.domain.identifiers import (
    InvalidIdentifier,
    national_code_check_digit,
    parse_mobile,
)
from tavana.core.domain.jalali import InvalidDate, parse_jalali, to_jalali
from tavana.core.domain.persian_text import dedup_key, strip_titles, to_ascii_digits

__all__ = [
    "FIELDS",
    "Comparison",
    "MatchIndex",
    "Normalised",
    "PersonRecord",
    "cluster",
    "compare",
    "find_duplicate_pairs",
    "normalise",
    "normalise_fields",
]

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

# ---------------------------------------------------------------------------
# Records


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
    """The matching view of one record. Empty fields are ``None``."""

    __slots__ = (
        "address",
        "bd",
        "bd_day",
        "district",
        "father",
        "first",
        "id",
        "last",
        "mobile",
        "nc",
    )

    def __init__(
        self,
        id: str,
        nc: str | None = None,
        first: str | None = None,
        last: str | None = None,
        father: str | None = None,
        bd: tuple[int, int, int] | None = None,
        bd_day: int | None = None,
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
        self.bd_day = bd_day
        self.mobile = mobile
        self.district = district
        self.address = address

    @property
    def nc_valid(self) -> bool:
        """The national code's check digit is right (worked out only when asked)."""
        nc = self.nc
        return nc is not None and national_code_check_digit(nc[:9]) == ord(nc[9]) - 48

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return "Normalised(" + ", ".join(f"{s}={getattr(self, s)!r}" for s in self.__slots__) + ")"


# ---------------------------------------------------------------------------
# Normalisation (cached: names, dates and districts repeat a great deal)

_NON_DIGITS = re.compile(r"[^0-9]")
_YMD = re.compile(r"\s*(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*")

_CACHE_LIMIT = 1_000_000
_name_cache: dict[str, str | None] = {}
_token_cache: dict[str, str] = {}
_date_cache: dict[str, tuple[tuple[int, int, int], int] | None] = {}

# words that say nothing about *which* address: خیابان/خ، کوچه/ک، پلاک/پ، ...
_ADDRESS_NOISE = frozenset(
    dedup_key(w)
    for w in (
        "تهران", "خیابان", "خ", "کوچه", "ک", "پلاک", "پ", "واحد", "طبقه", "بن‌بست",
        "میدان", "بلوار", "بلوک", "شهید", "نبش", "روبروی", "جنب", "مجتمع", "و",
    )
)  # fmt: skip


def _cached(cache: dict, key: str, value):
    if len(cache) < _CACHE_LIMIT:
        cache[key] = value
    return value


def _name_key(raw: str) -> str | None:
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


def _national_code(raw: str) -> str | None:
    """Ten ASCII digits, mistyped or not (validity is `Normalised.nc_valid`)."""
    if not raw:
        return None
    digits = raw if raw.isdigit() and raw.isascii() else _NON_DIGITS.sub("", to_ascii_digits(raw))
    if not 8 <= len(digits) <= 10:  # spreadsheets drop leading zeros
        return None
    digits = digits.zfill(10)
    if len(set(digits)) == 1:  # 0000000000 and friends are placeholders
        return None
    return digits


def _mobile(raw: str) -> str | None:
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


def _birth_date(raw: str) -> tuple[tuple[int, int, int], int] | None:
    if not raw:
        return None
    try:
        return _date_cache[raw]
    except KeyError:
        pass
    text = to_ascii_digits(raw)
    m = _YMD.fullmatch(text)
    canonical = f"{int(m[1])}/{int(m[2])}/{int(m[3])}" if m else text
    if canonical in _date_cache:
        return _cached(_date_cache, raw, _date_cache[canonical])
    try:
        gregorian = parse_jalali(canonical)
    except InvalidDate:
        value = None
    else:
        value = (to_jalali(gregorian), gregorian.toordinal())
    _cached(_date_cache, canonical, value)
    return _cached(_date_cache, raw, value)


def _district(raw: str) -> int | None:
    if not raw:
        return None
    digits = raw if raw.isdigit() and raw.isascii() else _NON_DIGITS.sub("", to_ascii_digits(raw))
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
    birth_date: str,
    mobile: str,
    district: str,
    address: str,
) -> Normalised:
    """`normalise` for the contract's columns given in `FIELDS` order (strings)."""
    bd = _birth_date(birth_date)
    return Normalised(
        id,
        _national_code(national_code),
        _name_key(first_name),
        _name_key(last_name),
        _name_key(father_name),
        bd[0] if bd else None,
        bd[1] if bd else None,
        _mobile(mobile),
        _district(district),
        _address_key(address),
    )


# ---------------------------------------------------------------------------
# Field comparisons

#: agreement levels, ordered
EQ, NEAR, WEAK, DIFF, MISSING = 4, 3, 2, 1, 0

# letters that sound alike in Persian and are confused when a name is spelled
# from hearing: ث ص → س، ذ ض ظ → ز، ط → ت، ح → ه، غ → ق
_SOUND_CLASSES = str.maketrans("ثصذضظطحغ", "سسزززتهق")


def near_digits(a: str, b: str) -> bool:
    """Same length and one digit substituted, or two adjacent digits swapped
    (for equal lengths that is an optimal-string-alignment distance of 1)."""
    return len(a) == len(b) and OSA.distance(a, b, score_cutoff=1) <= 1


def _name_level(a: str | None, b: str | None) -> int:
    """EQ same key; NEAR same sound (صمانه/سمانه) or a compound typed in part
    (فاطمه/فاطمه‌زهرا); WEAK one other letter apart (محمدی/احمدی are different
    surnames, so this is weak evidence only); DIFF otherwise."""
    if a is None or b is None:
        return MISSING
    if a == b:
        return EQ
    if a.translate(_SOUND_CLASSES) == b.translate(_SOUND_CLASSES):
        return NEAR
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    if (
        len(shorter) >= 3
        and len(longer) - len(shorter) >= 3
        and (longer.startswith(shorter) or longer.endswith(shorter))
    ):
        return NEAR
    if len(shorter) >= 4 and Levenshtein.distance(a, b, score_cutoff=1) <= 1:
        return WEAK
    return DIFF


def _date_level(a: tuple[int, int, int] | None, b: tuple[int, int, int] | None) -> int:
    """NEAR: a typo — day and month swapped, one digit of one part wrong or two
    adjacent digits swapped, or the day off by one."""
    if a is None or b is None:
        return MISSING
    if a == b:
        return EQ
    ya, ma, da = a
    yb, mb, db = b
    if ya == yb and ma == db and da == mb:
        return NEAR
    if ya == yb and ma == mb:
        return NEAR if abs(da - db) == 1 or near_digits(f"{da:02d}", f"{db:02d}") else DIFF
    if ya == yb and da == db:
        return NEAR if near_digits(f"{ma:02d}", f"{mb:02d}") else DIFF
    if ma == mb and da == db:
        return NEAR if near_digits(f"{ya:04d}", f"{yb:04d}") else DIFF
    return DIFF


def _code_level(a: str | None, b: str | None) -> int:
    if a is None or b is None:
        return MISSING
    if a == b:
        return EQ
    return NEAR if near_digits(a, b) else DIFF


# weights: log-odds-like points for agreement / disagreement of each field
W_NC = {EQ: 12.0, NEAR: 4.0}
W_NC_DIFF_VALID = -10.0  # two different valid codes: (almost) surely two people
W_NC_DIFF = -4.0  # a garbled code: weaker evidence
W_FIRST = {EQ: 4.0, NEAR: 3.0, WEAK: -8.0, DIFF: -8.0}
W_LAST = {EQ: 5.0, NEAR: 4.0, WEAK: 0.0, DIFF: -5.0}
W_FATHER = {EQ: 4.0, NEAR: 3.0, WEAK: -7.0, DIFF: -7.0}
W_BD = {EQ: 8.0, NEAR: 3.0, DIFF: -10.0}
W_MOBILE = {EQ: 6.0, NEAR: 2.0, DIFF: -1.0}
W_ADDRESS_EQ = 3.0
W_ADDRESS_NEAR = 2.0
W_DISTRICT_EQ = 0.5
W_COMMON_NAME_MAX = 8.0  # at most this much is taken off for a common name

#: a pair is the same woman when its score reaches this and nothing vetoes it
THRESHOLD = 12.0

R_NC = "کد ملی یکسان"
R_NC_NEAR = "کد ملی با یک رقم اختلاف یا جابه‌جایی"
R_SWAPPED = "نام و نام خانوادگی جابه‌جا ثبت شده"
R_BD = "تاریخ تولد یکسان"
R_BD_NEAR = "تاریخ تولد نزدیک (احتمال اشتباه تایپی)"
R_MOBILE = "تلفن همراه یکسان"
R_MOBILE_NEAR = "تلفن همراه با یک رقم اختلاف"
R_ADDRESS = "نشانی یکسان"
R_ADDRESS_NEAR = "نشانی مشابه"
R_DISTRICT = "منطقه یکسان"
R_COMMON_NAME = "نام رایج است ({n} رکورد با همین نام)"

# vetoes (why a pair is *not* the same woman), also in Persian for reviewers
V_NC = "دو کد ملی معتبر و متفاوت"
V_FIRST = "نام متفاوت"
V_FATHER = "نام پدر متفاوت"
V_BD = "تاریخ تولد متفاوت"

_NAME_LABELS = ("نام", "نام خانوادگی", "نام پدر")


def _join_fa(labels: list[str]) -> str:
    if len(labels) == 1:
        return labels[0]
    return "، ".join(labels[:-1]) + " و " + labels[-1]


@dataclass(slots=True)
class Comparison:
    """The verdict on a pair: a score, the reasons for it and any veto."""

    score: float
    reasons: list[str] = field(default_factory=list)
    vetoes: list[str] = field(default_factory=list)

    @property
    def is_match(self) -> bool:
        return not self.vetoes and self.score >= THRESHOLD


def compare(
    a: Normalised,
    b: Normalised,
    explain: bool = True,
    name_counts: Mapping[object, int] | None = None,
) -> Comparison:
    """Score a pair of normalised records; `explain=False` skips building reasons.

    `name_counts` (from `count_names` over the whole data set or index) makes
    agreement on a *common* name weaker when nothing but names and soft fields
    (district, address, a near birth date) agree: in a million records dozens
    of women are called «فاطمه محمدی» with a father «علی».
    """
    score = 0.0
    reasons: list[str] = []
    vetoes: list[str] = []

    nc = _code_level(a.nc, b.nc)
    if nc == EQ:
        score += W_NC[EQ]
        if explain:
            reasons.append(R_NC)
    elif nc == NEAR:
        score += W_NC[NEAR]
        if explain:
            reasons.append(R_NC_NEAR)
    elif nc == DIFF:
        if a.nc_valid and b.nc_valid:
            score += W_NC_DIFF_VALID
            vetoes.append(V_NC)
        else:
            score += W_NC_DIFF

    first = _name_level(a.first, b.first)
    last = _name_level(a.last, b.last)
    swapped = False
    if first != EQ or last != EQ:
        f2 = _name_level(a.first, b.last)
        l2 = _name_level(a.last, b.first)
        if f2 >= NEAR and l2 >= NEAR and f2 + l2 > first + last:
            first, last, swapped = f2, l2, True
    father = _name_level(a.father, b.father)

    score += W_FIRST.get(first, 0.0) + W_LAST.get(last, 0.0) + W_FATHER.get(father, 0.0)
    strong_id = nc == EQ
    if first <= WEAK and first != MISSING and not strong_id:
        vetoes.append(V_FIRST)
    if father <= WEAK and father != MISSING and not strong_id:
        vetoes.append(V_FATHER)
    if vetoes and not explain:  # the verdict is known: skip the rest
        return Comparison(score, reasons, vetoes)

    bd = _date_level(a.bd, b.bd)
    score += W_BD.get(bd, 0.0)
    if bd == DIFF and not strong_id:
        vetoes.append(V_BD)

    mobile = _code_level(a.mobile, b.mobile)
    score += W_MOBILE.get(mobile, 0.0)

    address = MISSING
    if a.address is not None and b.address is not None:
        if a.address == b.address:
            address = EQ
            score += W_ADDRESS_EQ
        elif Levenshtein.normalized_similarity(a.address, b.address) >= 0.85:
            address = NEAR
            score += W_ADDRESS_NEAR
    same_district = a.district is not None and a.district == b.district
    if same_district:
        score += W_DISTRICT_EQ

    common = 0
    if (
        name_counts is not None
        and first == EQ
        and last == EQ
        and nc not in (EQ, NEAR)
        and bd != EQ
        and mobile != EQ
    ):
        common = name_counts.get(_names_key(a, with_father=father == EQ), 1)
        if common > 2:
            score -= min(W_COMMON_NAME_MAX, log2(common / 2))

    if explain:
        if swapped:
            reasons.append(R_SWAPPED)
        equal = [
            lbl for lbl, lv in zip(_NAME_LABELS, (first, last, father), strict=True) if lv == EQ
        ]
        similar = [
            lbl for lbl, lv in zip(_NAME_LABELS, (first, last, father), strict=True) if lv == NEAR
        ]
        if equal:
            reasons.append(_join_fa(equal) + " یکسان")
        if similar:
            reasons.append(_join_fa(similar) + " مشابه")
        if bd == EQ:
            reasons.append(R_BD)
        elif bd == NEAR:
            reasons.append(R_BD_NEAR)
        if mobile == EQ:
            reasons.append(R_MOBILE)
        elif mobile == NEAR:
            reasons.append(R_MOBILE_NEAR)
        if address == EQ:
            reasons.append(R_ADDRESS)
        elif address == NEAR:
            reasons.append(R_ADDRESS_NEAR)
        if same_district:
            reasons.append(R_DISTRICT)
        if common > 2:
            reasons.append(R_COMMON_NAME.format(n=common))
    return Comparison(round(score, 2), reasons, vetoes)


def compatible(a: Normalised, b: Normalised) -> bool:
    """False when nothing could make these two one woman (a veto fires)."""
    return not compare(a, b, explain=False).vetoes


def _names_key(r: Normalised, with_father: bool) -> tuple:
    f, la = r.first, r.last
    pair = (f, la) if f <= la else (la, f)  # type: ignore[operator]
    return (pair, r.father) if with_father else pair


def count_names(recs: Iterable[Normalised]) -> Counter:
    """How many records carry each name: (first, last) in either order, and
    with the father's name; for `compare`'s common-name adjustment."""
    counts: Counter = Counter()
    for r in recs:
        if r.first is not None and r.last is not None:
            counts[_names_key(r, False)] += 1
            if r.father is not None:
                counts[_names_key(r, True)] += 1
    return counts


# ---------------------------------------------------------------------------
# Blocking

#: blocks larger than this are dropped (placeholders, hugely common names)
MAX_BLOCK = 60


def _name_block_keys(r: Normalised) -> Iterator[tuple[int, object]]:
    """Exact-equality blocking keys other than the national code's tolerance masks."""
    if r.nc is not None:
        yield 0, r.nc
    if r.mobile is not None:
        yield 1, r.mobile
    f, la, fa = r.first, r.last, r.father
    bd = r.bd
    if la is not None and bd is not None:
        yield 2, (la, bd)
    if f is not None and bd is not None:
        yield 3, (f, bd)
    if f is not None and la is not None:
        pair = (f, la) if f <= la else (la, f)  # either order: swapped names
        if fa is not None:
            yield 4, (pair, fa)
        if bd is not None:
            yield 5, (pair, bd)
        if r.address is not None:
            yield 6, (pair, r.address)
        if r.mobile is not None:
            yield 7, (pair, r.mobile[-4:])
    if la is not None and fa is not None and r.address is not None:
        yield 8, (la, fa, r.address)


N_NAME_KINDS = 9


def _nc_masks(nc: str) -> Iterator[tuple[int, str]]:
    """One key per substituted position and per adjacent transposition."""
    for i in range(10):
        yield 100 + i, nc[:i] + "*" + nc[i + 1 :]
    for i in range(9):
        x, y = nc[i], nc[i + 1]
        if x != y:
            lo, hi = (x, y) if x < y else (y, x)
            yield 200 + i, nc[:i] + lo + hi + nc[i + 2 :]


def _pairs_for_keys(keys: np.ndarray, rows: np.ndarray, cap: int = MAX_BLOCK) -> np.ndarray:
    """All (i, j) row pairs, i < j, sharing a key; blocks over `cap` are skipped."""
    if len(keys) < 2:
        return np.empty(0, dtype=np.int64)
    order = np.argsort(keys, kind="stable")
    k = keys[order]
    r = rows[order]
    new_run = np.empty(len(k), dtype=bool)
    new_run[0] = True
    np.not_equal(k[1:], k[:-1], out=new_run[1:])
    starts = np.flatnonzero(new_run)
    lengths = np.diff(np.append(starts, len(k)))
    run_len = np.repeat(lengths, lengths)
    keep = (run_len >= 2) & (run_len <= cap)
    if not keep.any():
        return np.empty(0, dtype=np.int64)
    k = k[keep]
    r = r[keep]
    out = []
    max_len = int(run_len[keep].max())
    for d in range(1, max_len):
        same = k[d:] == k[:-d]
        if not same.any():
            break
        a = r[:-d][same]
        b = r[d:][same]
        lo = np.minimum(a, b)
        hi = np.maximum(a, b)
        out.append(lo * np.int64(1 << 32) + hi)
    return np.concatenate(out) if out else np.empty(0, dtype=np.int64)


def _nc_digit_matrix(recs: list[Normalised]) -> tuple[np.ndarray, np.ndarray]:
    rows = np.fromiter((i for i, r in enumerate(recs) if r.nc is not None), dtype=np.int64)
    if len(rows) == 0:
        return rows, np.empty((0, 10), dtype=np.int64)
    joined = "".join(recs[i].nc for i in rows)  # type: ignore[misc]
    digits = (np.frombuffer(joined.encode("ascii"), dtype=np.uint8) - 48).astype(np.int64)
    return rows, digits.reshape(-1, 10)


def candidate_pairs(recs: list[Normalised]) -> np.ndarray:
    """Sorted unique candidate pairs encoded as ``i << 32 | j`` (i < j)."""
    chunks: list[np.ndarray] = []
    # exact keys, hashed per kind
    per_kind: list[tuple[list[int], list[int]]] = [([], []) for _ in range(N_NAME_KINDS)]
    for i, r in enumerate(recs):
        for kind, key in _name_block_keys(r):
            rows_k, keys_k = per_kind[kind]
            rows_k.append(i)
            keys_k.append(hash(key))
    for rows_k, keys_k in per_kind:
        if len(rows_k) >= 2:
            chunks.append(
                _pairs_for_keys(np.array(keys_k, dtype=np.int64), np.array(rows_k, dtype=np.int64))
            )
    del per_kind
    # national code, one substitution or adjacent transposition apart
    rows, digits = _nc_digit_matrix(recs)
    if len(rows) >= 2:
        powers = 10 ** np.arange(9, -1, -1, dtype=np.int64)
        value = digits @ powers
        for i in range(10):
            masked = value - digits[:, i] * powers[i]
            chunks.append(_pairs_for_keys(masked, rows))
        for i in range(9):
            x, y = digits[:, i], digits[:, i + 1]
            lo, hi = np.minimum(x, y), np.maximum(x, y)
            canon = value - x * powers[i] - y * powers[i + 1] + lo * powers[i] + hi * powers[i + 1]
            sel = x != y
            chunks.append(_pairs_for_keys(canon[sel], rows[sel]))
    if not chunks:
        return np.empty(0, dtype=np.int64)
    pairs = np.concatenate(chunks)
    pairs.sort()
    if len(pairs) > 1:
        pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]
    return pairs


# ---------------------------------------------------------------------------
# Pairs and clusters


def _normalise_all(records: Iterable[PersonRecord | Mapping[str, object] | Normalised]):
    return [r if isinstance(r, Normalised) else normalise(r) for r in records]


def _scored_pairs(recs: list[Normalised], explain: bool):
    counts = count_names(recs)
    pairs = candidate_pairs(recs)
    mask = np.int64((1 << 32) - 1)
    left = (pairs >> 32).tolist()
    right = (pairs & mask).tolist()
    for i, j in zip(left, right, strict=True):
        c = compare(recs[i], recs[j], explain=explain, name_counts=counts)
        if c.is_match:
            yield i, j, c


def find_duplicate_pairs(
    records: Iterable[PersonRecord | Mapping[str, object] | Normalised],
) -> Iterator[tuple[str, str, float, list[str]]]:
    """Yield ``(id_a, id_b, score, reasons)`` for every pair judged the same woman."""
    recs = _normalise_all(records)
    for i, j, c in _scored_pairs(recs, explain=True):
        yield recs[i].id, recs[j].id, c.score, c.reasons


#: no woman is registered this many times: a bigger cluster is a chain gone wrong
MAX_CLUSTER = 100


class _Clusters:
    """Union-find whose merges refuse to join clusters holding incompatible records."""

    def __init__(self, recs: list[Normalised]) -> None:
        self.recs = recs
        self.parent = list(range(len(recs)))
        self.members: dict[int, list[int]] = {}

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def union(self, i: int, j: int) -> bool:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return True
        mi = self.members.get(ri, [ri])
        mj = self.members.get(rj, [rj])
        if len(mi) + len(mj) > MAX_CLUSTER:
            return False
        recs = self.recs
        if len(mi) > 1 or len(mj) > 1:
            for x in mi:
                for y in mj:
                    if (x, y) != (i, j) and (y, x) != (i, j) and not compatible(recs[x], recs[y]):
                        return False
        if len(mi) < len(mj):
            ri, rj, mi, mj = rj, ri, mj, mi
        self.parent[rj] = ri
        self.members[ri] = mi + mj
        self.members.pop(rj, None)
        return True


def cluster(
    records: Iterable[PersonRecord | Mapping[str, object] | Normalised],
) -> dict[str, int]:
    """Map every record id to a cluster number; one number per judged person.

    Clusters are numbered from 1 in the order of their first record.
    """
    recs = _normalise_all(records)
    return _cluster_normalised(recs)


def _cluster_normalised(recs: list[Normalised]) -> dict[str, int]:
    scored = [(c.score, i, j) for i, j, c in _scored_pairs(recs, explain=False)]
    scored.sort(key=lambda t: -t[0])
    uf = _Clusters(recs)
    for _, i, j in scored:
        uf.union(i, j)
    numbers: dict[int, int] = {}
    out: dict[str, int] = {}
    for i, r in enumerate(recs):
        root = uf.find(i)
        n = numbers.get(root)
        if n is None:
            n = numbers[root] = len(numbers) + 1
        out[r.id] = n
    return out


# ---------------------------------------------------------------------------
# One record against an index (the registration form's typing-time warning)


@dataclass(frozen=True, slots=True)
class Candidate:
    id: str
    score: float
    reasons: list[str]


class MatchIndex:
    """An in-memory index of normalised records for matching one new record."""

    def __init__(self, records: Iterable[PersonRecord | Mapping[str, object] | Normalised] = ()):
        self.records: dict[str, Normalised] = {}
        self._keys: dict[tuple[int, object], list[str]] = {}
        self._name_counts: Counter = Counter()
        for r in records:
            self.add(r)

    @staticmethod
    def _all_keys(r: Normalised) -> Iterator[tuple[int, object]]:
        yield from _name_block_keys(r)
        if r.nc is not None:
            yield from _nc_masks(r.nc)

    def add(self, record: PersonRecord | Mapping[str, object] | Normalised) -> None:
        r = record if isinstance(record, Normalised) else normalise(record)
        self.records[r.id] = r
        self._name_counts.update(count_names([r]))
        for key in self._all_keys(r):
            self._keys.setdefault(key, []).append(r.id)

    def __len__(self) -> int:
        return len(self.records)

    def candidates_for(
        self,
        record: PersonRecord | Mapping[str, object] | Normalised,
        *,
        min_score: float | None = None,
        limit: int = 10,
    ) -> list[Candidate]:
        """Likely duplicates of `record`, best first, with their reasons.

        By default only pairs the matcher would merge; pass a lower `min_score`
        to also warn about weaker candidates (vetoed pairs are never returned).
        """
        r = record if isinstance(record, Normalised) else normalise(record)
        seen: set[str] = set()
        found: list[Candidate] = []
        threshold = THRESHOLD if min_score is None else min_score
        for key in self._all_keys(r):
            ids = self._keys.get(key, ())
            if len(ids) > MAX_BLOCK * 10:
                continue
            for other_id in ids:
                if other_id in seen or other_id == r.id:
                    continue
                seen.add(other_id)
                c = compare(r, self.records[other_id], name_counts=self._name_counts)
                if not c.vetoes and c.score >= threshold:
                    found.append(Candidate(other_id, c.score, c.reasons))
        found.sort(key=lambda c: (-c.score, c.id))
        return found[:limit]


def candidates_for(record, index: MatchIndex, **kwargs) -> list[Candidate]:
    """Shorthand for ``index.candidates_for(record)``."""
    return index.candidates_for(record, **kwargs)
