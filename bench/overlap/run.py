"""Overlap without identities: `tavana overlap` against the truth and against
anonlink + clkhash on the same lists in the same run, and 1,000,000 vs 1,000,000.

    .venv/bin/python bench/overlap/run.py                 # accuracy, both tools
    .venv/bin/python bench/overlap/run.py --million       # and the 1M × 1M timing

Lists come from `tavana_demo.overlap_lists` (two different records of each
woman in both lists: variants, typos, missing fields, a new mobile and
address). anonlink's threshold is chosen on the tuning seeds (3, 4) and
reported on the held-out ones (1405, 2026); `tavana overlap` has no parameter
tuned on these lists (its matcher was tuned on the dedup benchmark's seeds).
Every `tavana` step runs as the installed command in its own process: wall
seconds and peak resident memory are that process's. Writes RESULTS.md here.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tavana.config.settings.test")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402

from tavana.partners.domain.overlap.linking import link  # noqa: E402
from tavana.partners.overlap import list_encoded, read_list  # noqa: E402
from tavana.people.domain.match_records import normalise_fields  # noqa: E402
from tavana_demo.overlap_lists import write_lists  # noqa: E402

sys.path.insert(0, str(HERE))
from report import write_report  # noqa: E402

TUNING = (3, 4)
HELD_OUT = (1405, 2026)
THRESHOLDS = (0.75, 0.78, 0.8, 0.82, 0.85, 0.88, 0.9)
PEER = ROOT / "var" / "overlap-peer"
TAVANA = Path(sys.executable).with_name("tavana")
SECRET = b"bench secret shared by the Center and its partner, 52b"


def peer_python() -> Path:
    python = PEER / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEER)], check=True)
        subprocess.run(
            [str(PEER / "bin" / "pip"), "install", "-q", "clkhash==0.18.3", "anonlink==0.15.3"],
            check=True,
        )
    return python


def timed(args: list[str]) -> tuple:
    """(wall seconds, peak RSS MiB, CPU seconds: user + system, the machine's 1-minute
    load average at the start and at the end) of one process."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    load_start = os.getloadavg()[0]
    start = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed: {proc.stderr.read().decode()}")
    cpu = usage.ru_utime + usage.ru_stime
    return wall, usage.ru_maxrss / 1024, cpu, load_start, os.getloadavg()[0]


def ours_cli(d: Path, nice: int | None = None, only: tuple[str, ...] = ()) -> dict:
    key = d / "key.txt"
    key.write_bytes(SECRET)
    steps = {
        "encode A": [str(TAVANA), "overlap", "encode", str(d / "a.csv"), "--secret-file",
                     str(key), "--output", str(d / "a.jsonl"), "--group", "service"],
        "encode B": [str(TAVANA), "overlap", "encode", str(d / "b.csv"), "--secret-file",
                     str(key), "--output", str(d / "b.jsonl")],
        "count": [str(TAVANA), "overlap", "count", str(d / "a.jsonl"), str(d / "b.jsonl"),
                  "--output", str(d / "counts.json"), "--min-cell", "1"],
    }  # fmt: skip
    prefix = ["nice", "-n", str(nice)] if nice is not None else []
    out = {name: timed(prefix + args) for name, args in steps.items() if not only or name in only}
    result = json.loads((d / "counts.json").read_text(encoding="utf-8"))
    return {"steps": out, "matched": result["matched"]}


def ours_rows(d: Path) -> np.ndarray:
    """Which rows of A matched (the same code as the command, in process)."""
    return link(list_encoded(d / "a.csv", SECRET), list_encoded(d / "b.csv", SECRET)).matched


def normalised_csv(src: Path, dst: Path) -> None:
    rows, _ = read_list(src)
    recs = [normalise_fields(*row) for row in rows]
    with dst.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(("national_code", "first", "last", "father", "birth_date", "mobile"))
        for r in recs:
            bd = f"{r.bd[0]:04d}{r.bd[1]:02d}{r.bd[2]:02d}" if r.bd else ""
            w.writerow(
                (r.nc or "", r.first or "", r.last or "", r.father or "", bd, r.mobile or "")
            )


def peer(d: Path, thresholds) -> dict:
    start = time.perf_counter()
    normalised_csv(d / "a.csv", d / "norm_a.csv")
    normalised_csv(d / "b.csv", d / "norm_b.csv")
    prep = time.perf_counter() - start
    out = d / "peer.json"
    wall, rss, cpu, *_ = timed(
        [str(peer_python()), str(HERE / "anonlink_count.py"), str(d / "norm_a.csv"),
         str(d / "norm_b.csv"), SECRET.decode(), "--thresholds", *map(str, thresholds),
         "--out", str(out)]
    )  # fmt: skip
    data = json.loads(out.read_text())
    return {"wall": wall + prep, "rss": rss, "cpu": cpu, "by_threshold": data["by_threshold"]}


