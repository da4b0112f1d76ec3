"""`tavana dedup INPUT.csv --output CLUSTERS.csv [--pairs PAIRS.csv]` — see
shared/contracts/dedup.md.

Reads the registry-shaped CSV, finds the records that describe the same woman
with the pure matcher (`tavana.people.domain.matching`: a Fellegi–Sunter
model learnt from this very file) and writes one line per input id:
`id,cluster`. With `--pairs`, also every candidate pair the model judged the
same woman or worth a person's look: `id_a,id_b,probability,decision,reasons`
(decision `match` or `review`; reasons in Persian, «؛»-separated). No database
is touched.

Exit status 0 when the output was written; 2 with a one-line reason on stderr
when the input cannot be read (missing file, not UTF-8, no header or a missing
column, a malformed row, an empty or repeated id); 1 when the output cannot
be written.
"""

from __future__ import annotations

import csv
import os
import sys
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tavana.people.domain.matching import FIELDS, analyse, normalise_fields

INPUT_UNREADABLE = 2


class InputError(Exception):
    """The input file cannot be read as the contract's CSV (Persian message)."""


def read_records(path: Path) -> list:
    """Normalised records in file order; raises `InputError` with a one-line reason."""
    if not path.exists():
        raise InputError(f"فایل ورودی پیدا نشد: {path}")
    if path.is_dir():
        raise InputError(f"مسیر ورودی یک پوشه است، نه فایل: {path}")
    records = []
    seen: set[str] = set()
    line = 1
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f)
            header = next(reader, None)
            if header is None:
                raise InputError("فایل ورودی خالی است؛ سطر عنوان ستون‌ها لازم است")
            header = [h.strip().lower() for h in header]
            missing = [name for name in FIELDS if name not in header]
            if missing:
                raise InputError("ستون‌های لازم در سطر عنوان نیست: " + "، ".join(missing))
            repeated = sorted({h for h in header if header.count(h) > 1 and h in FIELDS})
            if repeated:
                raise InputError("ستون تکراری در سطر عنوان: " + "، ".join(repeated))
            index = [header.index(name) for name in FIELDS]
            width = len(header)
            id_col = index[0]
            for row in reader:
                line = reader.line_num
                if not row:
                    continue  # a blank line
                if len(row) != width:
                    raise InputError(
                        f"سطر {line}: {len(row)} ستون دارد اما سطر عنوان {width} ستون دارد"
                    )
                rid = row[id_col]
                if not rid.strip():
                    raise InputError(f"سطر {line}: شناسه (id) خالی است")
                if rid in seen:
                    raise InputError(f"سطر {line}: شناسه تکراری است: {rid}")
                seen.add(rid)
                records.append(normalise_fields(*[row[i] for i in index]))
    except UnicodeDecodeError:
        raise InputError(f"فایل ورودی با UTF-8 خوانده نمی‌شود (نزدیک سطر {line + 1})") from None
    except csv.Error as exc:
        raise InputError(f"فایل ورودی CSV درستی نیست (نزدیک سطر {line + 1}): {exc}") from None
    except OSError as exc:
        raise InputError(f"فایل ورودی خوانده نمی‌شود: {exc.strerror or exc}") from None
    return records


def _write_atomically(path: Path, header: tuple[str, ...], rows) -> None:
    """Write a CSV atomically (a temporary file beside the target, then rename)."""
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=".dedup-", suffix=".csv", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; a normal file is wanted
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_clusters(path: Path, records: list, clusters: dict[str, int]) -> None:
    _write_atomically(path, ("id", "cluster"), ((r.id, clusters[r.id]) for r in records))


def write_pairs(path: Path, verdicts: list) -> None:
    _write_atomically(
        path,
        ("id_a", "id_b", "probability", "decision", "reasons"),
        (
            (v.id_a, v.id_b, f"{v.probability:.6f}", v.decision, "؛ ".join(v.reasons))
            for v in verdicts
        ),
    )


class Command(BaseCommand):
    help = "یافتن رکوردهای تکراری یک فایل CSV (هر رکورد یک زن) و نوشتن خوشه‌ها: id,cluster"
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("input", help="فایل CSV ورودی (UTF-8، با سطر عنوان)")
        parser.add_argument("--output", "-o", required=True, help="فایل CSV خروجی: id,cluster")
        parser.add_argument(
            "--pairs",
            help="فایل CSV جفت‌ها: id_a,id_b,probability,decision,reasons (هم‌سان یا نیازمند بررسی)",
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        verbose = options["verbosity"] >= 2
        try:
            records = read_records(Path(options["input"]))
        except InputError as exc:
            raise CommandError(" ".join(str(exc).split()), returncode=INPUT_UNREADABLE) from None
        if verbose:
            self._progress(f"{len(records)} رکورد خوانده شد", started)
        analysis = analyse(records)
        clusters = analysis.clusters()
        if verbose:
            self._progress(f"{len(set(clusters.values()))} خوشه", started)
        outputs = [(Path(options["output"]), write_clusters, (records, clusters))]
        if options.get("pairs"):
            outputs.append((Path(options["pairs"]), write_pairs, (analysis.verdicts(),)))
        for path, write, data in outputs:
            try:
                write(path, *data)
            except OSError as exc:
                raise CommandError(
                    f"فایل خروجی نوشته نشد: {path}: {exc.strerror or exc}", returncode=1
                ) from None
            if verbose:
                self._progress(f"نوشته شد: {path}", started)

    @staticmethod
    def _progress(message: str, started: float) -> None:
        sys.stderr.write(f"[{time.perf_counter() - started:6.1f}s] {message}\n")
