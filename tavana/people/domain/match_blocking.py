"""Blocking: which pairs of records are worth comparing (pure NumPy, never O(n²)).

Two records become a candidate pair when they share at least one key:

- the national code, or the code with one position masked (one digit
  wrong), or with two adjacent or one-apart digits put in order (swapped);
- the mobile;
- a name's *phonetic* form (`name_variants.phonetic_key`, so spelling
  variants and names spelled by ear share it) with the full birth date: the
  surname or the first name;
- the three names in any order (names typed in the wrong column);
- first and last name in either order with the birth year or the address;
- first and last name alone, only where few records carry them.

(Each key earns its place: on a million records of the second generator's
tuning seed, every key here finds true pairs no other key finds; the keys that
were dropped found fewer than 130 each for millions of pairs to compare.)

Keys are hashed to 64-bit integers and grouped with one sort per kind of key.
A block bigger than its cap (a placeholder mobile typed for hundreds of
women, a very common name) is dropped rather than exploded.
"""

from __future__ import annotations

import numpy as np

from . import name_variants as nv
from .match_table import RecordTable

__all__ = ["MAX_BLOCK", "candidate_pairs", "decode", "encode"]

#: blocks larger than this are dropped (placeholders, hugely common keys)
MAX_BLOCK = 60
#: the three names without anything else keep blocks this small
MAX_LOOSE_BLOCK = 30
#: the loosest key (names alone) keeps only blocks this small
MAX_NAME_BLOCK = 12

_SHIFT = np.int64(32)
_LOW = np.int64((1 << 32) - 1)
_M = (
    np.uint64(0x9E3779B97F4A7C15),
    np.uint64(0xC2B2AE3D27D4EB4F),
    np.uint64(0x165667B19E3779F9),
    np.uint64(0x27D4EB2F165667C5),
)


def encode(i: np.ndarray, j: np.ndarray) -> np.ndarray:
    lo, hi = np.minimum(i, j).astype(np.int64), np.maximum(i, j).astype(np.int64)
    return (lo << _SHIFT) | hi


def decode(pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return pairs >> _SHIFT, pairs & _LOW


def _hash(*cols: np.ndarray) -> np.ndarray:
    h = np.zeros(len(cols[0]), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k, c in enumerate(cols):
            h = (h ^ (c.astype(np.uint64) + np.uint64(k + 1))) * _M[k % 4]
            h ^= h >> np.uint64(29)
    return h.view(np.int64)


def _pairs_for_keys(keys: np.ndarray, rows: np.ndarray, cap: int = MAX_BLOCK) -> np.ndarray:
    """All encoded (i, j) row pairs, i < j, sharing a key; blocks over `cap` are skipped.

    One sort; then for each distance d, only the records whose block still has
    someone d places further on are looked at, so the work is the number of
    pairs, not the number of records times the largest block.
    """
    if len(keys) < 2:
        return np.empty(0, dtype=np.int64)
    order = np.argsort(keys, kind="stable")
    k = keys[order]
    new_run = np.empty(len(k), dtype=bool)
    new_run[0] = True
    np.not_equal(k[1:], k[:-1], out=new_run[1:])
    starts = np.flatnonzero(new_run)
    lengths = np.diff(np.append(starts, len(k)))
    ok = (lengths >= 2) & (lengths <= cap)
    if not ok.any():
        return np.empty(0, dtype=np.int64)
    starts, lengths = starts[ok], lengths[ok]
    # members of the kept blocks, with their place in the block and what is left after them
    member = np.repeat(starts, lengths) + (
        np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    )
    left = np.repeat(lengths, lengths) - (member - np.repeat(starts, lengths)) - 1
    r = rows[order]
    out = []
    d = 1
    while len(member):
        keep = left >= d
        member, left = member[keep], left[keep]
        if not len(member):
            break
        out.append(encode(r[member], r[member + d]))
        d += 1
    return np.concatenate(out) if out else np.empty(0, dtype=np.int64)


def _keyed(table: RecordTable, present: np.ndarray, *cols: np.ndarray, cap: int = MAX_BLOCK):
    rows = np.flatnonzero(present)
    return _pairs_for_keys(_hash(*(c[rows] for c in cols)), rows, cap)


def _phonetic(table: RecordTable, field: str, kind: str) -> np.ndarray:
    col = table.column(field)
    phonetic = table.kinds[kind].phonetic
    if not len(phonetic):  # not one name in the data
        return np.full(len(col), -1, dtype=np.int32)
    return np.where(col >= 0, phonetic[np.maximum(col, 0)], -1)


def _national_code_keys(table: RecordTable) -> list[np.ndarray]:
    """Same code; and codes one typo apart where at least one fails its check
    digit (two *valid* codes a digit apart are almost never a typo — the check
    digit catches it — but two women, so they need no comparing on that account)."""
    rows = np.flatnonzero(table.has_nc)
    if len(rows) < 2:
        return []
    digits = table.nc_digits[rows].astype(np.int64)
    value = table.nc_value[rows]
    out = [_pairs_for_keys(value, rows)]
    if table.nc_valid[rows].all():
        return out
    powers = 10 ** np.arange(9, -1, -1, dtype=np.int64)
    typos = []
    for i in range(10):  # one digit wrong
        typos.append(_pairs_for_keys(value - digits[:, i] * powers[i], rows))
    for gap in (1, 2):  # two digits swapped, side by side or one apart
        for i in range(10 - gap):
            j = i + gap
            x, y = digits[:, i], digits[:, j]
            lo, hi = np.minimum(x, y), np.maximum(x, y)
            canon = value - x * powers[i] - y * powers[j] + lo * powers[i] + hi * powers[j]
            sel = x != y
            typos.append(_pairs_for_keys(canon[sel], rows[sel]))
    found = np.concatenate(typos)
    a, b = decode(found)
    out.append(found[~(table.nc_valid[a] & table.nc_valid[b])])
    return out


def candidate_pairs(table: RecordTable) -> np.ndarray:
    """Sorted unique candidate pairs, encoded ``i << 32 | j`` (i < j)."""
    first = _phonetic(table, "first", nv.FIRST)
    last = _phonetic(table, "last", nv.LAST)
    father = _phonetic(table, "father", nv.FATHER)
    has_f, has_l, has_p = first >= 0, last >= 0, father >= 0
    full = table.bm > 0
    bd = np.where(full, table.by.astype(np.int64) * 10_000 + table.bm * 100 + table.bday, -1)
    has_bd = table.by > 0
    year = table.by.astype(np.int64)
    pair_lo, pair_hi = np.minimum(first, last), np.maximum(first, last)
    has_pair = has_f & has_l
    trio = np.sort(np.stack([first, last, father], axis=1), axis=1)
    address, mobile = table.address, table.mobile
    has_address, has_mobile = address >= 0, mobile >= 0

    chunks = _national_code_keys(table)
    chunks += [
        _keyed(table, has_mobile, mobile),
        _keyed(table, has_l & full, last, bd),
        _keyed(table, has_f & full, first, bd),
        _keyed(table, has_pair & has_p, trio[:, 0], trio[:, 1], trio[:, 2], cap=MAX_LOOSE_BLOCK),
        _keyed(table, has_pair & has_bd, pair_lo, pair_hi, year),
        _keyed(table, has_pair & has_address, pair_lo, pair_hi, address),
        _keyed(table, has_pair, pair_lo, pair_hi, cap=MAX_NAME_BLOCK),
    ]
    pairs = np.concatenate([c for c in chunks if len(c)] or [np.empty(0, dtype=np.int64)])
    del chunks
    pairs.sort()
    if len(pairs) > 1:
        pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]
    return pairs
