"""Which encoded records of A describe a woman also in B (pure NumPy).

The registry's matcher (`tavana.people.domain.matching`) applied to the
encodings instead of the values:

1. **Blocking** on the same keys as `match_blocking`, built from the tokens:
   the national code and each of its one-digit deletions, the mobile, a
   name's phonetic form with the birth date, the three names in any order,
   first and last name with the birth year, with the address, and alone where
   few records carry them. Only pairs across A and B are made.
2. **Comparison levels** as `match_compare` defines them, read from token
   equalities (equal, spelling variant, same sound, part of a compound; one
   digit wrong, swapped or dropped; day and month swapped, the next day, one
   digit of the date), and for one or two letters typed wrong from the names'
   Bloom filters (how many letter pairs differ). What encodings cannot show —
   a slip to the neighbouring key, one-apart digit swaps, similar addresses,
   names typed in the wrong column — falls to the next level down.
3. **Scoring** with the registry's Fellegi–Sunter model (m, u, the prior per
   record of B, the names' term-frequency adjustment counted on A and B), the
   same vetoes, and the same decision: probability ≥ `P_MATCH` and something
   only she has agrees — and never for a first name typed a letter from two
   names with no national code to say which (`names`: how the lists' names
   are counted, by spelling and by sound).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tavana.people.domain import match_compare as mc
from tavana.people.domain.fellegi_sunter import DEFAULT, Model
from tavana.people.domain.match_table import two_names
from tavana.people.domain.matching import MIN_POPULATION, P_MATCH

from .encoding import F_NC_VALID, NAMES, Encoded, name_flag_shift
from .names import EDIT1_BITS, EDIT2_BITS, KindNames, name_counts, typo_of_a_third_name

__all__ = ["MAX_BLOCK", "Linked", "candidate_pairs", "link"]

MAX_BLOCK = 60
MAX_LOOSE_BLOCK = 30
MAX_NAME_BLOCK = 12
#: pairs compared at once (bounds the memory)
CHUNK = 400_000

_M = (
    np.uint64(0x9E3779B97F4A7C15),
    np.uint64(0xBF58476D1CE4E5B9),
    np.uint64(0x94D049BB133111EB),
    np.uint64(0xD6E8FEB86659FD93),
)


@dataclass
class Linked:
    """`matched[k]`: record k of A matches a record of B; `pairs`: pairs compared."""

    matched: np.ndarray
    pairs: int
    matching_pairs: int


def _mix(*cols: np.ndarray) -> np.ndarray:
    h = np.zeros(len(cols[0]), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k, c in enumerate(cols):
            h = (h ^ (c.astype(np.uint64) + np.uint64(k + 1))) * _M[k % 4]
            h ^= h >> np.uint64(29)
    return h.view(np.int64)


def _runs(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    order = np.argsort(keys, kind="stable")
    k = keys[order]
    start = np.flatnonzero(np.concatenate(([True], k[1:] != k[:-1]))) if len(k) else k
    count = np.diff(np.append(start, len(k)))
    return order, k[start] if len(k) else k, start, count


def _cross(ka: np.ndarray, ra: np.ndarray, kb: np.ndarray, rb: np.ndarray, cap: int) -> np.ndarray:
    """Pairs (a << 32 | b) of rows sharing a key, from blocks of at most `cap` records."""
    if not len(ka) or not len(kb):
        return np.empty(0, dtype=np.int64)
    oa, ua, sa, ca = _runs(ka)
    ob, ub, sb, cb = _runs(kb)
    _, ia, ib = np.intersect1d(ua, ub, assume_unique=True, return_indices=True)
    keep = ca[ia] + cb[ib] <= cap
    ia, ib = ia[keep], ib[keep]
    sizes = ca[ia] * cb[ib]
    total = int(sizes.sum())
    if not total:
        return np.empty(0, dtype=np.int64)
    offset = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    width = np.repeat(cb[ib], sizes)
    a = ra[oa[np.repeat(sa[ia], sizes) + offset // width]]
    b = rb[ob[np.repeat(sb[ib], sizes) + offset % width]]
    return (a.astype(np.int64) << 32) | b


def _keyed(a: Encoded, b: Encoded, cols, cap: int = MAX_BLOCK) -> np.ndarray:
    """Cross pairs sharing the mix of `cols` (each a function of an Encoded giving
    a column; a record with any of them 0 has no key)."""
    out = []
    sides = []
    for side in (a, b):
        values = [f(side) for f in cols]
        present = np.logical_and.reduce([v != 0 for v in values])
        rows = np.flatnonzero(present)
        sides.append((_mix(*(v[rows] for v in values)), rows))
    out.append(_cross(sides[0][0], sides[0][1], sides[1][0], sides[1][1], cap))
    return out[0]


def _col(name: str):
    return lambda e: e.col(name)


def _pair(lo: bool):
    def f(e: Encoded) -> np.ndarray:
        first, last = e.col("first_pho"), e.col("last_pho")
        both = (first != 0) & (last != 0)
        return np.where(both, np.minimum(first, last) if lo else np.maximum(first, last), 0)

    return f


def _trio(k: int):
    def f(e: Encoded) -> np.ndarray:
        t = np.sort(np.stack([e.col(f"{n}_pho") for n, _ in NAMES], axis=1), axis=1)
        return np.where((t != 0).all(axis=1), t[:, k], 0)

    return f


def _deletion_pairs(a: Encoded, b: Encoded) -> np.ndarray:
    """Codes one digit deletion apart (each deletion token a key)."""
    da, db = a.cols("nc_del", 10), b.cols("nc_del", 10)
    ka, kb = da.ravel(), db.ravel()
    ra = np.repeat(np.arange(len(a)), 10)
    rb = np.repeat(np.arange(len(b)), 10)
    sa, sb = ka != 0, kb != 0
    return _cross(ka[sa], ra[sa], kb[sb], rb[sb], MAX_BLOCK)


def candidate_pairs(a: Encoded, b: Encoded) -> np.ndarray:
    """Sorted unique pairs (a << 32 | b) worth comparing."""
    chunks = [
        _keyed(a, b, [_col("nc")]),
        _deletion_pairs(a, b),
        _keyed(a, b, [_col("mobile")]),
        _keyed(a, b, [_col("last_pho"), _col("bd")]),
        _keyed(a, b, [_col("first_pho"), _col("bd")]),
        _keyed(a, b, [_trio(0), _trio(1), _trio(2)], MAX_LOOSE_BLOCK),
        _keyed(a, b, [_pair(True), _pair(False), _col("by")]),
        _keyed(a, b, [_pair(True), _pair(False), _col("address")]),
        _keyed(a, b, [_pair(True), _pair(False)], MAX_NAME_BLOCK),
    ]
    pairs = np.sort(np.concatenate(chunks))
    # sorted, then each pair once: NumPy 2's hash-based `np.unique` took 18× as
    # long on these tens of millions of pairs (34 s against 1.9 s)
    first = np.empty(len(pairs), dtype=bool)
    first[:1] = True
    np.not_equal(pairs[1:], pairs[:-1], out=first[1:])
    return pairs[first]


# ---------------------------------------------------------------------- levels


def _shares_any(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Rows where some non-zero token of x equals one of y (both (P, k))."""
    hit = np.zeros(len(x), dtype=bool)
    for k in range(x.shape[1]):
        hit |= ((x[:, k : k + 1] == y) & (x[:, k : k + 1] != 0)).any(axis=1)
    return hit


