"""Booth-allocation benchmark: exact optimum against lottery and FCFS.

    .venv/bin/python bench/allocation/run.py [--seed 1403] [--only national]

Generates the instances (bench/allocation/generate.py, fixed seed) into
bench/out/allocation/, runs ``tavana allocate`` on each as a subprocess (wall
time measured), runs the lottery and first-come-first-served baselines on the
same data, prints a report and writes it to bench/allocation/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402

from tavana.bazaars.domain.allocation import (  # noqa: E402
    check_feasible,
    first_come_first_served,
    load_instance,
    lottery,
)

LOTTERY_SEED = 1

NOTES = [
    "## How to read this",
    "",
    "- *Solve time* is `stats.seconds` from the result file (model building and",
    "  the three levels); the wall and CPU figures cover the whole `tavana",
    "  allocate` process. When the machine is shared, wall time exceeds CPU",
    "  time: compare the CPU figure across runs.",
    "- Lottery: applicants drawn in a random order; in each pass each takes her",
    "  best-ranked event still allowed (first booths first). FCFS: applications",
    "  in file (submission) order, each granted if still allowed. Both obey the",
    "  same rules (booths, category caps, quota, overlaps).",
    "- The optimum serves fewer people with several past opportunities than the",
    "  baselines do: that is the contract's rule (nobody with more past",
    "  opportunities displaces someone with fewer), not a defect. Its rank sum",
    "  can exceed a baseline's when it also assigns more booths (level 2 comes",
    "  before level 3).",
    "- Instances are synthetic (generate.py): venues with skewed appeal, choices",
    "  mostly near home, 30% priority applicants, past opportunities 0-4.",
    "",
]


def tavana_command() -> list[str]:
    exe = Path(sys.executable).with_name("tavana")
    if exe.exists():
        return [str(exe)]
    return [sys.executable, "-m", "django"]


def machine() -> list[str]:
    def sh(cmd: str) -> str:
        try:
            return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.rstrip()
        except OSError:
            return "?"

    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"- date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"- CPU: {cpu}; `nproc` = {sh('nproc')}",
        "- memory (`free -g`):",
        "",
        "```",
        sh("free -g"),
        "```",
        "",
        f"- load average at the end of the run: {load} (the machine is shared with other work)",
        f"- Python {platform.python_version()}, highspy {_version('highspy')}",
    ]


def _version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


def bench(name: str, path: Path, out_dir: Path) -> list[str]:
    instance = load_instance(path.read_bytes())
    result_path = out_dir / f"{name}.result.json"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tavana.config.settings.test"}
    began = time.monotonic()
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [*tavana_command(), "allocate", str(path), "--output", str(result_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    wall = time.monotonic() - began
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"tavana allocate failed on {name}: {done.stderr.strip()}")
    result = json.loads(result_path.read_text("utf-8"))
    pairs = [(a["applicant"], a["event"]) for a in result["assignments"]]
    faults = check_feasible(instance, pairs)
    if faults:
        raise SystemExit(f"{name}: infeasible result: {faults[:3]}")
    lot = lottery(instance, LOTTERY_SEED)
    fcfs = first_come_first_served(instance)
    stats = result["stats"]

    lines = [
        f"### {name}",
        "",
        f"{len(instance.applicants):,} applicants, {len(instance.events):,} events, "
        f"{len(instance.applications):,} applications, "
        f"{sum(e.booths for e in instance.events):,} booths.",
        "",
        f"- proven optimal: **{'yes' if result['optimal'] else 'NO'}**",
        f"- solve time (stats.seconds): **{stats['seconds']:.1f} s**; "
        f"`tavana allocate` as a whole (start-up, parsing, writing): {wall:.1f} s wall, "
        f"{cpu:.1f} s CPU",
        "",
        "| tier (past, priority) | applicants | optimum | lottery | FCFS |",
        "|---|---:|---:|---:|---:|",
    ]
    lot_by = {(p, q): s for p, q, s, _ in lot.served_by_tier}
    fcfs_by = {(p, q): s for p, q, s, _ in fcfs.served_by_tier}
    for past, priority, served, total in stats["served_by_tier"]:
        lines.append(
            f"| ({past}, {priority}) | {total:,} | {served:,} | "
            f"{lot_by[past, priority]:,} | {fcfs_by[past, priority]:,} |"
        )
    served_all = sum(row[2] for row in stats["served_by_tier"])
    lines += [
        f"| **all served** | {len(instance.applicants):,} | {served_all:,} | "
        f"{sum(lot_by.values()):,} | {sum(fcfs_by.values()):,} |",
        f"| booths used | | {stats['booths_assigned']:,} | {lot.booths_assigned:,} | "
        f"{fcfs.booths_assigned:,} |",
        f"| rank sum | | {stats['rank_sum']:,} | {lot.rank_sum:,} | {fcfs.rank_sum:,} |",
        "",
    ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1403)
    parser.add_argument("--only", choices=list(generate.GENERATORS), action="append")
    parser.add_argument("--no-write", action="store_true", help="do not rewrite RESULTS.md")
    args = parser.parse_args()
    out_dir = ROOT / "bench" / "out" / "allocation"
    out_dir.mkdir(parents=True, exist_ok=True)

    report = [
        "# Booth allocation benchmark",
        "",
        "Generated by `.venv/bin/python bench/allocation/run.py` "
        f"(instances from `generate.py`, seed {args.seed}; lottery seed {LOTTERY_SEED}). "
        "Coverage = applicants served (at least one booth) per tier, tiers in the "
        "contract's order; the optimum maximises them tier by tier, then booths, "
        "then minimises the rank sum. Targets: proven optimal on all; national "
        "round under 60 s.",
        "",
        "## Machine",
        "",
    ]
    sections: list[str] = []
    for name, make in generate.GENERATORS.items():
        if args.only and name not in args.only:
            continue
        path = out_dir / f"{name}.json"
        path.write_text(json.dumps(make(args.seed), ensure_ascii=False), encoding="utf-8")
        lines = bench(name, path, out_dir)
        print("\n".join(lines), flush=True)
        sections += lines
    report += machine() + ["", "## Results", "", *sections, *NOTES]
    text = "\n".join(report).rstrip() + "\n"
    if not args.no_write:
        (Path(__file__).resolve().parent / "RESULTS.md").write_text(text, encoding="utf-8")
    print("\n".join(machine()))


if __name__ == "__main__":
    main()
