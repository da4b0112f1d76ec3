"""Double a web benchmark database: a copy of it, then every person again with
her household, registration, consents and casework (for the scale runs).

    .venv/bin/python bench/web/double.py --source tavana_bench_web_1m --db tavana_bench_web_2m

`load.py` builds the registry in Python (a million persons take half an hour
on this machine); this takes the loaded database as a template (a file copy)
and doubles the registry in SQL: each person again under a new id, her
national code and mobile with every digit shifted by five (a bijection, so
the copies are unique among themselves; a copy that would meet an original's
code gets none), her birth date 37 days later; households, memberships,
registrations, consents, support levels, level changes, services and
programme enrolments (with their stage history) follow their person. Courses,
bazaars and partners stay as they were (they scale with centres and rounds).
Prints the table sizes as load.py does.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "out" / "web"
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")
SHIFT = "translate({c}, '0123456789', '5678901234')"
# table: {column: expression over the source row}, in the order of their keys
FOLLOW = {
    "people_household": {"id": "id + %(H)s"},
    "people_membership": {"household_id": "household_id + %(H)s", "person_id": "person_id + %(P)s"},
    "people_registration": {"person_id": "person_id + %(P)s"},
    "people_consent": {"person_id": "person_id + %(P)s"},
    "casework_supportstatus": {"person_id": "person_id + %(P)s"},
    "casework_levelchange": {"person_id": "person_id + %(P)s"},
    "casework_delivery": {"person_id": "person_id + %(P)s"},
    "casework_enrolment": {"id": "id + %(E)s", "person_id": "person_id + %(P)s"},
    "casework_enrolmentstagechange": {"enrolment_id": "enrolment_id + %(E)s"},
}


def columns(cur, table: str) -> list[str]:
    cur.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
        "AND is_generated = 'NEVER' ORDER BY ordinal_position",
        [table],
    )
    return [r[0] for r in cur.fetchall()]


def copy_rows(cur, table: str, mapped: dict[str, str], keys: dict) -> None:
    cols = [c for c in columns(cur, table) if c != "id" or "id" in mapped]
    exprs = [(mapped[c] % keys) if c in mapped else c for c in cols]
    cur.execute(
        f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(exprs)} FROM {table} "
        f"WHERE id <= %s",
        [keys["max"][table]],
    )


def person_exprs(cur, keys: dict) -> tuple[list[str], list[str]]:
    cols = columns(cur, "people_person")
    code = SHIFT.format(c="p.national_code")
    special = {
        "id": f"p.id + {keys['P']}",
        "merged_into_id": f"p.merged_into_id + {keys['P']}",
        "national_code": (
            f"CASE WHEN EXISTS (SELECT 1 FROM people_person q WHERE q.national_code = {code}) "
            f"THEN NULL ELSE {code} END"
        ),
        "mobile": SHIFT.format(c="p.mobile"),
        "birth_date": "p.birth_date + 37",
    }
    return cols, [special.get(c, f"p.{c}") for c in cols]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--source", required=True)
    ap.add_argument("--db", required=True)
    args = ap.parse_args()
    started = time.perf_counter()
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{args.db}" TEMPLATE "{args.source}"')
    timings = {"template_copy": time.perf_counter() - started}
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + args.db
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        keys: dict = {"max": {}}
        for name, table in (
            ("P", "people_person"), ("H", "people_household"), ("E", "casework_enrolment")
        ):  # fmt: skip
            cur.execute(f"SELECT max(id) FROM {table}")
            keys[name] = cur.fetchone()[0]
        for table in ["people_person", *FOLLOW]:
            cur.execute(f"SELECT max(id) FROM {table}")
            keys["max"][table] = cur.fetchone()[0]
        t = time.perf_counter()
        cols, exprs = person_exprs(cur, keys)
        cur.execute(
            f"INSERT INTO people_person ({', '.join(cols)}) SELECT {', '.join(exprs)} "
            "FROM people_person p WHERE p.id <= %s ORDER BY p.id",
            [keys["P"]],
        )
        timings["people_person"] = time.perf_counter() - t
        for table, mapped in FOLLOW.items():
            t = time.perf_counter()
            copy_rows(cur, table, mapped, keys)
            timings[table] = time.perf_counter() - t
        for table in ["people_person", *FOLLOW]:
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        t = time.perf_counter()
        conn.execute("VACUUM ANALYZE")
        timings["vacuum_analyze"] = time.perf_counter() - t
        rows = conn.execute(
            "SELECT c.relname, c.reltuples::bigint, pg_total_relation_size(c.oid), "
            "pg_relation_size(c.oid), pg_indexes_size(c.oid) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 3 DESC"
        ).fetchall()
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    summary = {
        "db": args.db,
        "doubled_from": args.source,
        "timings_s": {k: round(v, 1) for k, v in timings.items()},
        "load_s": round(time.perf_counter() - started, 1),
        "database_bytes": size,
        "tables": [
            {"table": r[0], "rows": r[1], "total": r[2], "heap": r[3], "indexes": r[4]}
            for r in rows
        ],
    }
    (OUT / f"{args.db}.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1))
    print(json.dumps({k: summary[k] for k in ("db", "timings_s", "load_s", "database_bytes")}))


if __name__ == "__main__":
    main()
