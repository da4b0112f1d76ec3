"""Record matching: which records describe the same woman (pure Python/NumPy, no Django).

The pipeline, written for a registry of millions:

1. **Normalise** each record once (`match_records.normalise`).
2. **Block** (`match_blocking.candidate_pairs`): only records sharing a cheap
   key — the national code with its typo masks, the mobile, names' phonetic
   forms with the birth date, year, address or father's name — are compared.
3. **Compare** every candidate pair field by field into comparison levels
   (`match_compare.compare_pairs`): exact, spelling variant (the Persian name
   table, `name_variants`), spelled by ear, one key slipped, one or two
   edits, different, missing; the national code's typos and check digit.
4. **Score** with a Fellegi–Sunter model whose m and u are learnt from the data
   being matched (`fellegi_sunter.estimate`: EM over blocked pairs, u from
   random pairs, term-frequency adjustment for common names): each pair gets a
   match probability and the Persian reasons a reviewer reads.
5. **Vetoes**, only where they are safe: a different first name (not a
   variant or a typo) keeps sisters and twins apart; two valid, different
   national codes with first names that are not the same name keep twins
   apart; a different father's name keeps mother and daughter and namesakes
   apart unless birth date and first name both agree. The same valid national
   code lifts the name vetoes.
6. **Decide**: probability ≥ `P_MATCH` is the same woman; between
   `P_REVIEW` and `P_MATCH` a person must look (the app never merges those by
   itself); below, two women.
7. **Cluster** the matches strongest first, never joining two clusters that
   hold records vetoing each other (an A–B–C chain through a record with
   missing fields cannot glue two women together).

Entry points: `analyse` (a whole file or registry), `cluster`,
`find_duplicate_pairs`, `compare` (one pair), `rank_candidates` (one typed
record against a few registered ones) and `link` (new records against a
registry).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from . import match_compare as mc
from .fellegi_sunter import DEFAULT, Model, estimate
from .match_blocking import candidate_pairs, decode
from .match_compare import Compared, NameStats, RecordTable, compare_pairs
from .match_records import FIELDS, Normalised, PersonRecord, normalise, normalise_fields

__all__ = [
    "FIELDS",
    "P_MATCH",
    "P_REVIEW",
    "Analysis",
    "Comparison",
    "Model",
    "NameStats",
    "Normalised",
    "PersonRecord",
    "Verdict",
    "analyse",
    "cluster",
    "compare",
    "find_duplicate_pairs",
    "link",
    "normalise",
    "normalise_fields",
    "rank_candidates",
]

#: at or above: the same woman
P_MATCH = 0.9
#: at or above (and below `P_MATCH`): a person must decide
P_REVIEW = 0.2
#: a data set is treated as at least this big for the prior: in a file of ten
#: records two women called «فاطمه محمدی» are not more likely one woman than in
#: a registry
MIN_POPULATION = 1_000
#: no woman is registered this many times: a bigger cluster is a chain gone wrong
MAX_CLUSTER = 100

MATCH, REVIEW, DIFFERENT = "match", "review", "different"

Recordish = PersonRecord | Mapping[str, object] | Normalised


# ------------------------------------------------------------------------ reasons

_NAME_LABEL = {"first": "نام", "last": "نام خانوادگی", "father": "نام پدر"}
_NAME_REASON = {
    mc.N_EQ: "{} یکسان",
    mc.N_VARIANT: "{}: املای دیگری از همان نام",
    mc.N_PHONETIC: "{}: هم‌آوا (احتمالاً از روی شنیدن نوشته شده)",
    mc.N_PART: "{}: یکی بخشی از نام مرکب دیگری است",
    mc.N_KEYBOARD: "{}: یک حرف با کلید کناری اشتباه شده",
    mc.N_EDIT1: "{} با یک حرف اختلاف",
    mc.N_EDIT2: "{} با دو حرف اختلاف",
    mc.N_DIFF: "{} متفاوت",
}
_REASONS = {
    "nc": {
        mc.NC_EQ: "کد ملی یکسان",
        mc.NC_EQ_INVALID: "کد ملی یکسان (اما رقم کنترل آن نادرست است)",
        mc.NC_TYPO: "کد ملی با یک رقم اختلاف یا جابه‌جایی دو رقم (یکی نامعتبر، احتمال اشتباه تایپی)",
        mc.NC_TYPO_VALID: "دو کد ملی معتبر با یک رقم اختلاف",
        mc.NC_DIFF_VALID: "دو کد ملی معتبر و متفاوت",
        mc.NC_DIFF: "کد ملی متفاوت (یکی نامعتبر)",
    },
    "bd": {
        mc.BD_EQ: "تاریخ تولد یکسان",
        mc.BD_TYPO: "تاریخ تولد نزدیک (احتمال اشتباه تایپی)",
        mc.BD_PARTIAL: "سال تولد یکسان (در یکی فقط سال ثبت شده)",
        mc.BD_YEAR: "سال تولد یکسان، ماه و روز متفاوت",
        mc.BD_DIFF: "تاریخ تولد متفاوت",
    },
    "columns": {
        mc.C_FIRST_LAST: "نام و نام خانوادگی جابه‌جا ثبت شده",
        mc.C_FIRST_FATHER: "نام و نام پدر جابه‌جا ثبت شده",
    },
}
for _f, _label in _NAME_LABEL.items():
    _REASONS[_f] = {lv: text.format(_label) for lv, text in _NAME_REASON.items()}
_MOBILE_REASONS = {
    mc.M_EQ: "تلفن همراه یکسان",
    mc.M_TYPO: "تلفن همراه با یک رقم اختلاف",
    mc.M_DIFF: "تلفن همراه متفاوت",
}
_PLACE_REASONS = {
    mc.P_SAME_ADDRESS: "نشانی یکسان",
    mc.P_NEAR_ADDRESS: "نشانی مشابه",
    mc.P_SAME_DISTRICT: "منطقه یکسان",
    mc.P_OTHER_DISTRICT: "منطقه یا نشانی متفاوت",
}
_REASONS["contact"] = {
    lv: "، ".join(t for t in (_MOBILE_REASONS.get(lv // 5), _PLACE_REASONS.get(lv % 5)) if t)
    for lv in range(1, len(mc.CONTACT_LEVELS))
}
R_COMMON = "نام رایج است (شباهت نام وزن کمتری دارد)"
R_RARE = "نام کم‌یاب است (شباهت نام وزن بیشتری دارد)"
R_AMBIGUOUS = "نام به دو نام متفاوت نزدیک است؛ معلوم نیست کدام منظور بوده (کد ملی برای تشخیص نیست)"
R_TWO_DATES = (
    "دو تاریخ تولد کامل با ده سال یا بیشتر فاصله؛ سال‌ها یک رقم فرق دارند ولی ماه یا روز هم"
    " فرق دارد (کد ملی برای تشخیص نیست)"
)

VETO_REASONS = {
    mc.VETO_FIRST: "نام متفاوت",
    mc.VETO_TWIN: "دو کد ملی معتبر و متفاوت با نام‌های متفاوت (مانند دوقلوها)",
    mc.VETO_FATHER: "نام پدر متفاوت",
    mc.VETO_AGE: "سال تولد ده سال یا بیشتر فاصله دارد",
}


def _veto_texts(flags: int) -> list[str]:
    return [text for bit, text in VETO_REASONS.items() if flags & bit]


def _reasons(compared: Compared, k: int, level_bits: dict[str, np.ndarray]) -> list[str]:
    """Persian reasons for pair k, strongest evidence first (for and then against)."""
    scored = []
    for f, levels in compared.gamma.items():
        lv = int(levels[k])
        text = _REASONS.get(f, {}).get(lv)
        if text:
            scored.append((float(level_bits[f][lv]), text))
    tf = float(compared.tf_bits[k])
    if tf <= -1.0:
        scored.append((tf, R_COMMON))
    elif tf >= 3.0:
        scored.append((tf, R_RARE))
    scored.sort(key=lambda t: -t[0])
    if compared.ambiguous is not None and compared.ambiguous[k]:
        scored.append((0.0, R_AMBIGUOUS))
    if compared.two_dates is not None and compared.two_dates[k]:
        scored.append((0.0, R_TWO_DATES))
    return [text for _, text in scored]


# ------------------------------------------------------------------------ results


@dataclass(slots=True)
class Verdict:
    """The judgement on one pair of records."""

    id_a: str
    id_b: str
    probability: float
    weight: float
    decision: str
    reasons: list[str] = field(default_factory=list)
    vetoes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Comparison:
    """`compare`'s answer for one pair."""

    probability: float
    weight: float
    decision: str
    reasons: list[str]
    vetoes: list[str]

    @property
    def is_match(self) -> bool:
        return self.decision == MATCH


