"""Build the web benchmark's PostgreSQL database: the demo's world at a city's scale.

    .venv/bin/python bench/web/load.py --persons 1000000 [--db tavana_bench_web_1m]

Creates the database afresh (UTF8, C.UTF-8, from template0), runs `migrate`
(schema and reference data) and then the demo's own loaders
(tavana_demo.LOADERS) with the registry scaled: as many registered women as it
takes for the registry to hold about --persons persons (the demo's households:
40,000 women are 69,494 persons with their spouses, children and others),
children under 20 in the demo's proportion, planted duplicates at the demo's
rate and the duplicate scan that fills the review queue. Casework scales with
the women (the same share served, their support levels, changes, services and
assessments); courses, bazaars and partners are the demo's (they scale with
centres and rounds, not with the registry). The social worker gets a
confirmed TOTP device with a known key, so the load generator can pass the
two-factor sign-in production enforces. Prints what it made as one JSON line
(also written to bench/out/web/<db>.json).
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
PERSONS_PER_WOMAN = 69_494 / 40_000  # the demo registry's households
CHILDREN_PER_WOMAN = 15_000 / 40_000
# The load generator computes the social worker's codes from this key (RFC 6238).
TOTP_KEY_HEX = "3132333435363738393031323334353637383930"  # RFC 6238's test key


def pg_url(db: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + db


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


def default_db(persons: int) -> str:
    return (
        f"tavana_bench_web_{persons // 1_000_000}m"
        if persons >= 1_000_000
        else (f"tavana_bench_web_{persons // 1000}k")
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--persons", type=int, default=1_000_000)
    ap.add_argument("--db", help="database name (default tavana_bench_web_<N>m)")
    args = ap.parse_args()
    db = args.db or default_db(args.persons)
    pg_admin(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    pg_admin(
        f"CREATE DATABASE \"{db}\" ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' "
        "LC_CTYPE 'C.UTF-8' TEMPLATE template0"
    )
    OUT.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="tavana.config.settings.local",
        DATABASE_URL=pg_url(db),
        TAVANA_HOME=str(OUT / f"home-{db}"),
    )
    cmd = [sys.executable, __file__, "_load", db, str(args.persons)]
    subprocess.run(cmd, env=env, check=True, cwd=ROOT)
    print((OUT / f"{db}.json").read_text())


def _load(db: str, persons: int) -> None:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils.module_loading import import_string
    from django_otp.plugins.otp_totp.models import TOTPDevice

    import tavana_demo
    from tavana.accounts.models import User
    from tavana_demo.people import load_registry

    women = round(persons / PERSONS_PER_WOMAN)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    timings["migrate"] = time.perf_counter() - t0
    for path in tavana_demo.LOADERS:
        t = time.perf_counter()
        if path.endswith("load_registry"):
            load_registry(print, women=women, children=round(women * CHILDREN_PER_WOMAN))
        else:
            import_string(path)(print)
        timings[path.rsplit(".", 1)[-1]] = time.perf_counter() - t
    sw = User.objects.get(username="socialworker")
    TOTPDevice.objects.filter(user=sw).delete()
    TOTPDevice.objects.create(user=sw, name="bench", key=TOTP_KEY_HEX, confirmed=True)
    t = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    timings["vacuum_analyze"] = time.perf_counter() - t
    with connection.cursor() as cur:
        cur.execute(
            "SELECT c.relname, c.reltuples::bigint, pg_total_relation_size(c.oid), "
            "pg_relation_size(c.oid), pg_indexes_size(c.oid) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 3 DESC"
        )
        tables = [
            {"table": r[0], "rows": r[1], "total": r[2], "heap": r[3], "indexes": r[4]}
            for r in cur.fetchall()
        ]
        cur.execute("SELECT pg_database_size(current_database())")
        size = cur.fetchone()[0]
    summary = {
        "db": db,
        "persons_target": persons,
        "women": women,
        "timings_s": {k: round(v, 1) for k, v in timings.items()},
        "load_s": round(time.perf_counter() - t0, 1),
        "database_bytes": size,
        "tables": tables,
    }
    (OUT / f"{db}.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_load":
        _load(sys.argv[2], int(sys.argv[3]))
    else:
        main()
