"""How long a bulk import keeps everyone else from writing on SQLite (finding 9).

    .venv/bin/python bench/import/write_lock.py [--n 40000] [--seed 1405]
        [--results bench/import/RESULTS-write-lock.md]

Generates N registry rows (bench/import/run.py's generator, every 40th row
spoiled), migrates a fresh SQLite database under /tmp (./var is never
touched), and imports the csv twice into copies of it — once in one
transaction (as before the fix: `chunked=False`), once committed chunk by
chunk (the default on SQLite now). Meanwhile a second thread, on a connection
of its own, writes one row every 50 ms (`BEGIN IMMEDIATE; UPDATE …; COMMIT`,
busy timeout 300 s, so it waits instead of failing) and records how long each
write waited: the longest wait is the longest hold of the write lock a user's
save would meet. For the chunked import the script also times each chunk's
transaction. Writes a Markdown report with the machine and its load.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK = Path("/tmp/tavana-bench-write-lock")


def _setup() -> Path:
    shutil.rmtree(WORK, ignore_errors=True)
    (WORK / "home").mkdir(parents=True)
    os.environ["TAVANA_HOME"] = str(WORK / "home")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tavana.config.settings.local"
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from tavana.core.models import District

    District.objects.bulk_create(
        [District(number=i, name=f"منطقه {i}") for i in range(1, 23)], ignore_conflicts=True
    )
    db = Path(settings.DATABASES["default"]["NAME"])
    from django.db import connections

    connections.close_all()
    shutil.copy(db, WORK / "base.sqlite3")
    return db


class Writer(threading.Thread):
    """A colleague saving something every 50 ms on a connection of her own."""

    def __init__(self, db: Path):
        super().__init__(daemon=True)
        self.db = db
        self.waits: list[float] = []
        self.failures = 0
        self.stop = threading.Event()

    def run(self) -> None:
        conn = sqlite3.connect(self.db, timeout=300, isolation_level=None)
        while not self.stop.is_set():
            t0 = time.perf_counter()
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("UPDATE core_district SET name = name WHERE number = 7")
                conn.execute("COMMIT")
                self.waits.append(time.perf_counter() - t0)
            except sqlite3.OperationalError:
                self.failures += 1
            time.sleep(0.05)
        conn.close()


def _restore(db: Path) -> None:
    from django.db import connections

    connections.close_all()
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    shutil.copy(WORK / "base.sqlite3", db)


def measure(db: Path, csv_path: Path, chunked: bool) -> dict:
    from tavana.people.importing import importer

    _restore(db)
    holds: list[float] = []
    real = importer._commit_chunk

    def timed(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            holds.append(time.perf_counter() - t0)

    importer._commit_chunk = timed
    writer = Writer(db)
    writer.start()
    time.sleep(0.3)
    t0 = time.perf_counter()
    try:
        result = importer.import_people(csv_path, actor=None, duplicates="off", chunked=chunked)
    finally:
        took = time.perf_counter() - t0
        writer.stop.set()
        writer.join()
        importer._commit_chunk = real
    waits = sorted(writer.waits)
    return {
        "mode": "chunks committed one by one" if chunked else "one transaction (before)",
        "summary": result.summary_line(),
        "import_s": took,
        "writes": len(waits),
        "failures": writer.failures,
        "max_wait": waits[-1] if waits else float("nan"),
        "p95_wait": waits[int(0.95 * (len(waits) - 1))] if waits else float("nan"),
        "median_wait": statistics.median(waits) if waits else float("nan"),
        "chunks": len(holds),
        "max_hold": max(holds) if holds else None,
    }


def _machine() -> str:
    mem = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split("\n")[0].split()[1])
        mem = f", {kib / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores{mem}, {platform.platform()}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=40000)
    ap.add_argument("--seed", type=int, default=1405)
    ap.add_argument("--results", default=str(ROOT / "bench" / "import" / "RESULTS-write-lock.md"))
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "bench" / "import"))
    from run import generate

    _xlsx, csv_path, spoiled = generate(args.n, args.seed)
    db = _setup()
    from tavana.people.importing import importer

    load_before = os.getloadavg()
    rows = [measure(db, csv_path, chunked=False), measure(db, csv_path, chunked=True)]
    load_after = os.getloadavg()
    lines = [
        "# Write lock during a bulk import on SQLite (finding 9)",
        "",
        f"`bench/import/write_lock.py --n {args.n} --seed {args.seed}`: {args.n:,} rows "
        f"({spoiled} spoiled), csv, chunk size {importer.CHUNK:,}; a second connection "
        "writes every 50 ms and waits (busy timeout 300 s).",
        "",
        f"Machine: {_machine()}. Load average (1, 5, 15 min) before "
        f"{', '.join(f'{x:.1f}' for x in load_before)}, after "
        f"{', '.join(f'{x:.1f}' for x in load_after)} — shared with other work.",
        "",
        "| import | outcome | import s | writes done | failed | longest wait s "
        "| p95 wait s | median wait s | chunks | longest chunk s |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        hold = f"{r['max_hold']:.2f}" if r["max_hold"] is not None else "—"
        lines.append(
            f"| {r['mode']} | {r['summary']} | {r['import_s']:.1f} | {r['writes']} "
            f"| {r['failures']} | {r['max_wait']:.2f} | {r['p95_wait']:.3f} "
            f"| {r['median_wait']:.3f} | {r['chunks'] or '—'} | {hold} |"
        )
    lines += [
        "",
        "The longest wait is what a colleague's save met: with the import in one",
        "transaction it is close to the whole import (the site's busy timeout is",
        "20 s, after which the save fails with «database is locked»); with chunks",
        "it is about one chunk's transaction. The chunked import reads the file",
        "twice (the first pass checks it, writing nothing), so it takes longer.",
        "",
    ]
    text = "\n".join(lines)
    Path(args.results).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