def scores(matched_rows, truth_rows: set[int], n: int) -> dict:
    got = np.zeros(n, dtype=bool)
    got[np.asarray(list(matched_rows), dtype=np.int64)] = True
    real = np.zeros(n, dtype=bool)
    real[np.array(sorted(truth_rows), dtype=np.int64) - 1] = True
    count = int(got.sum())
    return {
        "count": count,
        "error": count - int(real.sum()),
        "false": int((got & ~real).sum()),
        "missed": int((~got & real).sum()),
    }


def accuracy(n_a: int, n_b: int, common: int, work: Path) -> dict:
    runs: dict = {"tuning": {}, "held_out": {}}
    for seed in (*TUNING, *HELD_OUT):
        d = work / f"seed{seed}"
        d.mkdir()
        truth = write_lists(d / "a.csv", d / "b.csv", n_a, n_b, common, seed=seed)
        held = seed in HELD_OUT
        cli = ours_cli(d) if held else None
        rows = np.flatnonzero(ours_rows(d))
        if cli:
            assert cli["matched"] == len(rows)
        p = peer(d, THRESHOLDS)
        runs["held_out" if held else "tuning"][seed] = {
            "truth": truth.matched,
            "ours": scores(rows, truth.rows, truth.a),
            "ours_cli": cli,
            "peer": {t: scores(v["matched"], truth.rows, truth.a) for t, v in p["by_threshold"].items()},
            "peer_run": {"wall": p["wall"], "rss": p["rss"], "cpu": p["cpu"]},
        }  # fmt: skip
        print(f"seed {seed}: done", file=sys.stderr)
    tuning = runs["tuning"].values()
    best = min(
        (str(t) for t in THRESHOLDS),
        key=lambda t: sum(abs(r["peer"][t]["error"]) for r in tuning),
    )
    runs["threshold"] = best
    return runs


def million(n: int, nice: int | None = None, only: tuple[str, ...] = ()) -> dict:
    """The big lists are kept in var/ (writing them takes minutes) and reused."""
    d = ROOT / "var" / f"overlap-lists-{n}"
    done = d / "truth.json"
    if not done.exists():
        d.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        truth = write_lists(d / "a.csv", d / "b.csv", n, n, int(n * 0.3), seed=7)
        print(f"lists written in {time.perf_counter() - start:.0f} s", file=sys.stderr)
        done.write_text(json.dumps({"matched": truth.matched}))
    cli = ours_cli(d, nice, only)
    return {"truth": json.loads(done.read_text())["matched"], "n": n, "cli": cli, "nice": nice}


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {mem:.1f} GiB RAM, Python {platform.python_version()}, "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n-a", type=int, default=10_000)
    p.add_argument("--n-b", type=int, default=20_000)
    p.add_argument("--common", type=int, default=3_000)
    p.add_argument("--million", action="store_true")
    p.add_argument("--size", type=int, default=1_000_000, help="rows of each list with --million")
    p.add_argument("--skip-accuracy", action="store_true")
    p.add_argument(
        "--nice",
        type=int,
        help="run each step at this niceness (e.g. -20, as root: the share of the CPU the step "
        "would have on a machine doing nothing else); kept apart as million_nice",
    )
    p.add_argument("--only", nargs="*", default=(), help="steps to time (with --nice): count, …")
    p.add_argument("--json", type=Path, default=HERE / "results.json")
    args = p.parse_args()
    results: dict = json.loads(args.json.read_text()) if args.json.exists() else {}
    part = "million" if args.skip_accuracy else "accuracy"
    if args.million and args.nice is not None:
        part = "million_nice"  # kept beside the run at the default priority
    results[f"{part}_machine"] = machine()
    results[f"{part}_load"] = [os.getloadavg()[0]]
    (ROOT / "var").mkdir(exist_ok=True)  # a fresh clone has none
    with tempfile.TemporaryDirectory(prefix="overlap-bench-", dir=ROOT / "var") as tmp:
        work = Path(tmp)
        if not args.skip_accuracy:
            results["sizes"] = [args.n_a, args.n_b, args.common]
            results["accuracy"] = accuracy(args.n_a, args.n_b, args.common, work)
        if args.million:
            results[part if part.startswith("million") else "million"] = million(
                args.size, args.nice, tuple(args.only)
            )
    results[f"{part}_load"].append(os.getloadavg()[0])
    args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str))
    write_report(results, HERE / "RESULTS.md")


if __name__ == "__main__":
    main()