def _nc_levels(a, b, i, j) -> np.ndarray:
    xa, xb = a.col("nc")[i], b.col("nc")[j]
    out = np.zeros(len(i), dtype=np.int8)
    both = (xa != 0) & (xb != 0)
    va = (a.col("flags")[i] & F_NC_VALID) != 0
    vb = (b.col("flags")[j] & F_NC_VALID) != 0
    valid = va & vb
    eq = xa == xb
    typo = np.zeros(len(i), dtype=bool)
    look = np.flatnonzero(both & ~eq)
    typo[look] = _shares_any(a.cols("nc_del", 10)[i[look]], b.cols("nc_del", 10)[j[look]])
    lv = np.where(valid, mc.NC_DIFF_VALID, mc.NC_DIFF).astype(np.int8)
    lv[typo] = np.where(valid[typo], mc.NC_TYPO_VALID, mc.NC_TYPO)
    lv[eq] = np.where(va[eq], mc.NC_EQ, mc.NC_EQ_INVALID)
    out[both] = lv[both]
    return out


def _name_levels(a, b, i, j, n: int, field: str, names: KindNames) -> np.ndarray:
    def w(e, rows, word):
        return e.col(f"{field}_{word}")[rows]

    shift = name_flag_shift(n)
    fa, fb = (a.col("flags")[i] >> shift) & 0xFF, (b.col("flags")[j] >> shift) & 0xFF
    ea, eb = w(a, i, "eq"), w(b, j, "eq")
    va, vb = w(a, i, "var"), w(b, j, "var")
    ha, ta, hb, tb = w(a, i, "head"), w(a, i, "tail"), w(b, j, "head"), w(b, j, "tail")
    lv = np.full(len(i), mc.N_DIFF, dtype=np.int8)
    part = (((ha == vb) | (ta == vb)) & (ha != 0)) | (((hb == va) | (tb == va)) & (hb != 0))
    lv[part] = mc.N_PART
    lv[(w(a, i, "pho") == w(b, j, "pho")) | (w(a, i, "rpho") == w(b, j, "rpho"))] = mc.N_PHONETIC
    lv[va == vb] = mc.N_VARIANT
    lv[(va == vb) & ((fa & 2) != (fb & 2))] = mc.N_PART
    lv[ea == eb] = mc.N_EQ
    rest = np.flatnonzero(lv == mc.N_DIFF)
    if len(rest):
        ia, jb = i[rest], j[rest]
        bits = np.bitwise_count(w(a, ia, "bloom0") ^ w(b, jb, "bloom0")) + np.bitwise_count(
            w(a, ia, "bloom1") ^ w(b, jb, "bloom1")
        )
        la, lb = fa[rest] >> 2, fb[rest] >> 2
        shorter = np.minimum(la, lb)
        close = np.abs(la - lb) <= 2
        one = close & (bits <= EDIT1_BITS) & (shorter >= 3)
        two = close & (bits <= EDIT2_BITS) & (shorter >= 5) & ~one
        # by spelling or by sound: «مهصا» (written by ear) is «مهسا» there
        ca = names.count(va[rest], w(a, ia, "pho"))
        cb = names.count(vb[rest], w(b, jb, "pho"))
        names_apart = two_names((fa[rest] & 1).astype(bool), (fb[rest] & 1).astype(bool), ca, cb)
        lv[rest[one & ~names_apart]] = mc.N_EDIT1
        lv[rest[two & ~names_apart]] = mc.N_EDIT2
    lv[(ea == 0) | (eb == 0)] = mc.MISSING
    return lv


