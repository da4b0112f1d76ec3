"""Records as columns, and how common each name is (pure NumPy, no Django).

`RecordTable` holds normalised records (`match_records.Normalised`) as
columns: names as integer ids in one vocabulary, with each name's variant,
phonetic and compound-part forms per kind (`name_variants`); the national
code and the mobile as digit matrices (the code's check digit worked out
once); the birth date as three small-integer columns; district and address.
Blocking (`match_blocking`) and comparison (`match_compare`) both read it.

`NameStats` counts how many records carry each name form, per kind: for the
term-frequency adjustment, to tell an established name from a typo, and to
look up every spelling of a typed name the registry has seen. A registry
keeps its statistics with its learnt model.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field

import numpy as np
from rapidfuzz.distance import OSA

from . import name_variants as nv
from .match_records import Normalised

__all__ = [
    "ESTABLISHED_MIN",
    "ESTABLISHED_RATIO",
    "NAME_FIELDS",
    "PRIOR_MEAN_SHARE",
    "TF_PSEUDO",
    "NameStats",
    "RecordTable",
    "third_reading",
    "two_names",
    "typo_of_a_third_name",
]

#: the name columns and the kind of name each holds
NAME_FIELDS = (("first", nv.FIRST), ("last", nv.LAST), ("father", nv.FATHER))

#: an "established" name: this many records at least (and this share of the
#: more common of the two), so two such names a letter apart are two names
ESTABLISHED_MIN = 5
ESTABLISHED_RATIO = 0.05

_KNOWN_LISTS = {nv.FIRST: nv.WOMEN_NAMES, nv.FATHER: nv.MEN_NAMES, nv.LAST: nv.SURNAMES}


class _Strings:
    """Strings to dense integer ids (and back)."""

    __slots__ = ("ids", "items")

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.items: list[str] = []

    def id(self, s: str) -> int:
        i = self.ids.get(s)
        if i is None:
            i = self.ids[s] = len(self.items)
            self.items.append(s)
        return i

    def __len__(self) -> int:
        return len(self.items)


class _NameKind:
    """Per-kind derived ids of every name key: variant, phonetic, known, parts."""

    def __init__(self, names: list[str], kind: str, forms: _Strings) -> None:
        n = len(names)
        self.variant = np.empty(n, dtype=np.int32)
        self.phonetic = np.empty(n, dtype=np.int32)
        self.raw_phonetic = np.empty(n, dtype=np.int32)  # of the key as typed
        self.known = np.zeros(n, dtype=bool)
        self.titled = np.zeros(n, dtype=bool)  # ends with a title: زهراسادات
        self.head = np.full(n, -1, dtype=np.int32)
        self.tail = np.full(n, -1, dtype=np.int32)
        for i, key in enumerate(names):
            v = nv.variant_key(key, kind)
            self.variant[i] = forms.id(v)
            self.phonetic[i] = forms.id(nv.phonetic_key(v))
            self.raw_phonetic[i] = forms.id(nv.phonetic_key(key))
            self.known[i] = nv.is_known_name(v, kind)
            self.titled[i] = nv.title_suffix(key) is not None
            parts = nv.split_compound(v, kind)
            if parts:
                self.head[i] = forms.id(nv.variant_key(parts[0], kind))
                self.tail[i] = forms.id(nv.variant_key(parts[1], kind))


class RecordTable:
    """Normalised records as columns (see module doc)."""

    def __init__(self, recs: list[Normalised]) -> None:
        n = len(recs)
        self.n = n
        self.ids = [r.id for r in recs]
        names = _Strings()
        self.first = np.fromiter(
            (-1 if r.first is None else names.id(r.first) for r in recs), np.int32, n
        )
        self.last = np.fromiter(
            (-1 if r.last is None else names.id(r.last) for r in recs), np.int32, n
        )
        self.father = np.fromiter(
            (-1 if r.father is None else names.id(r.father) for r in recs), np.int32, n
        )
        self.names = names
        self.forms = _Strings()  # variant and phonetic forms of every kind, one id space
        self.kinds = {kind: _NameKind(names.items, kind, self.forms) for kind in nv.KINDS}
        self.name_len = np.fromiter((len(x) for x in names.items), np.int64, len(names))
        self.form_len = np.fromiter((len(x) for x in self.forms.items), np.int64, len(self.forms))

        # national code: digits, validity
        has_nc = np.fromiter((r.nc is not None for r in recs), bool, n)
        digits = np.zeros((n, 10), dtype=np.uint8)
        if has_nc.any():
            joined = "".join(r.nc for r in recs if r.nc is not None)
            digits[has_nc] = (np.frombuffer(joined.encode("ascii"), np.uint8) - 48).reshape(-1, 10)
        self.has_nc = has_nc
        self.nc_digits = digits
        weights = np.arange(10, 1, -1, dtype=np.int64)
        r11 = digits[:, :9].astype(np.int64) @ weights % 11
        check = np.where(r11 < 2, r11, 11 - r11)
        self.nc_valid = has_nc & (check == digits[:, 9])
        powers = 10 ** np.arange(9, -1, -1, dtype=np.int64)
        self.nc_value = np.where(has_nc, digits.astype(np.int64) @ powers, -1)

        # mobile: the nine digits after «09»
        has_mobile = np.fromiter((r.mobile is not None for r in recs), bool, n)
        mdigits = np.zeros((n, 9), dtype=np.uint8)
        if has_mobile.any():
            joined = "".join(r.mobile[2:] for r in recs if r.mobile is not None)
            mdigits[has_mobile] = (np.frombuffer(joined.encode("ascii"), np.uint8) - 48).reshape(
                -1, 9
            )
        self.mobile_digits = mdigits
        self.mobile = np.where(has_mobile, mdigits.astype(np.int64) @ powers[1:], -1)

        # birth date
        bd = np.array([r.bd or (0, 0, 0) for r in recs], dtype=np.int16).reshape(n, 3)
        self.by, self.bm, self.bday = bd[:, 0], bd[:, 1], bd[:, 2]

        self.district = np.fromiter(
            (-1 if r.district is None else r.district for r in recs), np.int16, n
        )
        addresses = _Strings()
        self.address = np.fromiter(
            (-1 if r.address is None else addresses.id(r.address) for r in recs), np.int32, n
        )
        self.addresses = addresses
        self.stats_cache: tuple[NameStats, dict[str, np.ndarray]] | None = None
        self.sound_cache: tuple[NameStats, dict[str, np.ndarray]] | None = None
        self.names_cache: tuple | None = None

    def column(self, field: str) -> np.ndarray:
        return getattr(self, field)


@dataclass(slots=True)
class NameStats:
    """How many records carry each name form, per kind: for the term-frequency
    adjustment and to tell an established name from a typo.

    `counts[kind]` maps a variant form (string) to its number of records;
    `total[kind]` is the number of records with that name given; `sounds[kind]`
    maps a phonetic form to the name keys seen with it (so a registry can look
    up every spelling of a typed name). How many records carry a name *by
    sound* (every spelling of it that sounds the same, `sound_arrays`) is
    worked out from `counts`, so a model stored before it existed has it too.
    """

    counts: dict[str, dict[str, int]]
    total: dict[str, int]
    sounds: dict[str, dict[str, list[str]]] = dataclass_field(default_factory=dict)
    _mean: dict[str, float] = dataclass_field(default_factory=dict)
    _by_sound: dict[str, dict[str, int]] = dataclass_field(default_factory=dict)
    _near: dict[str, dict[str, list[str]]] = dataclass_field(default_factory=dict)

    @classmethod
    def of(cls, table: RecordTable) -> NameStats:
        counts: dict[str, dict[str, int]] = {}
        total: dict[str, int] = {}
        sounds: dict[str, dict[str, list[str]]] = {}
        items = table.forms.items
        for column, kind in NAME_FIELDS:
            col = table.column(column)
            present = col[col >= 0]
            ids = table.kinds[kind].variant[present]
            c = np.bincount(ids, minlength=len(table.forms))
            counts[kind] = {items[i]: int(c[i]) for i in np.flatnonzero(c)}
            total[kind] = int(len(ids))
            by_sound: dict[str, list[str]] = {}
            phonetic = table.kinds[kind].phonetic
            for name in np.unique(present).tolist():
                by_sound.setdefault(items[phonetic[name]], []).append(table.names.items[name])
            sounds[kind] = by_sound
        return cls(counts, total, sounds)

    def to_dict(self) -> dict:
        return {"counts": self.counts, "total": self.total, "sounds": self.sounds}

    @classmethod
    def from_dict(cls, data: dict) -> NameStats:
        return cls(data["counts"], data["total"], data.get("sounds", {}))

    def spellings(self, key: str, kind: str) -> list[str]:
        """The name keys seen in the data that sound like `key` (a name key), itself first."""
        sound = nv.phonetic_key(nv.variant_key(key, kind))
        return [key, *(k for k in self.sounds.get(kind, {}).get(sound, ()) if k != key)]

    def arrays(self, table: RecordTable) -> dict[str, np.ndarray]:
        """Counts indexed by `table.forms` ids, per kind (cached on the table)."""
        cached = table.stats_cache
        if cached is None or cached[0] is not self:
            cached = table.stats_cache = (self, _by_form(table, lambda k: self.counts.get(k, {})))
        return cached[1]

    def sound_counts(self, kind: str) -> dict[str, int]:
        """Records per phonetic form: the counts of every variant form that sounds
        the same added up («مهصا», heard and written, counts as «مهسا»)."""
        cached = self._by_sound.get(kind)
        if cached is None:
            cached = {}
            for form, c in self.counts.get(kind, {}).items():
                sound = nv.phonetic_key(form)
                cached[sound] = cached.get(sound, 0) + c
            self._by_sound[kind] = cached
        return cached

    def near_names(self, form: str, kind: str) -> list[str]:
        """The names of that kind (variant forms) one edit from `form` (itself
        aside): the name table's, and the data's established ones."""
        index = self._near.get(kind)
        if index is None:  # (built whole before it is shared: the app's threads read it)
            index = {}
            names = {nv.variant_key(k, kind) for k in _KNOWN_LISTS[kind]}
            names.update(f for f, c in self.counts.get(kind, {}).items() if c >= ESTABLISHED_MIN)
            for name in names:  # each name under itself and its one-letter deletions
                for key in {name, *(name[:i] + name[i + 1 :] for i in range(len(name)))}:
                    index.setdefault(key, []).append(name)
            self._near[kind] = index
        found = {
            name
            for key in {form, *(form[:i] + form[i + 1 :] for i in range(len(form)))}
            for name in index.get(key, ())
        }
        return sorted(n for n in found if n != form and OSA.distance(form, n, score_cutoff=1) <= 1)

    def sound_arrays(self, table: RecordTable) -> dict[str, np.ndarray]:
        """`sound_counts` indexed by `table.forms` ids (read at a name's
        `phonetic` id), per kind (cached on the table)."""
        cached = table.sound_cache
        if cached is None or cached[0] is not self:
            cached = table.sound_cache = (self, _by_form(table, self.sound_counts))
        return cached[1]

    def mean_share(self, kind: str) -> float:
        """The share of the name two random records agree on, on average (Σ share²),
        leaning on `PRIOR_MEAN_SHARE` while there are few records."""
        cached = self._mean.get(kind)
        if cached is None:
            cached = self._mean[kind] = self._mean_share(kind)
        return cached

    def _mean_share(self, kind: str) -> float:
        total = self.total.get(kind, 0)
        prior = PRIOR_MEAN_SHARE[kind]
        if not total:
            return prior
        c = np.fromiter(self.counts[kind].values(), np.float64)
        data = float((c * c).sum() / (total * total))
        return (total * data + TF_PSEUDO * prior) / (total + TF_PSEUDO)

    def shares(self, kind: str, counts: np.ndarray) -> np.ndarray:
        """Each count's share of the records, leaning on the prior while there are few."""
        total = self.total.get(kind, 0)
        return (np.maximum(counts, 1) + TF_PSEUDO * PRIOR_MEAN_SHARE[kind]) / (total + TF_PSEUDO)


