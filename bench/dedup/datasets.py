"""The benchmark's data sets: two generators, tuning seeds and held-out seeds.

    A  `tavana_demo.synthetic` (bench/dedup/generate.py), the project's
       own generator, which the first matcher was hand-tuned on;
    B  bench/dedup/independent.py, a second generator with its own names,
       variants, error kinds and rates.

The model was developed and its thresholds chosen looking only at TUNING seeds
(bench/dedup/tune.py refuses any other); RESULTS.md reports HELD_OUT seeds,
which were never run while the matcher was being changed.

Every data set is written once to bench/out/ as records CSV (the dedup
contract's columns) and truth CSV `id,person,family,kind`.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from collections import defaultdict
from math import comb
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "out"
PY = sys.executable

GENERATORS = {
    "A": ROOT / "bench" / "dedup" / "generate.py",
    "B": ROOT / "bench" / "dedup" / "independent.py",
}
TUNING = {"A": (3, 4, 11), "B": (101, 102, 103)}
HELD_OUT = {"A": (1405,), "B": (2025,)}
KINDS = ("twins", "sisters", "mother_daughter", "namesakes")
KIND_LABELS = {
    "twins": "twins",
    "sisters": "sisters",
    "mother_daughter": "mother and daughter",
    "namesakes": "namesakes",
}


def dataset(generator: str, n: int, seed: int) -> tuple[Path, Path]:
    """(records CSV, truth CSV), generated on first use."""
    OUT.mkdir(parents=True, exist_ok=True)
    data = OUT / f"dedup_{generator}_{n}_{seed}.csv"
    truth = OUT / f"dedup_{generator}_{n}_{seed}_truth.csv"
    if not (data.exists() and truth.exists()):
        subprocess.run(
            [PY, str(GENERATORS[generator]), str(n), str(data), str(truth), "--seed", str(seed)],
            check=True,
            cwd=ROOT,
        )
    return data, truth


def load(path: Path, column: str) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as f:
        return {row["id"]: row[column] for row in csv.DictReader(f)}


def load_truth(path: Path) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """(id → person, id → (family, kind) for records of look-alike women)."""
    person, family = {}, {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            person[row["id"]] = row["person"]
            if row["kind"]:
                family[row["id"]] = (row["family"], row["kind"])
    return person, family


def pairwise(truth: dict[str, str], predicted: dict[str, str]) -> dict[str, float]:
    """Pairwise precision, recall and F1 over all pairs placed in one cluster."""
    assert truth.keys() == predicted.keys(), "every id exactly once"
    cells: dict[tuple[str, str], int] = defaultdict(int)
    t_sizes: dict[str, int] = defaultdict(int)
    p_sizes: dict[str, int] = defaultdict(int)
    for rid, person in truth.items():
        c = predicted[rid]
        cells[(person, c)] += 1
        t_sizes[person] += 1
        p_sizes[c] += 1
    tp = sum(comb(n, 2) for n in cells.values())
    true_pairs = sum(comb(n, 2) for n in t_sizes.values())
    pred_pairs = sum(comb(n, 2) for n in p_sizes.values())
    precision = tp / pred_pairs if pred_pairs else 1.0
    recall = tp / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "true_pairs": true_pairs,
        "predicted_pairs": pred_pairs,
    }


def lookalikes(
    person: dict[str, str], family: dict[str, tuple[str, str]], predicted: dict[str, str]
) -> dict[str, tuple[int, int]]:
    """Per kind: (pairs of records of *different* women in one look-alike group,
    how many of those pairs were put in one cluster)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for rid, (fam, _kind) in family.items():
        groups[fam].append(rid)
    out = {k: [0, 0] for k in KINDS}
    for members in groups.values():
        kind = family[members[0]][1]
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                a, b = members[x], members[y]
                if person[a] != person[b]:
                    out[kind][0] += 1
                    out[kind][1] += predicted[a] == predicted[b]
    return {k: (v[0], v[1]) for k, v in out.items()}
