"""`tavana audit verify [--anchor FILE]` and `tavana audit anchor --output FILE`.

`anchor` appends the chain's head, signed with the audit key, as one JSON line
to FILE — run it from a timer and keep FILE off the database server (another
machine, a backup medium). `verify --anchor FILE` checks the chain against every
anchor in it too: a chain cut short or rewritten since is reported.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tavana.audit.services import audit_anchor, audit_verify


class Command(BaseCommand):
    help = "Audit log tools: verify the keyed hash chain (against anchors), write an anchor."

    def add_arguments(self, parser):
        parser.add_argument("operation", choices=["verify", "anchor"])
        parser.add_argument(
            "--anchor", action="append", default=[], help="anchor file(s) to check against"
        )
        parser.add_argument("--output", help="anchor: the file to append the signed head to")

    def handle(self, *args, operation, anchor, output, **options):
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
