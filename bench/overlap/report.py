"""RESULTS.md from run.py's results.json (`python bench/overlap/report.py`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _cpu(run: dict) -> str:
    return f"{run['cpu']:.1f}" if "cpu" in run else "—"


def _row(name: str, s: dict, truth: int, extra: str = "") -> str:
    pct = 100 * s["error"] / truth if truth else 0.0
    return (
        f"| {name} | {s['count']:,} | {s['error']:+,} ({pct:+.1f}%) | {s['false']:,} "
        f"| {s['missed']:,} |{extra}"
    )


def _accuracy(r: dict, out: list[str]) -> None:
    a = r["accuracy"]
    n_a, n_b, common = r["sizes"]
    t = a["threshold"]
    load = r["accuracy_load"]
    out += [
        "## The count against the truth, beside anonlink + clkhash",
        "",
        f"Machine: {r['accuracy_machine']}; load average (1 min) {load[0]:.2f} at the start, "
        f"{load[1]:.2f} at the end.",
        "",
        f"Lists: A {n_a:,} rows (a partner's), B {n_b:,} (the registry's), {common:,} women in "
        "both, each through two different records of hers (`tavana_demo.overlap_lists`). "
        "anonlink's threshold was chosen on the tuning seeds "
        f"({', '.join(map(str, a['tuning']))}): Dice ≥ {t}; reported on the held-out seeds.",
        "",
    ]
    for part, label in (("held_out", "held-out"), ("tuning", "tuning")):
        for seed, run in a[part].items():
            truth = run["truth"]
            out += [
                f"### Seed {seed} ({label}): truth {truth:,}",
                "",
                "| tool | count | error | false matches | missed | wall s | CPU s | peak RSS MiB |",
                "| --- | --- | --- | --- | --- | --- | --- | --- |",
            ]
            cli = run.get("ours_cli")
            if cli:
                wall = sum(v[0] for v in cli["steps"].values())
                rss = max(v[1] for v in cli["steps"].values())
                cpu = sum(v[2] for v in cli["steps"].values())
                extra = f" {wall:.1f} | {cpu:.1f} | {rss:.0f} |"
            else:
                extra = " — | — | — |"
            out.append(_row("`tavana overlap`", run["ours"], truth, extra))
            peer = run["peer_run"]
            out.append(
                _row(f"anonlink + clkhash, Dice ≥ {t}", run["peer"][t], truth,
                     f" {peer['wall']:.1f} | {_cpu(peer)} | {peer['rss']:.0f} |")
            )  # fmt: skip
            for other, s in run["peer"].items():
                if other != t:
                    out.append(
                        _row(f"anonlink, Dice ≥ {other} (same run)", s, truth, " — | — | — |")
                    )
            out.append("")


def _load(step) -> str:
    """The machine's load average around one step (runs before 2026-12-05 22:00 kept none)."""
    return f"{step[3]:.1f} → {step[4]:.1f}" if len(step) >= 5 else "—"


def _million(r: dict, out: list[str], key: str = "million") -> None:
    m = r[key]
    steps = m["cli"]["steps"]
    load = r[f"{key}_load"]
    total = sum(v[0] for v in steps.values())
    nice = m.get("nice")
    how = (
        f"each step run at niceness {nice} (`--nice {nice}`) to put it ahead of the other "
        "work; it still had only the share of a core shown"
        if nice is not None
        else "default priority, sharing the 2 cores with other work"
    )
    out += [
        f"## {m['n']:,} vs {m['n']:,} (`tavana overlap` alone; {how})",
        "",
        f"Machine: {r[f'{key}_machine']}; load average (1 min) {load[0]:.2f} at the start, "
        f"{load[1]:.2f} at the end.",
        "",
        "| step | wall s | CPU s | CPU share of wall | peak RSS MiB | load (1 min) start → end |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    out += [
        f"| {name} | {v[0]:.1f} | {v[2]:.1f} | {100 * v[2] / v[0]:.0f}% | {v[1]:.0f} | {_load(v)} |"
        for name, v in steps.items()
    ]
    err = m["cli"]["matched"] - m["truth"]
    if len(steps) > 1:
        out += [
            f"| all steps | {total:.1f} | {sum(v[2] for v in steps.values()):.1f} "
            f"| {100 * sum(v[2] for v in steps.values()) / total:.0f}% "
            f"| {max(v[1] for v in steps.values()):.0f} | |",
        ]
    out += [
        "",
        f"Matched {m['cli']['matched']:,} of a true {m['truth']:,} ({err:+,}, "
        f"{100 * err / m['truth']:+.2f}%).",
        "",
    ]


def write_report(r: dict, path: Path) -> None:
    out = [
        "# Overlap without identities: `tavana overlap`",
        "",
        "Reproduce: `.venv/bin/python bench/overlap/run.py` (accuracy, both tools) and "
        "`.venv/bin/python bench/overlap/run.py --million --skip-accuracy` (then, as root, "
        "`… --million --skip-accuracy --nice -20 --only count` for the count at full priority). "
        "anonlink and "
        "clkhash run in their own environment (`var/overlap-peer`, made by run.py): clkhash "
        "pins cryptography < 41, older than Tavana's.",
        "",
    ]
    if "accuracy" in r:
        _accuracy(r, out)
    if "million" in r:
        _million(r, out)
    if "million_nice" in r:
        _million(r, out, "million_nice")
    notes = HERE / "NOTES.md"
    if notes.exists():
        out += [notes.read_text(encoding="utf-8").rstrip(), ""]
    path.write_text("\n".join(out), encoding="utf-8")


if __name__ == "__main__":
    write_report(json.loads((HERE / "results.json").read_text()), HERE / "RESULTS.md")
    sys.exit(0)