def _decision(p: float, identified: bool = True) -> str:
    if p >= P_MATCH and identified:
        return MATCH
    return REVIEW if p >= P_REVIEW else DIFFERENT


def _normalise_all(records: Iterable[Recordish]) -> list[Normalised]:
    return [r if isinstance(r, Normalised) else normalise(r) for r in records]


class Analysis:
    """A whole data set matched: its model, candidate pairs and their probabilities."""

    def __init__(
        self,
        recs: list[Normalised],
        model: Model | None = None,
        stats: NameStats | None = None,
        population: int | None = None,
        seed: int = 1405,
    ) -> None:
        self.recs = recs
        self.table = table = RecordTable(recs)
        self.stats = stats or NameStats.of(table)
        self.population = max(population or table.n, MIN_POPULATION)
        pairs = candidate_pairs(table)
        self.left, self.right = decode(pairs)
        self.compared = compare_pairs(table, self.left, self.right, self.stats)
        self.model = model or estimate(table, self.compared, self.stats, seed=seed)
        self.weight, self.probability = self.model.probability(self.compared, self.population)

    def verdicts(self, min_probability: float = P_REVIEW) -> list[Verdict]:
        """Pairs at or above `min_probability`, most probable first, with reasons."""
        rows = np.flatnonzero(self.probability >= min_probability)
        rows = rows[np.argsort(-self.probability[rows], kind="stable")]
        bits = self.model.level_bits()
        ids = self.table.ids
        out = []
        for k in rows.tolist():
            p = float(self.probability[k])
            out.append(
                Verdict(
                    ids[self.left[k]],
                    ids[self.right[k]],
                    round(p, 6),
                    round(float(self.weight[k]), 2),
                    _decision(p, bool(self.compared.identified[k])),
                    _reasons(self.compared, k, bits),
                )
            )
        return out

    def clusters(self) -> dict[str, int]:
        """Every record id → its cluster number (from 1, in order of first record)."""
        rows = np.flatnonzero((self.probability >= P_MATCH) & self.compared.identified)
        rows = rows[np.argsort(-self.probability[rows], kind="stable")]
        parent = _cluster(self.table, self.stats, self.left[rows], self.right[rows])
        numbers: dict[int, int] = {}
        out: dict[str, int] = {}
        for i, rid in enumerate(self.table.ids):
            root = parent[i]
            n = numbers.get(root)
            if n is None:
                n = numbers[root] = len(numbers) + 1
            out[rid] = n
        return out


