"""Two lists of women with a known overlap, for `tavana overlap` (tests, bench, demo).

    write_lists(a.csv, b.csv, n_a=2000, n_b=5000, common=600, seed=1)

A is "a partner's list" with a `service` column (the partner's service), B
"the registry's list". Each woman in both lists appears in them through two
*different* records of hers from the synthetic registry generator
(`tavana_demo.synthetic`): spelling variants, titles, typos in the national
code, the mobile, the birth date or a name, missing fields, a new mobile,
district and address years later. The generator's look-alikes (sisters,
twins, mother and daughter, namesakes) land on both sides too, so a count can
also be wrong by matching two different women. The truth comes back as an
`OverlapTruth`.
"""

from __future__ import annotations

import csv
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tavana.people.domain.match_records import FIELDS

from .synthetic import generate

SERVICES = ("مستمری", "کمک هزینهٔ درمان", "سبد غذایی", "مشاوره", "اشتغال")
COLUMNS_A = (*FIELDS, "service")
CHUNK_RECORDS = 200_000


@dataclass
class OverlapTruth:
    a: int = 0
    b: int = 0
    matched: int = 0
    by_service: Counter = field(default_factory=Counter)
    by_district: Counter = field(default_factory=Counter)
    #: A's row numbers (1 = the first data row) of the women who are also in B
    rows: set[int] = field(default_factory=set)


def _persons(data) -> list[list[dict]]:
    by_person: dict[int, list[dict]] = {}
    for rec in data.records:
        by_person.setdefault(data.truth[rec["id"]], []).append(rec)
    return list(by_person.values())


def write_lists(
    path_a: Path, path_b: Path, n_a: int, n_b: int, common: int, seed: int = 1
) -> OverlapTruth:
    """Write A and B (csv, UTF-8) with `common` women in both; return the truth."""
    if common > min(n_a, n_b):
        raise ValueError("common must not exceed either list")
    rng = random.Random(seed)
    truth = OverlapTruth()
    left = {"common": common, "a": n_a - common, "b": n_b - common}
    with (
        Path(path_a).open("w", encoding="utf-8", newline="") as fa,
        Path(path_b).open("w", encoding="utf-8", newline="") as fb,
    ):
        wa = csv.DictWriter(fa, fieldnames=COLUMNS_A, lineterminator="\n")
        wb = csv.DictWriter(fb, fieldnames=FIELDS, lineterminator="\n")
        wa.writeheader()
        wb.writeheader()
        chunk = 0
        while any(left.values()):
            size = min(CHUNK_RECORDS, 2 * sum(left.values()) + 1000)
            data = generate(size, seed=seed * 1_000 + chunk)
            for recs in _persons(data):
                _place(recs, rng, left, wa, wb, truth, chunk)
                if not any(left.values()):
                    break
            chunk += 1
    return truth


def _place(recs, rng, left, wa, wb, truth: OverlapTruth, chunk: int) -> None:
    def tagged(rec: dict, side: str) -> dict:
        return {**rec, "id": f"{side}{chunk}-{rec['id']}"}

    def to_a(rec: dict, matched: bool) -> None:
        row = tagged(rec, "A")
        row["service"] = rng.choice(SERVICES)
        wa.writerow(row)
        truth.a += 1
        if matched:
            truth.rows.add(truth.a)
            truth.matched += 1
            truth.by_service[row["service"]] += 1
            truth.by_district[rec["district"]] += 1

    if len(recs) >= 2 and left["common"]:
        left["common"] -= 1
        first, second = rng.sample(recs, 2)
        to_a(first, True)
        wb.writerow(tagged(second, "B"))
        truth.b += 1
    elif left["a"] and (not left["b"] or rng.random() < 0.5):
        left["a"] -= 1
        to_a(recs[0], False)
    elif left["b"]:
        left["b"] -= 1
        wb.writerow(tagged(recs[0], "B"))
        truth.b += 1
