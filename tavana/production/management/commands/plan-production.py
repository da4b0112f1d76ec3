"""``tavana plan-production INSTANCE.json --output PLAN.json [--time-limit SECONDS]``.

Implements ``shared/contracts/production-plan.md``: exit 0 when PLAN.json was
written; exit 2 for an invalid instance (or a file that cannot be read) with a
one-line reason on stderr. Nothing is written to stdout; progress (with -v 2)
goes to stderr. The database is not touched.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tavana.production.domain.planning import InvalidInstance, load_instance, solve


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _positive_seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not seconds > 0 or seconds == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds: {value!r}")
    return seconds


class Command(BaseCommand):
    help = "Plan an order across workshops and home producers (exact lexicographic optimum)."
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("instance", help="instance JSON file (UTF-8)")
        parser.add_argument("--output", required=True, help="where to write the plan JSON")
        parser.add_argument(
            "--time-limit",
            type=_positive_seconds,
            default=None,
            help="stop after this many seconds with the best plan found",
        )

    def handle(self, *args, **options):
        path = Path(options["instance"])
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _one_line(f"{path}: cannot read the instance: {exc.strerror or exc}"),
                returncode=2,
            ) from None
        if raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CommandError(
                _one_line(f"{path}: not UTF-8 text (byte {exc.start})"), returncode=2
            ) from None
        try:
            instance = load_instance(text)
        except InvalidInstance as exc:
            raise CommandError(_one_line(f"{path}: {exc}"), returncode=2) from None

        verbose = options["verbosity"] >= 2

        def progress(message: str, fraction: float) -> None:
            if verbose:
                self.stderr.write(f"plan-production: {fraction:4.0%} {message}")

        plan = solve(instance, time_limit=options["time_limit"], progress=progress)
        for line in plan.levels:
            progress(line, 1.0)
        self._write(Path(options["output"]), plan.to_json())

    def _write(self, output: Path, data: dict) -> None:
        """Write atomically: a reader never sees half a plan."""
        text = json.dumps(data, ensure_ascii=False) + "\n"
        directory = output.parent if str(output.parent) else Path(".")
        try:
            fd, tmp = tempfile.mkstemp(prefix=".plan-", suffix=".json", dir=directory)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(text)
                os.chmod(tmp, 0o644)
                os.replace(tmp, output)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise CommandError(
                _one_line(f"{output}: cannot write the plan: {exc.strerror or exc}"),
                returncode=1,
            ) from None