def _find(parent: list[int], i: int) -> int:
    root = i
    while parent[root] != root:
        root = parent[root]
    while parent[i] != root:
        parent[i], i = root, parent[i]
    return root


def _cluster(table: RecordTable, stats: NameStats, left: np.ndarray, right: np.ndarray):
    """Union-find over the match pairs (strongest first) that never puts two
    records vetoing each other in one cluster; returns each record's root."""
    n = table.n
    parent = list(range(n))
    pairs = list(zip(left.tolist(), right.tolist(), strict=True))
    for i, j in pairs:  # plain components first
        ri, rj = _find(parent, i), _find(parent, j)
        if ri != rj:
            parent[rj] = ri
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(_find(parent, i), []).append(i)
    big = [m for m in members.values() if len(m) >= 3]
    if not big:
        return [_find(parent, i) for i in range(n)]
    # every pair inside a component of three or more, compared at once
    ii, jj = [], []
    for m in big:
        for x in range(len(m)):
            for y in range(x + 1, len(m)):
                ii.append(m[x])
                jj.append(m[y])
    vetoed_rows = compare_pairs(table, np.array(ii), np.array(jj), stats).vetoes != 0
    vetoed = {(a, b) for a, b, v in zip(ii, jj, vetoed_rows.tolist(), strict=True) if v}
    in_big = {i for m in big for i in m}
    for m in big:
        for i in m:
            parent[i] = i
    groups: dict[int, list[int]] = {i: [i] for i in in_big}
    for i, j in pairs:
        if i not in in_big:
            continue
        ri, rj = _find(parent, i), _find(parent, j)
        if ri == rj:
            continue
        gi, gj = groups[ri], groups[rj]
        if len(gi) + len(gj) > MAX_CLUSTER:
            continue
        if any((min(x, y), max(x, y)) in vetoed for x in gi for y in gj):
            continue
        if len(gi) < len(gj):
            ri, rj, gi, gj = rj, ri, gj, gi
        parent[rj] = ri
        gi.extend(gj)
        del groups[rj]
    return [_find(parent, i) for i in range(n)]