#: what Σ share² of a name is in a large registry, before the data say otherwise
PRIOR_MEAN_SHARE = {nv.FIRST: 0.03, nv.LAST: 0.004, nv.FATHER: 0.04}
#: how many records' worth of weight that prior has
TF_PSEUDO = 50.0


def _by_form(table: RecordTable, counts_of) -> dict[str, np.ndarray]:
    """Per kind, `counts_of(kind)` (form → count) indexed by `table.forms` ids."""
    out = {}
    for kind in nv.KINDS:
        counts = counts_of(kind)
        out[kind] = np.fromiter(
            (counts.get(form, 0) for form in table.forms.items), np.int64, len(table.forms)
        )
    return out


def two_names(known_a, known_b, count_a, count_b):
    """Two names, not one name and its typo: both in the name table, or both
    established (the rarer with `ESTABLISHED_MIN` records at least and at least
    `ESTABLISHED_RATIO` of the commoner's). Scalars or NumPy arrays."""
    lo, hi = np.minimum(count_a, count_b), np.maximum(count_a, count_b)
    return (known_a & known_b) | ((lo >= ESTABLISHED_MIN) & (lo >= ESTABLISHED_RATIO * hi))


def third_reading(count_a, count_b, known_b, count, known):
    """Typed name a (not a known name; `count_a` records by sound) beside name b:
    is the name of `count` records (`known`: in the name table) a reading of a
    just as plausible as b? a must be a typo beside it, it must be at least
    `ESTABLISHED_RATIO` as common as b, and it and b must be two names.
    Scalars or NumPy arrays (one per candidate third name)."""
    typo = (count_a < ESTABLISHED_MIN) | (count_a < ESTABLISHED_RATIO * count)
    plausible = _weight(count, known) >= ESTABLISHED_RATIO * _weight(count_b, known_b)
    return typo & plausible & two_names(known, known_b, count, count_b)


