"""The command-line shape the solver contracts share.

``tavana allocate`` and ``tavana plan-production`` read one instance file and
write one result file: exit 0 when the result was written; exit 2 for an
instance that cannot be read or is invalid, with a one-line reason on stderr;
exit 1 when the result cannot be written. Nothing goes to stdout; progress
(with ``-v 2``) goes to stderr. The database is not touched. The result is
written atomically: a reader never sees half of it.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

Progress = Callable[[str, float], None]


def one_line(text: object) -> str:
    return " ".join(str(text).split())


def positive_seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not seconds > 0 or not math.isfinite(seconds):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds: {value!r}")
    return seconds


class SolverCommand(BaseCommand):
    """Subclasses name the result, load the instance and solve it."""

    requires_system_checks: list = []
    requires_migrations_checks = False
    #: what the output file holds, in the messages ("result", "plan")
    result_name = "result"
    #: raised by ``load`` for an invalid instance
    invalid: type[Exception] = ValueError

    def load(self, text: str) -> Any:
        raise NotImplementedError

    def solve(self, instance: Any, time_limit: float | None, progress: Progress) -> dict:
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("instance", help="instance JSON file (UTF-8)")
        parser.add_argument(
            "--output", required=True, help=f"where to write the {self.result_name} JSON"
        )
        parser.add_argument(
            "--time-limit",
            type=positive_seconds,
            default=None,
            help=f"stop after this many seconds with the best {self.result_name} found",
        )

    def handle(self, *args, **options):
        instance = self._read(Path(options["instance"]))
        verbose = options["verbosity"] >= 2
        name = self._command_name()

        def progress(message: str, fraction: float) -> None:
            if verbose:
                self.stderr.write(f"{name}: {fraction:4.0%} {message}")

        data = self.solve(instance, options["time_limit"], progress)
        self._write(Path(options["output"]), data)

    def _command_name(self) -> str:
        return type(self).__module__.rsplit(".", 1)[-1]

    def _read(self, path: Path) -> Any:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                one_line(f"{path}: cannot read the instance: {exc.strerror or exc}"),
                returncode=2,
            ) from None
        if raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CommandError(
                one_line(f"{path}: not UTF-8 text (byte {exc.start})"), returncode=2
            ) from None
        try:
            return self.load(text)
        except self.invalid as exc:
            raise CommandError(one_line(f"{path}: {exc}"), returncode=2) from None

    def _write(self, output: Path, data: dict) -> None:
        text = json.dumps(data, ensure_ascii=False) + "\n"
        directory = output.parent if str(output.parent) else Path(".")
        try:
            fd, tmp = tempfile.mkstemp(
                prefix=f".{self.result_name}-", suffix=".json", dir=directory
            )
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
                one_line(f"{output}: cannot write the {self.result_name}: {exc.strerror or exc}"),
                returncode=1,
            ) from None