# --------------------------------------------------------------------- entry points


def analyse(
    records: Iterable[Recordish],
    model: Model | None = None,
    stats: NameStats | None = None,
    population: int | None = None,
) -> Analysis:
    """Match a whole data set: learn the model from it (unless given) and score."""
    return Analysis(_normalise_all(records), model, stats, population)


def cluster(records: Iterable[Recordish]) -> dict[str, int]:
    """Map every record id to a cluster number; one number per judged woman."""
    return analyse(records).clusters()


def find_duplicate_pairs(
    records: Iterable[Recordish], min_probability: float = P_REVIEW
) -> list[Verdict]:
    """Every pair judged the same woman or worth a person's look, most likely first."""
    return analyse(records).verdicts(min_probability)


def _score(
    recs: list[Normalised],
    left: Sequence[int],
    right: Sequence[int],
    model: Model,
    stats: NameStats | None,
    population: int,
) -> list[Verdict]:
    table = RecordTable(recs)
    stats = stats or NameStats.of(table)
    i, j = np.array(left, dtype=np.int64), np.array(right, dtype=np.int64)
    compared = compare_pairs(table, i, j, stats)
    weight, prob = model.probability(compared, max(population, MIN_POPULATION))
    bits = model.level_bits()
    out = []
    for k in range(len(i)):
        p = float(prob[k])
        out.append(
            Verdict(
                table.ids[i[k]],
                table.ids[j[k]],
                round(p, 6),
                round(float(weight[k]), 2),
                _decision(p, bool(compared.identified[k])),
                _reasons(compared, k, bits),
                _veto_texts(int(compared.vetoes[k])),
            )
        )
    return out


def compare(
    a: Recordish,
    b: Recordish,
    model: Model | None = None,
    stats: NameStats | None = None,
    population: int = MIN_POPULATION,
) -> Comparison:
    """The verdict on one pair, as if drawn from `population` records."""
    (v,) = _score(_normalise_all([a, b]), [0], [1], model or DEFAULT, stats, population)
    return Comparison(v.probability, v.weight, v.decision, v.reasons, v.vetoes)


def rank_candidates(
    typed: Recordish,
    others: Iterable[Recordish],
    model: Model | None = None,
    stats: NameStats | None = None,
    population: int = MIN_POPULATION,
) -> list[Verdict]:
    """`typed` scored against each of `others` (the registration form's check),
    most probable first; vetoed pairs come last with probability 0."""
    recs = _normalise_all([typed, *others])
    if len(recs) < 2:
        return []
    n = len(recs) - 1
    out = _score(recs, [0] * n, list(range(1, n + 1)), model or DEFAULT, stats, population)
    out.sort(key=lambda v: (-v.probability, v.id_b))
    return out


def link(
    new: Iterable[Recordish],
    existing: Iterable[Recordish],
    model: Model | None = None,
    min_probability: float = P_REVIEW,
) -> list[Verdict]:
    """Pairs with at least one of the `new` records (an import against the registry
    and itself), the model learnt on everything unless given; `id_a` is a new one."""
    new_recs = _normalise_all(new)
    fresh = {r.id for r in new_recs}
    analysis = Analysis(new_recs + _normalise_all(existing), model)
    out = []
    for v in analysis.verdicts(min_probability):
        a_new, b_new = v.id_a in fresh, v.id_b in fresh
        if not (a_new or b_new):
            continue
        if not a_new:
            v.id_a, v.id_b = v.id_b, v.id_a
        out.append(v)
    return out
