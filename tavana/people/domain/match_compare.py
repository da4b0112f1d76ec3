"""Pairs of records compared, many pairs at once (NumPy).

`compare_pairs(table, left, right, stats)` (a `match_table.RecordTable` and its
`NameStats`) gives, for each pair (left[k], right[k]), one comparison level per
field — the *comparison vector* γ of the Fellegi–Sunter model, whose levels
`match_levels` defines and computes — plus the safe vetoes, whether something
only she has agrees (`identified`), and the term-frequency adjustment of the
names they agree on. Two *different established names* a letter or two apart
are "different", never a typo; a typo a letter from two such names (زهرن: زهرا
or زهره?) or two whole birth dates a decade apart whose years are a typo apart,
with no national code to say who she is, are never decided without a person.

Every function here is used both for a million records and for one typed
record against a few candidates, so the two can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import name_variants as nv
from .match_levels import (
    BD_DIFF,
    BD_EQ,
    BD_LEVELS,
    BD_PARTIAL,
    BD_TYPO,
    BD_YEAR,
    C_AS_TYPED,
    C_FIRST_FATHER,
    C_FIRST_LAST,
    COLUMN_LEVELS,
    CONTACT_LEVELS,
    FIELD_LEVELS,
    M_DIFF,
    M_EQ,
    M_TYPO,
    MISSING,
    MOBILE_LEVELS,
    N_DIFF,
    N_EDIT1,
    N_EDIT2,
    N_EQ,
    N_KEYBOARD,
    N_PART,
    N_PHONETIC,
    N_VARIANT,
    NAME_LEVELS,
    NC_DIFF,
    NC_DIFF_VALID,
    NC_EQ,
    NC_EQ_INVALID,
    NC_LEVELS,
    NC_TYPO,
    NC_TYPO_VALID,
    P_NEAR_ADDRESS,
    P_OTHER_DISTRICT,
    P_SAME_ADDRESS,
    P_SAME_DISTRICT,
    PLACE_LEVELS,
    bd_levels,
    mobile_levels,
    name_levels,
    nc_levels,
    place_levels,
    year_typo,
)
from .match_table import (
    ESTABLISHED_MIN,
    ESTABLISHED_RATIO,
    NAME_FIELDS,
    NameStats,
    RecordTable,
    typo_of_a_third_name,
)

__all__ = [
    "AGE_GAP",
    "BD_DIFF",
    "BD_EQ",
    "BD_LEVELS",
    "BD_PARTIAL",
    "BD_TYPO",
    "BD_YEAR",
    "COLUMN_LEVELS",
    "CONTACT_LEVELS",
    "C_AS_TYPED",
    "C_FIRST_FATHER",
    "C_FIRST_LAST",
    "Compared",
    "ESTABLISHED_MIN",
    "ESTABLISHED_RATIO",
    "FIELD_LEVELS",
    "MISSING",
    "MOBILE_LEVELS",
    "M_DIFF",
    "M_EQ",
    "M_TYPO",
    "NAME_LEVELS",
    "NC_DIFF",
    "NC_DIFF_VALID",
    "NC_EQ",
    "NC_EQ_INVALID",
    "NC_LEVELS",
    "NC_TYPO",
    "NC_TYPO_VALID",
    "N_DIFF",
    "N_EDIT1",
    "N_EDIT2",
    "N_EQ",
    "N_KEYBOARD",
    "N_PART",
    "N_PHONETIC",
    "N_VARIANT",
    "NameStats",
    "PLACE_LEVELS",
    "P_NEAR_ADDRESS",
    "P_OTHER_DISTRICT",
    "P_SAME_ADDRESS",
    "P_SAME_DISTRICT",
    "RecordTable",
    "VETO_AGE",
    "VETO_FATHER",
    "VETO_FIRST",
    "VETO_TWIN",
    "bd_levels",
    "compare_pairs",
    "mobile_levels",
    "name_levels",
    "nc_levels",
    "place_levels",
    "year_typo",
]

# vetoes: bit flags
VETO_FIRST = 1  # a different first name (not a variant, not a typo): sisters, twins
VETO_TWIN = 2  # two valid, different codes and first names that are not one name or its spelling
VETO_FATHER = 4  # a different father's name, and birth date or first name do not agree
VETO_AGE = 8  # born ten or more years apart, which no typo explains: mother and daughter

#: birth years this far apart (and not a typo of each other) are two women
AGE_GAP = 10


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
    out[look] = year_typo(ya[look], yb[look])
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
    apart[apart] &= ~year_typo(ya[apart], yb[apart])
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