def _bd_levels(a, b, i, j) -> np.ndarray:
    ya, yb = a.col("by")[i], b.col("by")[j]
    out = np.zeros(len(i), dtype=np.int8)
    both = (ya != 0) & (yb != 0)
    da, db = a.col("bd")[i], b.col("bd")[j]
    full = (da != 0) & (db != 0)
    same_y = ya == yb
    eq = full & (da == db)
    typo = full & ~eq
    look = np.flatnonzero(typo)
    if len(look):
        ia, jb = i[look], j[look]
        x, y = da[look], db[look]
        near = (a.col("bd_swap")[ia] == y) | (b.col("bd_swap")[jb] == x)
        near |= (a.col("bd_next")[ia] == y) | (b.col("bd_next")[jb] == x)
        near |= (a.cols("bd_mask", 8)[ia] == b.cols("bd_mask", 8)[jb]).any(axis=1)
        typo[look] = near
    lv = np.full(len(i), mc.BD_DIFF, dtype=np.int8)
    lv[same_y & full] = mc.BD_YEAR
    lv[same_y & ~full] = mc.BD_PARTIAL
    lv[typo] = mc.BD_TYPO
    lv[eq] = mc.BD_EQ
    out[both] = lv[both]
    return out


def _contact_levels(a, b, i, j) -> np.ndarray:
    ma, mb = a.col("mobile")[i], b.col("mobile")[j]
    mobile = np.zeros(len(i), dtype=np.int8)
    both = (ma != 0) & (mb != 0)
    mobile[both] = mc.M_DIFF
    look = np.flatnonzero(both & (ma != mb))
    if len(look):
        near = _shares_any(a.cols("mobile_del", 9)[i[look]], b.cols("mobile_del", 9)[j[look]])
        mobile[look[near]] = mc.M_TYPO
    mobile[both & (ma == mb)] = mc.M_EQ
    place = np.zeros(len(i), dtype=np.int8)
    xa, xb = a.col("district")[i], b.col("district")[j]
    districts = (xa != 0) & (xb != 0)
    place[districts] = np.where(
        xa[districts] == xb[districts], mc.P_SAME_DISTRICT, mc.P_OTHER_DISTRICT
    )
    aa, ab = a.col("address")[i], b.col("address")[j]
    addresses = (aa != 0) & (ab != 0)
    place[addresses & (aa == ab)] = mc.P_SAME_ADDRESS
    place[addresses & (aa != ab) & (place == 0)] = mc.P_OTHER_DISTRICT
    return (mobile * 5 + place).astype(np.int8)


