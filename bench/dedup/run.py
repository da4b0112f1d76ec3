"""Benchmark `tavana dedup` against Splink (DuckDB) on one synthetic registry.

    .venv/bin/python bench/dedup/run.py [--n 25000] [--seed 1405] [--million]
        [--results bench/dedup/RESULTS.md]

1. Generates N records with ground truth (tavana_demo.synthetic,
   fixed seed) into bench/out/.
2. Runs `tavana dedup` and bench/dedup/splink_dedup.py on the same file, in
   this run, each as its own process under /usr/bin/time (wall time and peak
   RSS of the whole command).
3. Scores both pairwise against the truth: precision, recall and F1 over all
   pairs of records placed in one cluster. Splink is also scored at other
   match-probability thresholds (untimed), to show its best case.
4. With --million, also generates 1,000,000 records and times our command
   alone (Splink is not run at that size).

Prints a Markdown report and writes it to --results.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import re
import subprocess
import sys
from collections import defaultdict
from math import comb
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "out"
PY = sys.executable
TAVANA = [str(Path(PY).with_name("tavana"))]
if not Path(TAVANA[0]).exists():
    TAVANA = [PY, "-m", "tavana"]
SWEEP = ("0.5", "0.99", "0.999", "0.9999")


def timed(cmd: list[str]) -> tuple[float, int, float, str]:
    """Run `cmd` under /usr/bin/time; (wall s, peak RSS KiB, CPU s user+sys, stderr)."""
    fmt = "TIME_WALL=%e TIME_RSS=%M TIME_CPU=%U+%S"
    proc = subprocess.run(
        ["/usr/bin/time", "-f", fmt, *cmd], capture_output=True, text=True, cwd=ROOT
    )
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    m = re.search(r"TIME_WALL=([\d.]+) TIME_RSS=(\d+) TIME_CPU=([\d.]+)\+([\d.]+)", proc.stderr)
    assert m, proc.stderr
    return float(m[1]), int(m[2]), float(m[3]) + float(m[4]), proc.stderr


def load(path: Path, column: str) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as f:
        return {row["id"]: row[column] for row in csv.DictReader(f)}


def pairwise(truth: dict[str, str], predicted: dict[str, str]) -> dict[str, float]:
    """Pairwise precision/recall/F1 without listing pairs (counts per cell)."""
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


def hard_negatives(n: int, seed: int, predicted: dict[str, str]) -> dict[str, tuple[int, int]]:
    """Per kind of look-alike family: (record pairs of different women, pairs merged)."""
    sys.path.insert(0, str(ROOT))
    from tavana_demo.synthetic import generate as synthesize

    data = synthesize(n, seed=seed)
    by_family: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for rid, person in data.truth.items():
        if person in data.families:
            by_family[data.families[person]].append((rid, person))
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for family, members in by_family.items():
        kind = data.kinds[family]
        for i, (a, pa) in enumerate(members):
            for b, pb in members[i + 1 :]:
                if pa != pb:
                    out[kind][0] += 1
                    out[kind][1] += predicted[a] == predicted[b]
    return {k: (v[0], v[1]) for k, v in sorted(out.items())}


def generate(n: int, seed: int) -> tuple[Path, Path]:
    data, truth = OUT / f"dedup_{n}_{seed}.csv", OUT / f"dedup_{n}_{seed}_truth.csv"
    if not (data.exists() and truth.exists()):
        subprocess.run(
            [PY, "bench/dedup/generate.py", str(n), str(data), str(truth), "--seed", str(seed)],
            check=True,
            cwd=ROOT,
        )
    return data, truth


def machine() -> str:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        mem = f"{mem_kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        mem = "unknown"
    import splink

    return (
        f"{os.cpu_count()} CPUs ({cpu}), {mem} RAM, Python {platform.python_version()}, "
        f"Splink {splink.__version__}, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    )


def row(
    name: str,
    m: dict[str, float],
    seconds: float | None = None,
    rss_kb: int | None = None,
    cpu: float | None = None,
) -> str:
    secs = f"{seconds:.1f}" if seconds is not None else "—"
    rss = f"{rss_kb / 1024:.0f} MiB" if rss_kb else "—"
    cpu_s = f"{cpu:.1f}" if cpu is not None else "—"
    return (
        f"| {name} | {m['precision']:.4f} | {m['recall']:.4f} | {m['f1']:.4f} "
        f"| {m['predicted_pairs']:,} | {secs} | {cpu_s} | {rss} |"
    )


HEADER = [
    "| tool | precision | recall | F1 | predicted pairs | wall s | CPU s | peak RSS |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=25_000)
    parser.add_argument("--seed", type=int, default=1405)
    parser.add_argument("--million", action="store_true", help="also time 1,000,000 records")
    parser.add_argument("--results", type=Path, default=None)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)

    data, truth_path = generate(args.n, args.seed)
    load_before = Path("/proc/loadavg").read_text().split()[0]
    truth = load(truth_path, "person")
    ours_out = OUT / f"dedup_{args.n}_{args.seed}_tavana.csv"
    splink_out = OUT / f"dedup_{args.n}_{args.seed}_splink.csv"

    ours_s, ours_rss, ours_cpu, _ = timed([*TAVANA, "dedup", str(data), "--output", str(ours_out)])
    ours = pairwise(truth, load(ours_out, "cluster"))
    _, splink_rss, _, err = timed(
        [PY, "bench/dedup/splink_dedup.py", str(data), str(splink_out), "--sweep", ",".join(SWEEP)]
    )
    found = re.search(r"SPLINK_SECONDS=([\d.]+) SPLINK_CPU=([\d.]+)", err)
    splink_main, splink_cpu = float(found[1]), float(found[2])
    splink = pairwise(truth, load(splink_out, "cluster"))
    sweep = {
        t: pairwise(truth, load(splink_out.with_suffix(f".{t}.csv"), "cluster")) for t in SWEEP
    }

    lines = [
        "# Duplicate detection: `tavana dedup` vs Splink",
        "",
        f"Machine: {machine()}.",
        "",
        f"Data: {args.n:,} synthetic records (`tavana_demo.synthetic`, seed {args.seed}),"
        f" {ours['true_pairs']:,} true duplicate pairs. Regenerate and rerun with"
        " `.venv/bin/python bench/dedup/run.py" + (" --million" if args.million else "") + "`.",
        "",
        "Pairwise scores over all pairs of records placed in one cluster. Wall time is that"
        " of the whole command (process start to output written; both tools run in this"
        " same run); CPU is user + system seconds over all threads up to that point; RSS is"
        " peak resident memory.",
        "",
        *HEADER,
        row("`tavana dedup`", ours, ours_s, ours_rss, ours_cpu),
        row("Splink 0.9 (timed)", splink, splink_main, splink_rss, splink_cpu),
    ]
    lines += [row(f"Splink {t} (same run, untimed)", sweep[t], None, None) for t in SWEEP]
    ours_hn = hard_negatives(args.n, args.seed, load(ours_out, "cluster"))
    splink_hn = hard_negatives(args.n, args.seed, load(splink_out, "cluster"))
    labels = {
        "sisters": "sisters",
        "twins": "twins",
        "mother_daughter": "mother and daughter at one address",
        "namesakes": "namesakes in other districts",
    }
    lines += [
        "",
        "Look-alike women planted in the data (pairs of records of *different* women in"
        " one family or namesake group), and how many of those pairs each tool merged:",
        "",
        "| kind | pairs | merged by `tavana dedup` | merged by Splink 0.9 |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| {labels.get(k, k)} | {total:,} | {merged:,} | {splink_hn[k][1]:,} |"
        for k, (total, merged) in ours_hn.items()
    ]
    ratio = ours_s / splink_main
    lines += [
        "",
        f"`tavana dedup` took {ratio:.0%} of Splink's time"
        f" (target ≤ 25%: {'met' if ratio <= 0.25 else 'MISSED'});"
        f" F1 {ours['f1']:.4f} (target ≥ 0.995: {'met' if ours['f1'] >= 0.995 else 'MISSED'}).",
    ]

    if args.million:
        big, big_truth = generate(1_000_000, args.seed)
        big_out = OUT / f"dedup_1000000_{args.seed}_tavana.csv"
        s, rss, cpu, _ = timed([*TAVANA, "dedup", str(big), "--output", str(big_out)])
        m = pairwise(load(big_truth, "person"), load(big_out, "cluster"))
        lines += [
            "",
            "## 1,000,000 records (our command alone)",
            "",
            *HEADER,
            row("`tavana dedup`", m, s, rss, cpu),
            "",
            f"Target < 300 s and < 4 GiB: {'met' if s < 300 and rss < 4 * 1024 * 1024 else 'MISSED'}.",
        ]

    load_after = Path("/proc/loadavg").read_text().split()[0]
    lines += [
        "",
        f"Load average (1 min) at the start and end of this run: {load_before} and"
        f" {load_after}; the machine's 2 cores were shared with other work, so the"
        " times are noisy (both tools ran under the same conditions).",
    ]
    lines += [
        "",
        "## Notes",
        "",
        "- The data come from our own generator, and the matcher was tuned on it (on"
        " other seeds: 3, 4 and 11, never this one). Real registrars will make mistakes"
        " it does not model (e.g. a first name typed into the father's field, two-digit"
        " years), so expect lower figures on real files; the hard cases it does model"
        " are listed in `tavana_demo/synthetic.py`.",
        "- Splink gets the same normalised values as we do (Persian letters, half-spaces,"
        " digits, titles, mobile form; Jalali dates converted to ISO): its time includes"
        " that preprocessing, model training (λ from deterministic rules, u by random"
        " sampling, m by EM on three blocking rules), prediction, clustering and writing"
        " the file; see `bench/dedup/splink_dedup.py`. DuckDB may use both cores; our"
        " command uses one.",
        "- Our time includes starting Django (the `tavana` console script), about one to"
        " two seconds.",
        "- Splink merges most twins: they agree on everything but the first name and the"
        " national code, and Fellegi–Sunter adds those disagreements up instead of"
        " treating them as vetoes.",
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    if args.results:
        args.results.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
