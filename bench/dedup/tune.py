"""Look at the matcher on TUNING seeds only (the seeds RESULTS.md reports are refused).

    .venv/bin/python bench/dedup/tune.py [--n 25000] [--generators A,B] [--examples 5]
        [--seeds 3,101]

Runs the matcher in this process (no timing), prints pairwise precision, recall
and F1 per data set, the look-alike pairs merged per kind, and a few missed and
wrong pairs with their comparison levels, so a change can be judged by what it
does to the errors. This is the only place the matcher's behaviour was looked
at while it was being changed.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from datasets import HELD_OUT, TUNING, dataset, load_truth, lookalikes, pairwise

from tavana.people.domain import matching
from tavana.people.domain.match_compare import FIELD_LEVELS
from tavana.people.management.commands.dedup import read_records


def describe(analysis, k: int) -> str:
    g = analysis.compared.gamma
    parts = [f"{f}={FIELD_LEVELS[f][int(g[f][k])]}" for f in FIELD_LEVELS]
    return (
        f"p={analysis.probability[k]:.3f} w={analysis.weight[k]:.1f} "
        f"veto={int(analysis.compared.vetoes[k])} tf={analysis.compared.tf_bits[k]:.1f} "
        + " ".join(parts)
    )


def kinds_of(family, ids, a, k) -> str:
    return "/".join(family.get(ids[x], ("", "?"))[1] for x in (a.left[k], a.right[k]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=25_000)
    parser.add_argument("--generators", default="A,B")
    parser.add_argument("--seeds", default="")
    parser.add_argument("--examples", type=int, default=4)
    parser.add_argument("--wrong-kind", default="", help="show only wrong pairs of this kind")
    parser.add_argument(
        "--vetoed", action="store_true", help="show only missed pairs a veto kept apart"
    )
    parser.add_argument(
        "--defaults", action="store_true", help="print the learnt models' average m, u and ρ"
    )
    args = parser.parse_args()
    chosen = {int(s) for s in args.seeds.split(",") if s}
    learnt = []
    for gen in args.generators.split(","):
        for seed in TUNING[gen]:
            if chosen and seed not in chosen:
                continue
            assert seed not in HELD_OUT[gen]
            learnt.append(report_seed(gen, seed, args))
    if args.defaults:
        print_defaults(learnt)


def report_seed(gen: str, seed: int, args: argparse.Namespace):
    """One tuning seed: its scores, missed and wrong pairs, examples; its learnt model."""
    data, truth_path = dataset(gen, args.n, seed)
    person, family = load_truth(truth_path)
    recs = read_records(data)
    a = matching.analyse(recs)
    clusters = {k: str(v) for k, v in a.clusters().items()}
    m = pairwise(person, clusters)
    la = lookalikes(person, family, clusters)
    print(
        f"\n== {gen} seed {seed} n={args.n}: P {m['precision']:.4f} R {m['recall']:.4f}"
        f" F1 {m['f1']:.4f}  pairs {m['true_pairs']} cands {len(a.left)}"
        f" rho {a.model.matches_per_record:.3f}"
    )
    print("   look-alikes merged:", {k: f"{v[1]}/{v[0]}" for k, v in la.items()})
    ids = a.table.ids
    same = np.array(
        [person[ids[i]] == person[ids[j]] for i, j in zip(a.left, a.right, strict=True)]
    )
    p = a.probability
    decided = (p >= matching.P_MATCH) & a.compared.identified
    fn = np.flatnonzero(same & ~decided)
    fp = np.flatnonzero(~same & decided)
    review = np.flatnonzero((p >= matching.P_REVIEW) & ~decided)
    print(
        f"   candidate pairs: true {int(same.sum())}, missed {len(fn)}"
        f" (vetoed {int((a.compared.vetoes[fn] != 0).sum())}), wrong {len(fp)},"
        f" review band {len(review)} (true {int(same[review].sum())})"
    )
    cnt = Counter()
    for k in fn:
        for f in ("nc", "first", "last", "father", "bd", "columns"):
            cnt[f"{f}={FIELD_LEVELS[f][int(a.compared.gamma[f][k])]}"] += 1
    print("   missed pairs' levels:", cnt.most_common(14))
    kinds = Counter(kinds_of(family, ids, a, k) for k in fp)
    print("   wrong pairs by kind:", dict(kinds))
    if args.wrong_kind:
        fp = np.array([k for k in fp if args.wrong_kind in kinds_of(family, ids, a, k)], dtype=int)
        fn = fn[:0]
    if args.vetoed:
        fn = fn[a.compared.vetoes[fn] != 0]
        fp = fp[:0]
    for label, rows in (("missed", fn), ("wrong", fp)):
        for k in rows[: args.examples]:
            r1, r2 = a.recs[a.left[k]], a.recs[a.right[k]]
            print(f"   {label}: {describe(a, k)}")
            print(f"      {r1}\n      {r2}")
    print("   thresholds:", " | ".join(threshold_sweep(a, person)))
    lvl = a.model.level_bits()
    print("   bits:", {f: [round(float(x), 1) for x in w[1:]] for f, w in lvl.items()})
    return a.model


def threshold_sweep(a, person) -> list[str]:
    """P, R and F1 at other match thresholds (P_MATCH put back after)."""
    keep = matching.P_MATCH
    sweep = []
    for t in (0.5, 0.8, 0.9, 0.95, 0.99, 0.999):
        matching.P_MATCH = t
        mt = pairwise(person, {k: str(v) for k, v in a.clusters().items()})
        sweep.append(f"{t}: P {mt['precision']:.4f} R {mt['recall']:.4f} F1 {mt['f1']:.4f}")
    matching.P_MATCH = keep
    return sweep


def print_defaults(models) -> None:
    """The average of the learnt models, as the literal fellegi_sunter.DEFAULT holds."""

    def fmt(values) -> str:
        return "[" + ", ".join(f"{v:.3g}" for v in values) + "]"

    print("\nm:")
    for f in models[0].m:
        print(f'    "{f}": {fmt(np.mean([m.m[f] for m in models], axis=0))},')
    print("u:")
    for f in models[0].u:
        print(f'    "{f}": {fmt(np.mean([m.u[f] for m in models], axis=0))},')
    print("matches_per_record:", round(float(np.mean([m.matches_per_record for m in models])), 3))


if __name__ == "__main__":
    main()
