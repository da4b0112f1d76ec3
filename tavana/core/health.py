"""Health and readiness, for the load balancer and for monitoring.

- `/health/live/`: the process answers (no database): restart me if not.
- `/health/ready/`: the database answers and every migration this code knows
  is applied: send me traffic (the load balancer's check). 503 otherwise.
- `/health/workers/`: some background worker has sent a heartbeat recently
  (monitoring: imports and allocations wait while none does). 503 otherwise.
- `/health/` is `/health/ready/` (kept for existing checks).

Each answers JSON: {"status": "ok"|"fail", "checks": {name: {"ok": bool, …}}}.
Nothing in them names a person or a user.
"""

from __future__ import annotations

import time

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from tavana.accounts.access import require
from tavana.accounts.matrix import PUBLIC

# Routes whose 503 is an answer ("what I check is down"), not a server error.
HEALTH_ROUTES = frozenset(
    {"core:health", "core:health_live", "core:health_ready", "core:health_workers"}
)
_migrated = False  # once true for this code it stays true: the plan only grows on upgrade


def check_database() -> dict:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as e:
        return {"ok": False, "error": type(e).__name__}
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


def check_migrations() -> dict:
    global _migrated
    if _migrated:
        return {"ok": True}
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as e:
        return {"ok": False, "error": type(e).__name__}
    if plan:
        return {"ok": False, "pending": len(plan)}
    _migrated = True
    return {"ok": True}


def check_workers() -> dict:
    from .leases import workers_alive

    try:
        alive, newest = workers_alive()
    except DatabaseError as e:
        return {"ok": False, "error": type(e).__name__}
    out = {"ok": alive > 0, "alive": alive}
    if newest is not None:
        out["last_heartbeat_seconds_ago"] = round(newest, 1)
    return out


def _answer(checks: dict) -> JsonResponse:
    ok = all(c["ok"] for c in checks.values())
    return JsonResponse(
        {"status": "ok" if ok else "fail", "checks": checks}, status=200 if ok else 503
    )


@require(PUBLIC)
@never_cache
def live(request):
    return _answer({"process": {"ok": True}})


@require(PUBLIC)
@never_cache
def ready(request):
    checks = {"database": check_database()}
    if checks["database"]["ok"]:
        checks["migrations"] = check_migrations()
    return _answer(checks)


@require(PUBLIC)
@never_cache
def workers(request):
    checks = {"database": check_database()}
    if checks["database"]["ok"]:
        checks["workers"] = check_workers()
    return _answer(checks)
