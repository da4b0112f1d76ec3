"""Benchmark `tavana dedup` against Splink (DuckDB) on held-out data of two generators.

    .venv/bin/python bench/dedup/run.py [--sizes 25000,1000000] [--generators A,B]
        [--results bench/dedup/RESULTS.md] [--ours-only]

For every generator (A: the project's own, B: the independent one; see
datasets.py) and size, on the generator's HELD-OUT seed (never run while the
matcher was being changed):

1. generates the records and their ground truth into bench/out/ (once);
2. runs `tavana dedup` and bench/dedup/splink_dedup.py on the same file, one
   after the other in this run, each as its own process under /usr/bin/time
   (wall time, CPU seconds and peak RSS of the whole command);
3. scores both pairwise against the truth (precision, recall, F1 over all
   pairs placed in one cluster) and counts, per kind of look-alike women
   (twins, sisters, mother and daughter, namesakes), how many of their record
   pairs each tool put in one cluster.

Splink is also scored at other match-probability thresholds at 25,000 records
(untimed), to show its best case. The load average is read before and after
each run (other engineers share this machine). Prints a Markdown report and
writes it to --results.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from datasets import (
    HELD_OUT,
    KIND_LABELS,
    KINDS,
    OUT,
    PY,
    ROOT,
    dataset,
    load,
    load_truth,
    lookalikes,
    pairwise,
)

TAVANA = [str(Path(PY).with_name("tavana"))]
if not Path(TAVANA[0]).exists():
    TAVANA = [PY, "-m", "tavana"]
SWEEP = ("0.5", "0.99", "0.999")
GENERATOR_NAMES = {
    "A": "A — `tavana_demo.synthetic` (the project's own)",
    "B": "B — `bench/dedup/independent.py` (independent)",
}


def load_average() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


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
        f"Splink {splink.__version__}"
    )


def row(name: str, m: dict, seconds=None, rss_kb=None, cpu=None) -> str:
    secs = f"{seconds:.1f}" if seconds is not None else "—"
    rss = f"{rss_kb / 1024:,.0f} MiB" if rss_kb else "—"
    cpu_s = f"{cpu:.1f}" if cpu is not None else "—"
    return (
        f"| {name} | {m['precision']:.4f} | {m['recall']:.4f} | {m['f1']:.4f} "
        f"| {m['predicted_pairs']:,} | {secs} | {cpu_s} | {rss} |"
    )


def one(generator: str, n: int, seed: int, *, splink: bool = True) -> tuple[list[str], dict]:
    data, truth_path = dataset(generator, n, seed)
    person, family = load_truth(truth_path)
    tag = f"{generator}_{n}_{seed}"
    ours_out, splink_out = OUT / f"dedup_{tag}_tavana.csv", OUT / f"dedup_{tag}_splink.csv"

    load_start = load_average()
    ours_s, ours_rss, ours_cpu, _ = timed([*TAVANA, "dedup", str(data), "--output", str(ours_out)])
    load_mid = load_average()
    if not splink:
        return ours_alone(
            generator,
            n,
            seed,
            person,
            family,
            ours_out,
            (ours_s, ours_rss, ours_cpu),
            (load_start, load_mid),
        )
    sweep = SWEEP if n <= 100_000 else ()
    _, splink_rss, _, err = timed(
        [PY, "bench/dedup/splink_dedup.py", str(data), str(splink_out), "--sweep", ",".join(sweep)]
    )
    load_end = load_average()
    found = re.search(r"SPLINK_SECONDS=([\d.]+) SPLINK_CPU=([\d.]+)", err)
    splink_s, splink_cpu = float(found[1]), float(found[2])

    ours_pred, splink_pred = load(ours_out, "cluster"), load(splink_out, "cluster")
    ours, splink = pairwise(person, ours_pred), pairwise(person, splink_pred)
    ours_la, splink_la = (
        lookalikes(person, family, ours_pred),
        lookalikes(person, family, splink_pred),
    )

    lines = [
        f"### Generator {GENERATOR_NAMES[generator]}, {n:,} records (held-out seed {seed})",
        "",
        f"{ours['true_pairs']:,} true duplicate pairs. Load average (1 min): {load_start} before"
        f" `tavana dedup`, {load_mid} before Splink, {load_end} after.",
        "",
        "| tool | precision | recall | F1 | predicted pairs | wall s | CPU s | peak RSS |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        row("`tavana dedup`", ours, ours_s, ours_rss, ours_cpu),
        row("Splink (0.9, timed)", splink, splink_s, splink_rss, splink_cpu),
    ]
    for t in sweep:
        m = pairwise(person, load(splink_out.with_suffix(f".{t}.csv"), "cluster"))
        lines.append(row(f"Splink {t} (same run, untimed)", m))
    lines += [
        "",
        "| look-alike pairs merged | pairs | `tavana dedup` | Splink 0.9 |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| {KIND_LABELS[k]} | {ours_la[k][0]:,} | {ours_la[k][1]:,} | {splink_la[k][1]:,} |"
        for k in KINDS
    ]
    ratio = ours_s / splink_s
    checks = {
        "F1 ≥ 0.99": ours["f1"] >= 0.99,
        "precision ≥ 0.998": ours["precision"] >= 0.998,
        "no twin pair merged": ours_la["twins"][1] == 0,
        "F1 ≥ Splink's": ours["f1"] >= splink["f1"],
        "wall time ≤ 0.5 × Splink's": ratio <= 0.5,
    }
    if n >= 1_000_000:
        checks["< 300 s"] = ours_s < 300
        checks["< 4 GiB"] = ours_rss < 4 * 1024 * 1024
    lines += [
        "",
        f"`tavana dedup` took {ratio:.0%} of Splink's time. Targets: "
        + "; ".join(f"{k}: {'met' if ok else '**missed**'}" for k, ok in checks.items())
        + ".",
        "",
    ]
    return lines, checks


def ours_alone(generator, n, seed, person, family, ours_out, measured, loads):
    """The section for a run without Splink (--ours-only): the absolute targets only."""
    ours_s, ours_rss, ours_cpu = measured
    pred = load(ours_out, "cluster")
    ours, la = pairwise(person, pred), lookalikes(person, family, pred)
    checks = {
        "F1 ≥ 0.99": ours["f1"] >= 0.99,
        "precision ≥ 0.998": ours["precision"] >= 0.998,
        "no twin pair merged": la["twins"][1] == 0,
    }
    if n >= 1_000_000:
        checks["< 300 s"] = ours_s < 300
        checks["< 4 GiB"] = ours_rss < 4 * 1024 * 1024
    lines = [
        f"### Generator {GENERATOR_NAMES[generator]}, {n:,} records (held-out seed {seed}),"
        " `tavana dedup` alone",
        "",
        f"{ours['true_pairs']:,} true duplicate pairs. Load average (1 min): {loads[0]} before,"
        f" {loads[1]} after. **Splink was not run on this data set** (--ours-only), so the"
        " targets relative to Splink are not measured here.",
        "",
        "| tool | precision | recall | F1 | predicted pairs | wall s | CPU s | peak RSS |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        row("`tavana dedup`", ours, ours_s, ours_rss, ours_cpu),
        "",
        "| look-alike pairs merged | pairs | `tavana dedup` |",
        "| --- | --- | --- |",
        *(f"| {KIND_LABELS[k]} | {la[k][0]:,} | {la[k][1]:,} |" for k in KINDS),
        "",
        "Targets: "
        + "; ".join(f"{k}: {'met' if ok else '**missed**'}" for k, ok in checks.items())
        + ".",
        "",
    ]
    return lines, checks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="25000,1000000")
    parser.add_argument("--generators", default="A,B")
    parser.add_argument("--results", type=Path, default=None)
    parser.add_argument(
        "--ours-only",
        action="store_true",
        help="run `tavana dedup` alone (no Splink): only the absolute targets are checked",
    )
    args = parser.parse_args()
    started = dt.datetime.now(dt.UTC)
    sections, all_checks = [], {}
    for n in (int(s) for s in args.sizes.split(",")):
        for gen in args.generators.split(","):
            for seed in HELD_OUT[gen]:
                lines, checks = one(gen, n, seed, splink=not args.ours_only)
                print("\n".join(lines), flush=True)
                sections += lines
                all_checks[(gen, n)] = checks
    missed = [
        f"{g} {n:,}: {k}" for (g, n), c in all_checks.items() for k, ok in c.items() if not ok
    ]
    report = [
        "# Duplicate detection: `tavana dedup` vs Splink",
        "",
        f"Machine: {machine()}. Run started {started:%Y-%m-%d %H:%M} UTC, finished"
        f" {dt.datetime.now(dt.UTC):%H:%M} UTC. Reproduce with"
        f" `.venv/bin/python bench/dedup/run.py --sizes {args.sizes}"
        f" --generators {args.generators}{' --ours-only' if args.ours_only else ''}`.",
        "",
        "Every figure below is on a **held-out seed** of each generator: seeds the matcher"
        " was never run on while it was being built (bench/dedup/datasets.py; tuning used"
        " only `TUNING` seeds, through bench/dedup/tune.py). Pairwise scores are over all"
        " pairs of records placed in one cluster. Wall time is the whole command, process"
        " start to output written; CPU is user + system seconds of all its threads; RSS is"
        " peak resident memory. The two tools ran one after the other in the same run, on"
        " the same file.",
        "",
        "Targets missed: " + ("none." if not missed else "; ".join(missed) + "."),
        "",
        *sections,
    ]
    text = "\n".join(report) + "\n"
    if args.results:
        notes = ""
        if args.results.exists():
            old = args.results.read_text(encoding="utf-8")
            if "\n## Notes" in old:
                notes = old[old.index("\n## Notes") :]
        args.results.write_text(text + notes, encoding="utf-8")


if __name__ == "__main__":
    main()
