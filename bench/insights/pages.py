"""Wall-clock of the figures pages on a built demo: p50/p95 per page.

    TAVANA_HOME=var/demo .venv/bin/python bench/insights/pages.py [--reps 10]
    DATABASE_URL=postgres://…/tavana_x TAVANA_HOME=var/demopg .venv/bin/python bench/insights/pages.py
    … --profile partner-year     # cProfile one page, cold, top 30 by cumulative time

What runs: the demo's own settings (`tavana.config.settings.local`, the
settings `tavana demo` serves with) and Django's test client in this process
(no HTTP server: what is measured is the view, its queries and its template).
The demo users `manager` and `partner` are signed in directly.

For each page:
- cold: every cache emptied (and, with `--no-refresh`, nothing computed
  ahead) — the first person to open the page after a restart;
- warm: the same page again, `--reps` times (p50, p95, max).

Before the pages, unless `--no-refresh`: `tavana insights_refresh`, as the
demo's timer and production's run it; its wall time is printed too.
The machine's load (`os.getloadavg`) is printed before and after: the machine is
shared, and every figure must be read with it.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tavana.config.settings.local")


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def _pages(district_id: int) -> dict[str, tuple[str, str]]:
    return {
        "manager-city": ("manager", "/insights/"),
        "manager-district": ("manager", f"/insights/?district={district_id}"),
        "manager-export": ("manager", "/insights/export.xlsx"),
        "partner-year": ("partner", "/insights/"),
        "partner-month": ("partner", "/insights/?month=1"),
    }


def _clients():
    from django.test import Client

    from tavana.accounts.models import User

    out = {}
    for name in ("manager", "partner"):
        c = Client(HTTP_HOST="127.0.0.1")
        c.force_login(User.objects.get(username=name))
        out[name] = c
    return out


def _get(client, url: str) -> float:
    started = time.perf_counter()
    r = client.get(url)
    took = time.perf_counter() - started
    if r.status_code != 200:
        raise SystemExit(f"{url}: HTTP {r.status_code}")
    return took


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    k = max(0, min(len(xs) - 1, round(q * (len(xs) - 1))))
    return xs[k]


def _refresh() -> float:
    from django.core.management import call_command

    started = time.perf_counter()
    out = io.StringIO()
    call_command("insights_refresh", stdout=out)
    took = time.perf_counter() - started
    print(f"refresh: {took:.2f} s wall — {out.getvalue().strip()}")
    return took


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=10)
    ap.add_argument("--only", nargs="*", help="page names to run")
    ap.add_argument("--no-refresh", action="store_true", help="do not compute ahead first")
    ap.add_argument("--profile", help="profile this page once, cold")
    args = ap.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import caches
    from django.db import connection

    from tavana.core.models import District
    from tavana.people.models import Person

    def clear() -> None:
        for alias in settings.CACHES:
            caches[alias].clear()

    district = District.objects.order_by("number")[3]
    pages = _pages(district.pk)
    clients = _clients()
    print(
        f"database: {connection.vendor} {settings.DATABASES['default']['NAME']}; "
        f"persons: {Person.objects.count():,}; "
        f"fresh seconds: {getattr(settings, 'TAVANA_INSIGHTS_FRESH_SECONDS', 0)}"
    )
    print(f"load before: {_load()}  (cpus: {os.cpu_count()})")
    if args.profile:
        clear()
        user, url = pages[args.profile]
        if not args.no_refresh:
            _refresh()
        prof = cProfile.Profile()
        prof.enable()
        took = _get(clients[user], url)
        prof.disable()
        print(f"{args.profile}: {took:.2f} s")
        pstats.Stats(prof, stream=sys.stdout).sort_stats("cumulative").print_stats(40)
        return
    clear()
    if not args.no_refresh:
        _refresh()
    print(f"{'page':<18} {'cold s':>8} {'p50 s':>8} {'p95 s':>8} {'max s':>8}  (warm: {args.reps})")
    for name, (user, url) in pages.items():
        if args.only and name not in args.only:
            continue
        if args.no_refresh:
            clear()  # every page cold on its own, not helped by the one before
        cold = _get(clients[user], url)
        warm = [_get(clients[user], url) for _ in range(args.reps)]
        print(
            f"{name:<18} {cold:8.3f} {_pct(warm, 0.5):8.3f} {_pct(warm, 0.95):8.3f} "
            f"{max(warm):8.3f}",
            flush=True,
        )
    print(f"load after: {_load()}")


if __name__ == "__main__":
    main()