def _vetoes(a, b, i, j, g) -> np.ndarray:
    """`match_compare`'s vetoes; born ten or more years apart is told by the
    twenty-year windows (shifted by ten) the two years share none of."""
    nc, first, father, bd = g["nc"], g["first"], g["father"], g["bd"]
    same_code = nc == mc.NC_EQ
    vetoes = np.zeros(len(i), dtype=np.int8)
    vetoes[(first == mc.N_DIFF) & ~same_code] |= mc.VETO_FIRST
    two_codes = (nc == mc.NC_DIFF_VALID) | (nc == mc.NC_TYPO_VALID)
    vetoes[two_codes & (first <= mc.N_PART)] |= mc.VETO_TWIN
    person_agrees = ((bd == mc.BD_EQ) | (bd == mc.BD_TYPO)) & (first >= mc.N_PHONETIC)
    vetoes[(father == mc.N_DIFF) & ~same_code & ~person_agrees] |= mc.VETO_FATHER
    window = (a.col("age_a")[i] == b.col("age_a")[j]) | (a.col("age_b")[i] == b.col("age_b")[j])
    vetoes[(bd == mc.BD_DIFF) & ~window & ~same_code] |= mc.VETO_AGE
    return vetoes


def _identified(g) -> np.ndarray:
    nc, first = g["nc"], g["first"]
    code_agrees = (nc == mc.NC_EQ) | (nc == mc.NC_EQ_INVALID) | (nc == mc.NC_TYPO)
    return (
        code_agrees
        | ((nc == mc.MISSING) & (first >= mc.N_EDIT1) & (first != mc.N_PART))
        | ((nc != mc.MISSING) & (first == mc.N_EQ))
    )


def _side(e: Encoded, rows: np.ndarray, field: str, n: int) -> tuple[np.ndarray, ...]:
    """A name of records `rows` as `typo_of_a_third_name` reads it."""
    flags = (e.col("flags")[rows] >> name_flag_shift(n)) & 0xFF
    bloom = np.stack([e.col(f"{field}_bloom0")[rows], e.col(f"{field}_bloom1")[rows]], axis=1)
    return (
        e.col(f"{field}_var")[rows],
        e.col(f"{field}_pho")[rows],
        bloom,
        flags >> 2,
        (flags & 1).astype(bool),
    )


def _ambiguous(a: Encoded, b: Encoded, i, j, g, names: dict[str, KindNames]) -> np.ndarray:
    """A first name typed a letter from two names, and no national code to say
    which she is: never counted as one woman (the registry asks a person)."""
    first = g["first"]
    out = np.zeros(len(i), dtype=bool)
    typo = np.flatnonzero(
        (g["nc"] == mc.MISSING) & (first >= mc.N_EDIT2) & (first <= mc.N_KEYBOARD)
    )
    if len(typo):
        field, kind = NAMES[0]
        out[typo] = typo_of_a_third_name(
            names[kind], _side(a, i[typo], field, 0), _side(b, j[typo], field, 0)
        )
    return out


def compare(
    a: Encoded, b: Encoded, i: np.ndarray, j: np.ndarray, names: dict[str, KindNames], stats
) -> mc.Compared:
    """γ, vetoes, identified and term-frequency bits for pairs (a[i], b[j])."""
    g: dict[str, np.ndarray] = {"nc": _nc_levels(a, b, i, j)}
    tf = np.zeros(len(i), dtype=np.float64)
    for n, (field, kind) in enumerate(NAMES):
        g[field] = _name_levels(a, b, i, j, n, field, names[kind])
        agree = np.flatnonzero(g[field] >= mc.N_PHONETIC)
        if len(agree):
            forms = names[kind].forms
            c = np.maximum(
                forms[a.col(f"{field}_var")[i[agree]]], forms[b.col(f"{field}_var")[j[agree]]]
            )
            tf[agree] += np.log2(stats.mean_share(kind) / stats.shares(kind, c))
    g["columns"] = np.full(len(i), mc.C_AS_TYPED, dtype=np.int8)
    g["bd"] = _bd_levels(a, b, i, j)
    g["contact"] = _contact_levels(a, b, i, j)
    ambiguous = _ambiguous(a, b, i, j, g, names)
    return mc.Compared(g, _vetoes(a, b, i, j, g), _identified(g) & ~ambiguous, tf, ambiguous)


def link(a: Encoded, b: Encoded, model: Model | None = None) -> Linked:
    """Which records of A match a record of B (see the module doc)."""
    model = model or DEFAULT
    matched = np.zeros(len(a), dtype=bool)
    pairs = candidate_pairs(a, b)
    names, stats = name_counts(a, b)
    population = max(len(b), MIN_POPULATION)
    hits = 0
    for start in range(0, len(pairs), CHUNK):
        chunk = pairs[start : start + CHUNK]
        i, j = chunk >> 32, chunk & 0xFFFFFFFF
        compared = compare(a, b, i, j, names, stats)
        _, prob = model.probability(compared, population)
        same = (prob >= P_MATCH) & compared.identified
        hits += int(same.sum())
        matched[i[same]] = True
    return Linked(matched, int(len(pairs)), hits)
