"""Women served in `insights_refresh`: the plain count per view against the
year's pre-aggregate (`tavana.insights.served`), on a loaded database.

    .venv/bin/python bench/insights/served.py --db tavana_iins_demo [--old-views 5] [--limit-s 600]

For this Jalali year's refresh views (the city's seventeen periods, then each
district's year) it times `selectors.women_served` for the first --old-views
views (each under PostgreSQL's statement_timeout --limit-s), then
`served.served_year` once and every view's count from it, and checks that each
plain count it has equals the pre-aggregate's. Prints one JSON line with the
load average (`os.getloadavg`) before and after; wall seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--old-views", type=int, default=5)
    ap.add_argument("--limit-s", type=int, default=600)
    args = ap.parse_args()
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="tavana.config.settings.local",
        DATABASE_URL=PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + args.db,
        TAVANA_HOME=str(ROOT / "bench" / "out" / "insights" / f"home-{args.db}"),
    )
    cmd = [sys.executable, __file__, "_run", json.dumps(vars(args))]
    subprocess.run(cmd, env=env, check=True, cwd=ROOT)


def _run(args: dict) -> None:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.db import DatabaseError, connection, transaction

    from tavana.insights import selectors
    from tavana.insights.management.commands.insights_refresh import default_views
    from tavana.insights.served import served_year
    from tavana.people.models import Person

    load_before = os.getloadavg()
    views = default_views()
    old: list[dict] = []
    for f in views[: args["old_views"]]:
        started = time.perf_counter()
        try:
            with transaction.atomic(), connection.cursor() as cur:
                if connection.vendor == "postgresql":
                    cur.execute(f"SET LOCAL statement_timeout = '{args['limit_s']}s'")
                n = selectors.women_served(f)
        except DatabaseError as e:
            n = f"stopped: {str(e).splitlines()[0]}"
        old.append({"view": f"{f.start}..{f.end} {f.district or 'city'}", "n": n,
                    "s": round(time.perf_counter() - started, 2)})  # fmt: skip
    started = time.perf_counter()
    pre = served_year(selectors_year(views[0]))
    once = time.perf_counter() - started
    started = time.perf_counter()
    new = [pre.count(f) for f in views]
    counting = time.perf_counter() - started
    same = all(o["n"] == n for o, n in zip(old, new, strict=False) if isinstance(o["n"], int))
    print(
        json.dumps(
            {
                "db": args["db"],
                "vendor": connection.vendor,
                "women": Person.objects.filter(sex=Person.FEMALE).count(),
                "views": len(views),
                "plain_per_view_s": old,
                "pre_aggregate_query_s": round(once, 2),
                "all_views_from_it_s": round(counting, 4),
                "pre_aggregate_rows": len(pre.counts),
                "same_numbers": same,
                "load_before": [round(x, 1) for x in load_before],
                "load_after": [round(x, 1) for x in os.getloadavg()],
            },
            ensure_ascii=False,
        )
    )
    assert same, "the pre-aggregate disagrees with the plain count"


def selectors_year(f) -> int:
    from tavana.core.domain.jalali import to_jalali

    return to_jalali(f.start)[0]


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "_run":
        _run(json.loads(sys.argv[2]))
    else:
        main()
