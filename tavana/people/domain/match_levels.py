"""Comparison levels per field for pairs of records, many pairs at once (NumPy):
the comparison vector γ of the Fellegi–Sunter model, one level per field.
`match_compare.compare_pairs` puts them together with the vetoes.

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

import numpy as np
from rapidfuzz.distance import OSA, Levenshtein
from rapidfuzz.process import cpdist

from . import name_variants as nv
from .match_table import RecordTable, two_names

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
            near &= ~two_names(k.known[ua_r], k.known[ub_r], ca, cb)
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


def year_typo(x: np.ndarray, y: np.ndarray) -> np.ndarray:
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
        typo[years] = year_typo(ya[years], yb[years])
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
