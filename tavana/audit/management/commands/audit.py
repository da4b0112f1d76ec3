"""`tavana audit verify [--anchor FILE]`, `tavana audit anchor --output FILE`,
`tavana audit partitions [--months-ahead N]` and `tavana audit prepare-partitions`.

`anchor` appends the chain's head, signed with the audit key, as one JSON line
to FILE — run it from a timer and keep FILE off the database server (another
machine, a backup medium). `verify --anchor FILE` checks the chain against every
anchor in it too: a chain cut short or rewritten since is reported.

`partitions` (PostgreSQL; a daily timer, deploy/systemd/tavana-audit-partitions.*)
creates this month's and the next months' partitions of the audit log ahead of
time and moves anything its default partition caught; it prints each partition.
`prepare-partitions` readies a large log for the migration that partitions it
(docs/scale.md, "The audit log": the operator's steps).
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tavana.audit import partitions
from tavana.audit.services import audit_anchor, audit_verify


class Command(BaseCommand):
    help = "Audit log tools: verify the keyed hash chain (against anchors), write an anchor."

    def add_arguments(self, parser):
        parser.add_argument(
            "operation", choices=["verify", "anchor", "partitions", "prepare-partitions"]
        )
        parser.add_argument(
            "--anchor", action="append", default=[], help="anchor file(s) to check against"
        )
        parser.add_argument("--output", help="anchor: the file to append the signed head to")
        parser.add_argument(
            "--months-ahead", type=int, default=3, help="partitions: months created ahead"
        )

    def handle(self, *args, operation, anchor, output, months_ahead, **options):
        if operation in ("partitions", "prepare-partitions"):
            self._partitions(operation, months_ahead)
            return
        if operation == "anchor":
            if not output:
                raise CommandError("anchor needs --output FILE (kept outside the database)")
            line = audit_anchor()
            with Path(output).open("a", encoding="utf-8") as f:
                f.write(json.dumps(line) + "\n")
            self.stdout.write(f"anchored entry {line['seq']}")
            return
        anchors = []
        for name in anchor:
            try:
                text = Path(name).read_text(encoding="utf-8")
                anchors += [json.loads(x) for x in text.splitlines() if x.strip()]
            except (OSError, ValueError) as e:
                raise CommandError(f"cannot read anchor file {name}: {e}", returncode=2) from e
        report = audit_verify(anchors=anchors)
        if not report.ok:
            raise CommandError(
                f"audit chain broken at entry {report.broken_seq} "
                f"after {report.checked} good entries: {report.problem}",
                returncode=1,
            )
        extra = f", {len(anchors)} anchor(s) held" if anchors else ""
        self.stdout.write(f"audit chain intact: {report.checked} entries verified{extra}")

    def _partitions(self, operation: str, months_ahead: int) -> None:
        from django.db import connection

        if connection.vendor != "postgresql":
            self.stdout.write("the audit log is partitioned on PostgreSQL only; nothing to do")
            return
        if operation == "prepare-partitions":
            with connection.cursor() as cursor:
                if partitions.is_partitioned(cursor):
                    self.stdout.write("the audit log is already partitioned")
                    return
            bound = partitions.prepare(connection)
            self.stdout.write(
                f"ready: indexes built, entries bounded before {bound:%Y-%m-%d} (UTC); "
                f"run `tavana migrate` before then — entries after it are refused until it runs"
            )
            return
        if months_ahead < 0:
            raise CommandError("--months-ahead must be 0 or more")
        created = partitions.ensure_partitions(connection, months_ahead=months_ahead)
        state = partitions.status(connection)
        if not state["partitioned"]:
            raise CommandError("the audit log is not partitioned: run `tavana migrate`")
        for name in created:
            self.stdout.write(f"created {name}")
        for part in state["partitions"]:
            self.stdout.write(
                f"{part['name']}: {part['bounds']}, ~{part['rows_estimate']} entries, "
                f"{part['bytes']} bytes"
            )
