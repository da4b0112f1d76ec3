"""Time each figure of `/insights/` (the headline counts and every table) on a
loaded database, the city's view and one district's, for this Jalali year —
what `tavana insights_refresh` computes. Finds the figure that does not grow in
a straight line between two sizes (docs/scale.md, "A plan cliff").

    .venv/bin/python bench/web/figures.py --db tavana_bench_web_1m [--district 6] \
        [--limit-s 600] [--explain children_under_20]

Each figure runs with PostgreSQL's `statement_timeout` at --limit-s (a figure
that falls off a plan cliff is stopped and reported as such, not waited for).
Prints one JSON line and writes bench/out/web/figures-<db>.json. Timings on a
shared machine are upper bounds: the load average is recorded before and after.
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
OUT = ROOT / "bench" / "out" / "web"
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--district", type=int, default=6, help="the district view's number")
    ap.add_argument("--limit-s", type=int, default=600)
    ap.add_argument("--explain", default="", help="EXPLAIN (ANALYZE) this headline's SQL")
    args = ap.parse_args()
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="tavana.config.settings.local",
        DATABASE_URL=PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + args.db,
        TAVANA_HOME=str(OUT / f"home-{args.db}"),
        TAVANA_INSIGHTS_FRESH_SECONDS="0",
    )
    cmd = [sys.executable, __file__, "_run", json.dumps(vars(args))]
    subprocess.run(cmd, env=env, check=True, cwd=ROOT)


def _timed(fn, f, limit_s: int):
    from django.db import DatabaseError, connection, transaction

    started = time.perf_counter()
    try:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(f"SET LOCAL statement_timeout = '{limit_s}s'")
            fn(f)
        return round(time.perf_counter() - started, 2)
    except DatabaseError as e:
        return f"stopped after {round(time.perf_counter() - started)} s: {str(e).splitlines()[0]}"


def _figures():
    from tavana.insights import production, selectors, youth

    heads = {
        "women": lambda f: selectors.women(f).count(),
        "women_served": selectors.women_served,
        "children_under_20": selectors.children_under_20,
        "certificates": selectors.certificates,
    }
    tables = {
        fn.__name__: fn
        for fn in (
            selectors.women_by_district,
            selectors.support_levels,
            selectors.level_moves,
            selectors.services,
            selectors.courses,
            selectors.businesses,
            selectors.booths_by_venue,
            selectors.sales_by_category,
            selectors.signups,
        )
    }
    tables["youth_tables"] = youth.youth_tables
    tables["production_tables"] = production.production_tables
    return heads | tables


def _explain(name: str, f) -> str:
    """The plan of a headline count whose queryset can be built without running it."""
    from django.db import connection

    from tavana.insights import selectors

    qs = {
        "children_under_20": selectors.children_under_20_queryset,
        "women_served": selectors.women_served_queryset,
    }[name](f)
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cur:
        cur.execute(f"EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM ({sql}) q", params)
        return "\n".join(r[0] for r in cur.fetchall())


def _run(opts: dict) -> None:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.db import connection

    from tavana.core.domain import jalali
    from tavana.core.models import District
    from tavana.insights import selectors

    year = jalali.jalali_today().year
    start, end = jalali.year_range(year)
    views = {
        "city": selectors.Filters(start, end, None, str(year)),
        f"district {opts['district']}": selectors.Filters(
            start, end, District.objects.get(number=opts["district"]), str(year)
        ),
    }
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM people_person")
        persons = cur.fetchone()[0]
    load_before = os.getloadavg()
    result: dict = {"db": opts["db"], "persons": persons, "year": year, "views": {}}
    for label, f in views.items():
        timings = {name: _timed(fn, f, opts["limit_s"]) for name, fn in _figures().items()}
        numeric = [t for t in timings.values() if isinstance(t, float)]
        result["views"][label] = {"total_s": round(sum(numeric), 1), "figures_s": timings}
        if opts["explain"] and label == "city":
            result["views"][label]["explain"] = _explain(opts["explain"], f)
    result["load_before"] = [round(x, 2) for x in load_before]
    result["load_after"] = [round(x, 2) for x in os.getloadavg()]
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"figures-{opts['db']}.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1)
    )
    print(json.dumps({k: v for k, v in result.items() if k != "views"}))
    for label, v in result["views"].items():
        print(label, json.dumps(v["figures_s"], ensure_ascii=False), "total", v["total_s"])
        if "explain" in v:
            print(v["explain"])


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_run":
        _run(json.loads(sys.argv[2]))
    else:
        main()
