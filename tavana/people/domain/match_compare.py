"""Comparison levels for pairs of records, computed for many pairs at once (NumPy).

`compare_pairs(table, left, right, stats)` (a `match_table.RecordTable` and its
`NameStats`) gives, for each pair (left[k], right[k]), one comparison level per
field — the *comparison vector* γ of the Fellegi–Sunter model — plus the
vetoes and the term-frequency adjustment of the names they agree on.

Levels per field (0 is always "missing on one side", which weighs nothing):

- national code: different and both valid · different (one invalid) · one
  digit wrong, two digits swapped (adjacent or one apart) or one dropped, both
  still valid · the same typo with at least one invalid · equal but invalid ·
  equal.
- first name, surname, father's name: different · two edits · one edit · one
  key replaced by its neighbour on the keyboard · one is part of the other
  (فاطمه / فاطمه‌زهرا, زهرا / زهرا سادات) · spelled by ear (same phonetic class) · spelling
  variant (the name table) · equal. Two *different established names* a letter or two apart (زهرا/زهره،
  حسن/حسین، محمدی/احمدی) are "different", never a typo; a spelling counts as the
  name it sounds like (مهصا is مهسا). A typo a letter from two such names
  (زهرن: زهرا or زهره?) with no national code to say which is never decided
  without a person (`identified`).
- birth date: different · same year, month/day different · same year, one
  side gave only the year · a typo (day/month swapped, one digit, a day off) ·
  equal.
- contact, one field for the three that change together when a woman moves
  or re-registers years later (so a move is counted once, not three times):
  the mobile (different · one digit wrong or two swapped · equal) crossed
  with the place (another district · same district · similar address · same
  address), each part possibly missing.
- columns: as typed · first name typed in the surname's or father's column
  (the names are then compared across).

Every function here is used both for a million records and for one typed
record against a few candidates, so the two can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import OSA, Levenshtein
from rapidfuzz.process import cpdist

from . import name_variants as nv
from .match_table import (
    ESTABLISHED_MIN,
    ESTABLISHED_RATIO,
    NAME_FIELDS,
    NameStats,
    RecordTable,
    typo_of_a_third_name,
)

__all__ = [
    "FIELD_LEVELS",
    "NameStats",
    "RecordTable",
    "compare_pairs",
]

# ------------------------------------------------------------------- level names

MISSING = 0
NAME_LEVELS = ("missing", "diff", "edit2", "edit1", "keyboard", "part", "phonetic", "variant", "eq")
N_DIFF, N_EDIT2, N_EDIT1, N_KEYBOARD, N_PART, N_PHONETIC, N_VARIANT, N_EQ = range(1, 9)
NC_LEVELS = ("missing", "diff_valid", "diff", "typo_valid", "typo", "eq_invalid", "eq")
NC_DIFF_VALID, NC_DIFF, NC_TYPO_VALID, NC_TYPO, NC_EQ_INVALID, NC_EQ = range(1, 7)
BD_LEVELS = ("missing", "diff", "year", "partial", "typo", "eq")
BD_DIFF, BD_YEAR, BD_PARTIAL, BD_TYPO, BD_EQ = range(1, 6)
MOBILE_LEVELS = ("missing", "diff", "typo", "eq")
M_DIFF, M_TYPO, M_EQ = range(1, 4)
PLACE_LEVELS = ("missing", "other_district", "same_district", "near_address", "same_address")
P_OTHER_DISTRICT, P_SAME_DISTRICT, P_NEAR_ADDRESS, P_SAME_ADDRESS = range(1, 5)
#: contact level = mobile level × 5 + place level (0: both unknown)
CONTACT_LEVELS = tuple(
    f"mobile_{m}/place_{p}" if m or p else "missing" for m in MOBILE_LEVELS for p in PLACE_LEVELS
)
COLUMN_LEVELS = ("missing", "as_typed", "first_last_swapped", "first_father_swapped")
C_AS_TYPED, C_FIRST_LAST, C_FIRST_FATHER = range(1, 4)

FIELD_LEVELS: dict[str, tuple[str, ...]] = {
    "nc": NC_LEVELS,
    "first": NAME_LEVELS,
    "last": NAME_LEVELS,
    "father": NAME_LEVELS,
    "bd": BD_LEVELS,
    "contact": CONTACT_LEVELS,
    "columns": COLUMN_LEVELS,
}

# vetoes: bit flags
VETO_FIRST = 1  # a different first name (not a variant, not a typo): sisters, twins
VETO_TWIN = 2  # two valid, different codes and first names that are not one name or its spelling
VETO_FATHER = 4  # a different father's name, and birth date or first name do not agree
VETO_AGE = 8  # born ten or more years apart, which no typo explains: mother and daughter

#: birth years this far apart (and not a typo of each other) are two women
AGE_GAP = 10


# ------------------------------------------------------------------ comparisons


def _name_levels_unique(
    table: RecordTable,
    ua: np.ndarray,
    ub: np.ndarray,
    kind: str,
    counts: np.ndarray,
    sounds: np.ndarray,
) -> np.ndarray:
    """Levels for distinct name-id pairs (ua != ub allowed to be equal).

    Whether two names a letter or two apart are both established is judged by
    sound (`sounds`, indexed by phonetic id): a rare spelling of a common name
    («مهصا», «مهسا» written by ear) is that name, so «مهصا»/«مهلا» are two names
    like «مهسا»/«مهلا», not a typo of one."""
    k = table.kinds[kind]
    lv = np.full(len(ua), N_DIFF, dtype=np.int8)
    va, vb = k.variant[ua], k.variant[ub]
    part = ((k.head[ua] == vb) | (k.tail[ua] == vb)) & (k.head[ua] >= 0)
    part |= ((k.head[ub] == va) | (k.tail[ub] == va)) & (k.head[ub] >= 0)
    pa, pb = k.phonetic[ua], k.phonetic[ub]
    ra, rb = k.raw_phonetic[ua], k.raw_phonetic[ub]
    lv[part] = N_PART
    lv[(pa == pb) | (ra == rb)] = N_PHONETIC
    lv[va == vb] = N_VARIANT
    lv[(va == vb) & (k.titled[ua] != k.titled[ub])] = N_PART  # زهرا / زهرا سادات
    lv[ua == ub] = N_EQ
    rest = np.flatnonzero(lv == N_DIFF)
    if len(rest):
        # edits counted on the keys as typed and on their phonetic forms (before
        # and after the variant table), whichever is closest
        forms, keys = table.forms.items, table.names.items
        ua_r, ub_r = ua[rest], ub[rest]
        d = np.full(len(rest), 3, dtype=np.int64)
        shorter = np.zeros(len(rest), dtype=np.int64)
        for xa, xb, strings, lengths in (
            (ua_r, ub_r, keys, table.name_len),
            (ra[rest], rb[rest], forms, table.form_len),
            (pa[rest], pb[rest], forms, table.form_len),
        ):
            la, lb = lengths[xa], lengths[xb]
            # only where the lengths allow two edits or fewer and not already one
            look = np.flatnonzero((np.abs(la - lb) <= 2) & (np.minimum(la, lb) >= 3) & (d > 1))
            if not len(look):
                continue
            dist = cpdist(
                [strings[x] for x in xa[look]],
                [strings[x] for x in xb[look]],
                scorer=OSA.distance,
                score_cutoff=2,
            ).astype(np.int64)
            closer = dist < d[look]
            d[look[closer]] = dist[closer]
            shorter[look[closer]] = np.minimum(la, lb)[look[closer]]
        near = ((d == 1) & (shorter >= 3)) | ((d == 2) & (shorter >= 5))
        if near.any():
            va_r, vb_r = va[rest], vb[rest]
            ca = np.maximum(counts[va_r], sounds[pa[rest]])
            cb = np.maximum(counts[vb_r], sounds[pb[rest]])
            lo, hi = np.minimum(ca, cb), np.maximum(ca, cb)
            established = (lo >= ESTABLISHED_MIN) & (lo >= ESTABLISHED_RATIO * hi)
            two_names = (k.known[ua_r] & k.known[ub_r]) | established
            near &= ~two_names
            lv_rest = np.where(near, np.where(d == 1, N_EDIT1, N_EDIT2), N_DIFF).astype(np.int8)
            for j in np.flatnonzero(near & (d == 1)):
                if _keyboard_slip(keys[ua_r[j]], keys[ub_r[j]]):
                    lv_rest[j] = N_KEYBOARD
            lv[rest] = lv_rest
    return lv


def _keyboard_slip(a: str, b: str) -> bool:
    if len(a) != len(b):
        return False
    diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(diff) == 1 and nv.keyboard_neighbours(*diff[0])


def name_levels(
    table: RecordTable,
    a: np.ndarray,
    b: np.ndarray,
    kind: str,
    counts: np.ndarray,
    sounds: np.ndarray,
) -> np.ndarray:
    """Level of each pair of name ids (-1 is missing), worked out once per distinct pair."""
    out = np.zeros(len(a), dtype=np.int8)
    present = (a >= 0) & (b >= 0)
    out[present & (a == b)] = N_EQ
    differ = np.flatnonzero(present & (a != b))
    if not len(differ):
        return out
    a_p, b_p = a[differ].astype(np.int64), b[differ].astype(np.int64)
    size = np.int64(len(table.names) + 1)
    codes = np.minimum(a_p, b_p) * size + np.maximum(a_p, b_p)
    uniq, inv = _unique_inverse(codes)
    out[differ] = _name_levels_unique(table, uniq // size, uniq % size, kind, counts, sounds)[inv]
    return out


def _unique_inverse(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`np.unique(values, return_inverse=True)`, by one unstable sort (faster)."""
    order = np.argsort(values)
    ordered = values[order]
    first = np.empty(len(values), dtype=bool)
    first[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    inverse = np.empty(len(values), dtype=np.int64)
    inverse[order] = np.cumsum(first) - 1
    return ordered[first], inverse


def _near_digits(da: np.ndarray, db: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(one substitution, one adjacent or one-apart transposition) per row of two
    digit matrices of the same width."""
    diff = da != db
    ndiff = diff.sum(axis=1)
    sub = ndiff == 1
    swap = np.zeros(len(da), dtype=bool)
    two = np.flatnonzero(ndiff == 2)
    if len(two):
        a, b, d = da[two], db[two], diff[two]
        hit = np.zeros(len(two), dtype=bool)
        width = da.shape[1]
        for gap in (1, 2):
            for i in range(width - gap):
                j = i + gap
                hit |= d[:, i] & d[:, j] & (a[:, i] == b[:, j]) & (a[:, j] == b[:, i])
        swap[two] = hit
    return sub, swap


def _dropped_digit(da: np.ndarray, db: np.ndarray) -> np.ndarray:
    """One digit of `da` dropped gives `db` left-padded with a zero (or the other way)."""
    out = np.zeros(len(da), dtype=bool)
    for x, y in ((da, db), (db, da)):
        lead = y[:, 0] == 0
        for k in range(10):
            same = lead.copy()
            if k:
                same &= (y[:, 1 : k + 1] == x[:, :k]).all(axis=1)
            if k < 9:
                same &= (y[:, k + 1 :] == x[:, k + 1 :]).all(axis=1)
            out |= same
    return out


def nc_levels(table: RecordTable, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    out = np.zeros(len(i), dtype=np.int8)
    both = np.flatnonzero(table.has_nc[i] & table.has_nc[j])
    if not len(both):
        return out
    a, b = i[both], j[both]
    va, vb = table.nc_valid[a], table.nc_valid[b]
    valid = va & vb
    eq = table.nc_value[a] == table.nc_value[b]
    da, db = table.nc_digits[a], table.nc_digits[b]
    sub, swap = _near_digits(da, db)
    typo = (sub | swap) & ~eq
    rest = np.flatnonzero(~eq & ~typo & ~valid)
    if len(rest):
        typo[rest] = _dropped_digit(da[rest], db[rest])
    lv = np.where(valid, NC_DIFF_VALID, NC_DIFF).astype(np.int8)
    lv[typo] = np.where(valid[typo], NC_TYPO_VALID, NC_TYPO)
    lv[eq] = np.where(va[eq], NC_EQ, NC_EQ_INVALID)
    out[both] = lv
    return out


def mobile_levels(table: RecordTable, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    out = np.zeros(len(i), dtype=np.int8)
    both = np.flatnonzero((table.mobile[i] >= 0) & (table.mobile[j] >= 0))
    if not len(both):
        return out
    a, b = i[both], j[both]
    eq = table.mobile[a] == table.mobile[b]
    sub, swap = _near_digits(table.mobile_digits[a], table.mobile_digits[b])
    lv = np.full(len(both), M_DIFF, dtype=np.int8)
    lv[(sub | swap) & ~eq] = M_TYPO
    lv[eq] = M_EQ
    out[both] = lv
    return out


def _year_typo(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Two four-digit years one digit or one adjacent swap apart (1365/1364, 1365/1356)."""
    dx = np.stack([(x // p) % 10 for p in (1000, 100, 10, 1)], axis=1)
    dy = np.stack([(y // p) % 10 for p in (1000, 100, 10, 1)], axis=1)
    sub, swap = _near_digits(dx, dy)
    return sub | swap


def _slip(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """A month or day off by one, or its two digits swapped (12/21)."""
    return (np.abs(x - y) == 1) | ((x // 10 == y % 10) & (x % 10 == y // 10) & (x != y))


def bd_levels(table: RecordTable, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    out = np.zeros(len(i), dtype=np.int8)
    ya, yb = table.by[i], table.by[j]
    both = np.flatnonzero((ya > 0) & (yb > 0))
    if not len(both):
        return out
    a, b = i[both], j[both]
    ya, yb = table.by[a].astype(np.int32), table.by[b].astype(np.int32)
    ma, mb = table.bm[a].astype(np.int32), table.bm[b].astype(np.int32)
    da, db = table.bday[a].astype(np.int32), table.bday[b].astype(np.int32)
    full = (ma > 0) & (mb > 0)
    same_y, same_m, same_d = ya == yb, ma == mb, da == db
    eq = full & same_y & same_m & same_d
    typo = np.zeros(len(both), dtype=bool)
    same_year = np.flatnonzero(full & ~eq & same_y)  # day/month swapped or slipped
    if len(same_year):
        m1, d1 = same_m[same_year], same_d[same_year]
        ma_, mb_, da_, db_ = ma[same_year], mb[same_year], da[same_year], db[same_year]
        typo[same_year] = (
            ((ma_ == db_) & (da_ == mb_)) | (m1 & _slip(da_, db_)) | (d1 & _slip(ma_, mb_))
        )
    years = np.flatnonzero(full & ~eq & same_m & same_d & ~same_y)
    if len(years):
        typo[years] = _year_typo(ya[years], yb[years])
    lv = np.full(len(both), BD_DIFF, dtype=np.int8)
    lv[same_y & full] = BD_YEAR
    lv[same_y & ~full] = BD_PARTIAL
    lv[typo] = BD_TYPO
    lv[eq] = BD_EQ
    out[both] = lv
    return out


def place_levels(table: RecordTable, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Same address · similar address · same district · another district · unknown."""
    out = np.zeros(len(i), dtype=np.int8)
    da, db = table.district[i], table.district[j]
    districts = (da >= 0) & (db >= 0)
    out[districts] = np.where(da[districts] == db[districts], P_SAME_DISTRICT, P_OTHER_DISTRICT)
    aa, ab = table.address[i], table.address[j]
    addresses = (aa >= 0) & (ab >= 0)
    out[addresses & (aa == ab)] = P_SAME_ADDRESS
    # similar addresses are looked for only where the districts do not say otherwise
    differ = np.flatnonzero(addresses & (aa != ab) & (out != P_OTHER_DISTRICT))
    out[addresses & (aa != ab) & (out == 0)] = P_OTHER_DISTRICT  # no districts, other address
    if len(differ):
        items = table.addresses.items
        sim = cpdist(
            [items[k] for k in aa[differ]],
            [items[k] for k in ab[differ]],
            scorer=Levenshtein.normalized_similarity,
            score_cutoff=0.8,
        )
        out[differ[sim >= 0.8]] = P_NEAR_ADDRESS
    return out


@dataclass(slots=True)
class Compared:
    """γ for a batch of pairs: one int8 array per field, the vetoes (bit flags),
    whether something only one woman has agrees (first name or national code;
    if not, the pair is never decided without a person), and the names'
    term-frequency adjustment in bits."""

    gamma: dict[str, np.ndarray]
    vetoes: np.ndarray
    identified: np.ndarray
    tf_bits: np.ndarray
    #: the first name is a typo that could be of two names (no code to say which)
    ambiguous: np.ndarray | None = None
    #: two whole birth dates ten years apart, the years a typo apart (`_two_whole_dates`)
    two_dates: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.vetoes)


def _at(values: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """values[ids] where ids ≥ 0, -1 elsewhere (and for an empty vocabulary)."""
    if not len(values):
        return np.full(len(ids), -1, dtype=np.int64)
    return np.where(ids >= 0, values[np.maximum(ids, 0)], -1)


def _reads_as_first(table: RecordTable, ids: np.ndarray, other_kind: str, counts) -> np.ndarray:
    """The name reads as a woman's first name rather than a name of `other_kind`:
    the name table says so, or (when it knows both or neither) it is more common
    in the first-name column."""
    if not len(table.names):
        return np.zeros(len(ids), dtype=bool)
    safe = np.maximum(ids, 0)
    k_first, k_other = table.kinds[nv.FIRST], table.kinds[other_kind]
    known_f, known_o = k_first.known[safe], k_other.known[safe]
    more = counts[nv.FIRST][k_first.variant[safe]] >= counts[other_kind][k_other.variant[safe]]
    return (ids >= 0) & ((known_f & ~known_o) | ((known_f == known_o) & more))


def _names_as_meant(table: RecordTable, counts) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The name columns with each record's own column mix-ups undone: a first
    name in the surname's or father's column and that name in the first name's
    (the name table and the data's counts tell which is which); and each
    record's `C_*` level. Cached on the table for the same statistics."""
    cached = table.names_cache
    if cached is not None and cached[0] is counts:
        return cached[1], cached[2]
    first, last, father = table.first.copy(), table.last.copy(), table.father.copy()
    swap = np.full(table.n, C_AS_TYPED, dtype=np.int8)
    for other, kind, level in ((last, nv.LAST, C_FIRST_LAST), (father, nv.FATHER, C_FIRST_FATHER)):
        mixed = (
            (swap == C_AS_TYPED)
            & (first >= 0)
            & (other >= 0)
            & _reads_as_first(table, other, kind, counts)
            & ~_reads_as_first(table, first, kind, counts)
            & _reads_as(table, first, kind, counts)
        )
        first[mixed], other[mixed] = other[mixed], first[mixed]
        swap[mixed] = level
    # a man's name in the first name's column and nothing in the father's: it is
    # the father's name (her own was left out)
    moved = (
        (swap == C_AS_TYPED)
        & (father < 0)
        & _reads_as(table, first, nv.FATHER, counts)
        & ~_reads_as(table, first, nv.FIRST, counts)
    )
    father[moved], first[moved] = first[moved], -1
    swap[moved] = C_FIRST_FATHER
    names = {"first": first, "last": last, "father": father}
    table.names_cache = (counts, names, swap)
    return names, swap


def _reads_as(table: RecordTable, ids: np.ndarray, kind: str, counts) -> np.ndarray:
    """The name is known as a name of `kind` or has been seen in that column."""
    if not len(table.names):
        return np.zeros(len(ids), dtype=bool)
    safe = np.maximum(ids, 0)
    k = table.kinds[kind]
    return (ids >= 0) & (k.known[safe] | (counts[kind][k.variant[safe]] >= ESTABLISHED_MIN))


def compare_pairs(table: RecordTable, i: np.ndarray, j: np.ndarray, stats: NameStats) -> Compared:
    """γ, vetoes and term-frequency bits for the pairs (i[k], j[k])."""
    i = np.asarray(i, dtype=np.int64)
    j = np.asarray(j, dtype=np.int64)
    counts = stats.arrays(table)
    sounds = stats.sound_arrays(table)
    names, record_swap = _names_as_meant(table, counts)
    g: dict[str, np.ndarray] = {"nc": nc_levels(table, i, j)}
    # the name ids compared for each name field (changed where columns were swapped)
    aligned: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for field, kind in NAME_FIELDS:
        col = names[field]
        aligned[field] = (col[i], col[j])
        g[field] = name_levels(table, col[i], col[j], kind, counts[kind], sounds[kind])
    columns = np.maximum(record_swap[i], record_swap[j])
    for other, other_kind, level in (
        ("last", nv.LAST, C_FIRST_LAST),
        ("father", nv.FATHER, C_FIRST_FATHER),
    ):
        _compare_across(
            table, names, counts, sounds, i, j, g, aligned, columns, other, other_kind, level
        )
    g["columns"] = columns
    g["bd"] = bd_levels(table, i, j)
    g["contact"] = mobile_levels(table, i, j) * 5 + place_levels(table, i, j)
    first = g["first"]
    typo = np.flatnonzero((g["nc"] == MISSING) & (first >= N_EDIT2) & (first <= N_KEYBOARD))
    ambiguous = np.zeros(len(i), dtype=bool)
    if len(typo):
        x, y = aligned["first"][0][typo], aligned["first"][1][typo]
        ambiguous[typo] = typo_of_a_third_name(table, stats, x, y, nv.FIRST)
    two_dates = _two_whole_dates(table, i, j, g)
    return Compared(
        g,
        _vetoes(table, i, j, g),
        _identified(g) & ~ambiguous & ~two_dates,
        _tf_bits(table, aligned, g, stats, counts, columns),
        ambiguous,
        two_dates,
    )


def _two_whole_dates(table: RecordTable, i: np.ndarray, j: np.ndarray, g) -> np.ndarray:
    """Two whole birth dates ten or more years apart whose years are a digit
    apart (1365/1345) and whose month or day differ as well, with no national
    code agreeing: the year's typo, which lifts the age veto, does not explain
    the rest of the date. A mother and her daughter of one name at one address
    look so (tuning seed B 103 at 1,000,000); so does one woman whose date was
    mistyped twice. Nothing is decided without a person."""
    nc = g["nc"]
    code_agrees = (nc == NC_EQ) | (nc == NC_EQ_INVALID) | (nc == NC_TYPO)
    ya, yb = table.by[i].astype(np.int32), table.by[j].astype(np.int32)
    whole = (table.bm[i] > 0) & (table.bm[j] > 0)
    look = np.flatnonzero(
        (g["bd"] == BD_DIFF) & (np.abs(ya - yb) >= AGE_GAP) & whole & ~code_agrees
    )
    out = np.zeros(len(i), dtype=bool)
    out[look] = _year_typo(ya[look], yb[look])
    return out


def _compare_across(
    table, names, counts, sounds, i, j, g, aligned, columns, other, other_kind, level
):
    """Names typed in the wrong column that the names alone do not give away (a
    first name in the `other` column of one record): where comparing across
    agrees better than as typed, take those levels (`g`, `aligned` and
    `columns` are updated in place)."""
    rows = np.flatnonzero((g["first"] < N_PART) & (columns == C_AS_TYPED))
    if not len(rows):
        return
    # (only where one of the two cross comparisons sounds the same at least)
    ph_first = table.kinds[nv.FIRST].raw_phonetic
    ph_other = table.kinds[other_kind].raw_phonetic
    fa, oa = names["first"][i[rows]], names[other][i[rows]]
    fb, ob = names["first"][j[rows]], names[other][j[rows]]
    cross = ((fa >= 0) & (ob >= 0) & (_at(ph_first, fa) == _at(ph_first, ob))) | (
        (oa >= 0) & (fb >= 0) & (_at(ph_other, oa) == _at(ph_other, fb))
    )
    rows = rows[cross]
    if not len(rows):
        return
    ia, jb = i[rows], j[rows]
    a_first, a_other = names["first"][ia], names[other][ia]
    b_first, b_other = names["first"][jb], names[other][jb]
    first_x = name_levels(table, a_first, b_other, nv.FIRST, counts[nv.FIRST], sounds[nv.FIRST])
    other_x = name_levels(
        table, a_other, b_first, other_kind, counts[other_kind], sounds[other_kind]
    )
    # which record was typed into the wrong columns? the one whose first-name
    # column holds something that reads as the other kind of name
    a_swapped = np.where(
        a_first >= 0,
        ~_reads_as_first(table, a_first, other_kind, counts),
        _reads_as_first(table, b_first, other_kind, counts),
    )
    her_first = np.where(a_swapped, other_x, first_x)
    her_other = np.where(a_swapped, first_x, other_x)
    both = np.minimum(her_first, her_other) >= N_EDIT1
    one = (np.minimum(her_first, her_other) == MISSING) & (
        np.maximum(her_first, her_other) >= N_PHONETIC
    )
    better = (both | one) & (
        her_first.astype(np.int16) + her_other > g["first"][rows].astype(np.int16) + g[other][rows]
    )
    if not better.any():
        return
    sel = rows[better]
    g["first"][sel], g[other][sel] = her_first[better], her_other[better]
    sw = a_swapped[better]
    af, ao, bf, bo = a_first[better], a_other[better], b_first[better], b_other[better]
    aligned["first"][0][sel] = np.where(sw, ao, af)
    aligned["first"][1][sel] = np.where(sw, bf, bo)
    aligned[other][0][sel] = np.where(sw, af, ao)
    aligned[other][1][sel] = np.where(sw, bo, bf)
    columns[sel] = level


def _vetoes(table: RecordTable, i: np.ndarray, j: np.ndarray, g) -> np.ndarray:
    """The safe vetoes (bit flags, see `VETO_*`); the same valid code lifts the name ones."""
    nc, first, father, bd = g["nc"], g["first"], g["father"], g["bd"]
    same_code = nc == NC_EQ
    vetoes = np.zeros(len(i), dtype=np.int8)
    vetoes[(first == N_DIFF) & ~same_code] |= VETO_FIRST
    two_codes = (nc == NC_DIFF_VALID) | (nc == NC_TYPO_VALID)
    vetoes[two_codes & (first <= N_PART)] |= VETO_TWIN
    person_agrees = ((bd == BD_EQ) | (bd == BD_TYPO)) & (first >= N_PHONETIC)
    vetoes[(father == N_DIFF) & ~same_code & ~person_agrees] |= VETO_FATHER
    ya, yb = table.by[i].astype(np.int32), table.by[j].astype(np.int32)
    apart = (bd == BD_DIFF) & (np.abs(ya - yb) >= AGE_GAP)
    apart[apart] &= ~_year_typo(ya[apart], yb[apart])
    vetoes[apart & ~same_code] |= VETO_AGE
    return vetoes


def _identified(g) -> np.ndarray:
    """Is she told apart from a twin or a sister by something only she has? Her
    national code agrees; or, with no code to go by, her first name does (a
    typo of it at most, not just a part of a compound); or, with the codes in
    conflict, her first name is exactly the same. If not, a person decides (as
    when the first name is a typo that could be of two names: `compare_pairs`)."""
    nc, first = g["nc"], g["first"]
    code_agrees = (nc == NC_EQ) | (nc == NC_EQ_INVALID) | (nc == NC_TYPO)
    return (
        code_agrees
        | ((nc == MISSING) & (first >= N_EDIT1) & (first != N_PART))
        | ((nc != MISSING) & (first == N_EQ))
    )


def _tf_bits(table, aligned, g, stats: NameStats, counts, columns) -> np.ndarray:
    """log2(mean share / this name's share) summed over the names the pair agrees
    on (equal, variant or by ear): a common name counts for less, a rare one more.
    Of the two spellings compared, the more common one's share is taken; where
    columns were swapped (so which value is a first name is not known), the
    most common reading of either."""
    bits = np.zeros(len(g["first"]), dtype=np.float64)
    swapped = columns != C_AS_TYPED
    for field, kind in NAME_FIELDS:
        agree = np.flatnonzero(g[field] >= N_PHONETIC)
        if not len(agree):
            continue
        x, y = aligned[field][0][agree], aligned[field][1][agree]
        variant = table.kinds[kind].variant
        c = np.maximum(counts[kind][variant[x]], counts[kind][variant[y]])
        sw = swapped[agree]
        if sw.any():
            for other in nv.KINDS:
                v = table.kinds[other].variant
                c[sw] = np.maximum(c[sw], counts[other][v[x[sw]]])
                c[sw] = np.maximum(c[sw], counts[other][v[y[sw]]])
        bits[agree] += np.log2(stats.mean_share(kind) / stats.shares(kind, c))
    return bits