def _weight(count, known):
    """A name's records, a name of the name table counted as established."""
    return np.maximum(count, np.where(known, ESTABLISHED_MIN, 0))


def typo_of_a_third_name(
    table: RecordTable, stats: NameStats, x: np.ndarray, y: np.ndarray, kind: str
) -> np.ndarray:
    """For pairs of name ids (x[k], y[k]) a typo apart: could one of the two be a
    typo of a third name just as well, a name that is, with the other, two
    names? «زهرن» is a letter from «زهرا» and from «زهره»: which she is, the
    name cannot tell.

    By sound (`NameStats.sound_counts`), the typed form must be a typo (not a
    known name, not established beside the third), and the third name must be
    a plausible reading: a known or established name at least
    `ESTABLISHED_RATIO` as common as the other («زها» next to «زهرا» is not read
    as «رها», a name the data hardly has)."""
    k = table.kinds[kind]
    forms = table.forms.items
    sound = stats.sound_counts(kind)

    def third(a: int, b: int) -> bool:  # a, as typed, meant some name other than b's?
        if k.known[a]:
            return False
        count_a, count_b = sound.get(forms[k.phonetic[a]], 0), sound.get(forms[k.phonetic[b]], 0)
        known_b = bool(k.known[b])
        classes = {forms[k.phonetic[a]], forms[k.phonetic[b]]}
        for name in stats.near_names(forms[k.variant[a]], kind):
            sounds_as = nv.phonetic_key(name)
            if sounds_as in classes:
                continue
            count, known = sound.get(sounds_as, 0), nv.is_known_name(name, kind)
            if third_reading(count_a, count_b, known_b, count, known):
                return True
        return False

    memo: dict[tuple[int, int], bool] = {}
    out = np.zeros(len(x), dtype=bool)
    for r, (a, b) in enumerate(zip(x.tolist(), y.tolist(), strict=True)):
        hit = memo.get((a, b))
        if hit is None:
            hit = memo[(a, b)] = third(a, b) or third(b, a)
        out[r] = hit
    return out
