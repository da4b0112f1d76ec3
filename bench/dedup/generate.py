"""Write a synthetic Persian registry for `tavana dedup`, with its ground truth.

    python bench/dedup/generate.py N OUT.csv TRUTH.csv [--seed S]

OUT.csv has the contract's columns (shared/contracts/dedup.md); TRUTH.csv is
`id,person,family,kind`: records with the same person describe the same woman;
`family`/`kind` name the look-alike group she was planted in (empty if none).
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tavana.people.domain.match_records import FIELDS
from tavana_demo.synthetic import generate


def write(n: int, out: Path, truth: Path, seed: int = 1) -> None:
    data = generate(n, seed=seed)
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(data.records)
    with truth.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(("id", "person", "family", "kind"))
        writer.writerows(
            (rid, p, data.families.get(p, ""), data.kinds.get(p, ""))
            for rid, p in data.truth.items()
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of records")
    parser.add_argument("out", type=Path, help="records CSV")
    parser.add_argument("truth", type=Path, help="ground truth CSV (id,person)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    write(args.n, args.out, args.truth, args.seed)


if __name__ == "__main__":
    main()
