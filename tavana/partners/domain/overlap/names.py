"""What the two encoded lists say about names, for `linking` (pure NumPy).

The registry's matcher reads the same things off the names themselves
(`tavana.people.domain.match_table.NameStats`); here they are read off the
tokens, on A and B together:

- **records per spelling** (the variant token): the term-frequency adjustment,
  and whether two names a letter apart are both *established* (two women, not a
  typo of one);
- **records per sound** (the phonetic token): a rare spelling of a common name
  («مهصا», written by ear) counts as the name it sounds like («مهسا») before
  that rule, so «مهصا»/«مهلا» are two names as «مهسا»/«مهلا» are;
- **the names of the lists** (known or established, with their letter-pair
  Bloom filters): a typo a letter from two names («زهرن»: زهرا or زهره?) says
  nothing of which she is, so with no national code to decide, such a pair is
  never counted as one woman (`typo_of_a_third_name`). What the registry also
  knows — the name table's names that neither list carries — cannot be
  encoded here: only the lists' own names are a third reading.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tavana.people.domain.match_table import ESTABLISHED_MIN, NameStats, third_reading

from .encoding import NAMES, Encoded, name_flag_shift

__all__ = ["EDIT1_BITS", "EDIT2_BITS", "KindNames", "name_counts", "typo_of_a_third_name"]

#: letter-pair Bloom bits that differ: up to this many is one edit, then two
EDIT1_BITS = 12
EDIT2_BITS = 20


@dataclass(frozen=True)
class Counted:
    """Sorted tokens and how many records of A and B carry each."""

    keys: np.ndarray
    counts: np.ndarray

    @classmethod
    def of(cls, tokens: np.ndarray) -> Counted:
        keys, counts = np.unique(tokens[tokens != 0], return_counts=True)
        return cls(keys, counts)

    def __getitem__(self, tokens: np.ndarray) -> np.ndarray:
        if not len(self.keys):
            return np.zeros(len(tokens), dtype=np.int64)
        at = np.clip(np.searchsorted(self.keys, tokens), 0, len(self.keys) - 1)
        return np.where(self.keys[at] == tokens, self.counts[at], 0)


@dataclass(frozen=True)
class KindNames:
    """One kind of name (first, last, father) across A and B."""

    forms: Counted
    sounds: Counted
    #: the known or established spellings: token, its sound, Bloom filter,
    #: length, whether the name table knows it, and records by its sound
    var: np.ndarray
    pho: np.ndarray
    bloom: np.ndarray
    length: np.ndarray
    known: np.ndarray
    sound_count: np.ndarray

    def count(self, var: np.ndarray, pho: np.ndarray) -> np.ndarray:
        """Records of a name: by its spelling or by its sound, the larger."""
        return np.maximum(self.forms[var], self.sounds[pho])


def _both(a: Encoded, b: Encoded, name: str) -> np.ndarray:
    return np.concatenate([a.col(name), b.col(name)])


def _kind_names(a: Encoded, b: Encoded, n: int, field: str) -> KindNames:
    var, pho = _both(a, b, f"{field}_var"), _both(a, b, f"{field}_pho")
    forms, sounds = Counted.of(var), Counted.of(pho)
    flags = (_both(a, b, "flags") >> name_flag_shift(n)) & 0xFF
    tokens, first = np.unique(var, return_index=True)
    first = first[tokens != 0]  # one record of each spelling
    known = (flags[first] & 1).astype(bool)
    keep = (forms[var[first]] >= ESTABLISHED_MIN) | known
    at = first[keep]
    bloom = np.stack([_both(a, b, f"{field}_bloom0"), _both(a, b, f"{field}_bloom1")], axis=1)
    return KindNames(
        forms, sounds, var[at], pho[at], bloom[at], flags[at] >> 2, known[keep], sounds[pho[at]]
    )


def name_counts(a: Encoded, b: Encoded) -> tuple[dict[str, KindNames], NameStats]:
    """Per kind, what A and B together say of their names; and the `NameStats`
    the term-frequency adjustment reads (counts per spelling)."""
    names, counts, total = {}, {}, {}
    for n, (field, kind) in enumerate(NAMES):
        names[kind] = k = _kind_names(a, b, n, field)
        counts[kind] = dict(
            zip(map(str, k.forms.keys.tolist()), k.forms.counts.tolist(), strict=True)
        )
        total[kind] = int(k.forms.counts.sum())
    return names, NameStats(counts, total)


def _third(k: KindNames, side: tuple, other: tuple) -> bool:
    """Did the name of `side`, as typed, mean some name other than `other`'s?
    Each is (spelling, sound, Bloom filter, length, known)."""
    var, pho, bloom, length, known = side
    if known:
        return False
    _, o_pho, _, _, o_known = other
    count = int(k.sounds[np.array([pho])][0])
    o_count = int(k.sounds[np.array([o_pho])][0])
    bits = np.bitwise_count(k.bloom[:, 0] ^ bloom[0]) + np.bitwise_count(k.bloom[:, 1] ^ bloom[1])
    near = (
        (bits <= EDIT1_BITS)
        & (np.abs(k.length - length) <= 1)
        & (np.minimum(k.length, length) >= 3)
        & (k.var != var)
        & (k.pho != pho)
        & (k.pho != o_pho)
    )
    if not near.any():
        return False
    return bool(third_reading(count, o_count, o_known, k.sound_count[near], k.known[near]).any())


def typo_of_a_third_name(
    k: KindNames, a: tuple[np.ndarray, ...], b: tuple[np.ndarray, ...]
) -> np.ndarray:
    """For pairs of names a typo apart, each side given as arrays (spelling,
    sound, Bloom filter (n, 2), length, known): could one of the two be a typo
    of a third name of the lists just as well, one that is, with the other, two
    names? As `match_table.typo_of_a_third_name` judges it on the values."""
    out = np.zeros(len(a[0]), dtype=bool)
    memo: dict[tuple[int, int], bool] = {}
    for r in range(len(out)):
        x = tuple(part[r] for part in a)
        y = tuple(part[r] for part in b)
        key = (int(x[0]), int(y[0]))
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = _third(k, x, y) or _third(k, y, x)
        out[r] = hit
    return out
