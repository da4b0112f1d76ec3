"""Table and index sizes measured at two registry sizes, extrapolated to a country.

    .venv/bin/python bench/web/scale.py bench/out/web/tavana_bench_web_1m.json \
        bench/out/web/tavana_bench_web_2m.json [--women 3000000]

Reads the summaries load.py / double.py wrote (rows, heap and index bytes per
table, measured by PostgreSQL after VACUUM ANALYZE), fits each table's size as
a straight line through the two runs (bytes = fixed + per-row × rows), and
prints a Markdown table for docs/scale.md: the measured sizes and the
projection at --women registered women (persons in the demo's proportion of
households: 69,494 persons per 40,000 women).
"""

from __future__ import annotations

import argparse
import json

PERSONS_PER_WOMAN = 69_494 / 40_000
SHOWN = 14


def gib(n: float) -> str:
    return f"{n / 2**30:.2f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("small")
    ap.add_argument("large")
    ap.add_argument("--women", type=int, default=3_000_000)
    args = ap.parse_args()
    a, b = (json.load(open(p, encoding="utf-8")) for p in (args.small, args.large))
    ta = {t["table"]: t for t in a["tables"]}
    tb = {t["table"]: t for t in b["tables"]}
    pa = ta["people_person"]["rows"]
    pb = tb["people_person"]["rows"]
    target_persons = args.women * PERSONS_PER_WOMAN
    scale = (target_persons - pa) / (pb - pa)  # where the target lies on the line a→b
    rows = []
    for name, t2 in tb.items():
        t1 = ta.get(name)
        if not t1 or t2["total"] < 8 * 2**20:
            continue

        def at(key: str, t1=t1, t2=t2) -> float:
            return t1[key] + (t2[key] - t1[key]) * scale

        rows.append((name, t1, t2, at("rows"), at("heap"), at("indexes"), at("total")))
    rows.sort(key=lambda r: -r[6])
    print(
        f"| table | rows at {pa:,} persons | GiB | rows at {pb:,} | GiB | "
        f"rows at {round(target_persons):,} (projected) | heap GiB | indexes GiB | total GiB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    total = [0.0, 0.0, 0.0]
    for name, t1, t2, r, heap, idx, tot in rows[:SHOWN]:
        print(
            f"| {name} | {t1['rows']:,} | {gib(t1['total'])} | {t2['rows']:,} | "
            f"{gib(t2['total'])} | {round(r):,} | {gib(heap)} | {gib(idx)} | {gib(tot)} |"
        )
    for _, _, _, _, heap, idx, tot in rows:
        total[0] += heap
        total[1] += idx
        total[2] += tot
    db_a, db_b = a["database_bytes"], b["database_bytes"]
    db_t = db_a + (db_b - db_a) * scale
    print(
        f"| **whole database** | | {gib(db_a)} | | {gib(db_b)} | | {gib(total[0])} | "
        f"{gib(total[1])} | {gib(db_t)} |"
    )


if __name__ == "__main__":
    main()
