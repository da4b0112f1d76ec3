"""The walk: every demo role, every page it can reach by following links, on a
desk (1366×768) and on a phone (390×844). What it checks: tests/browser/walk.py.

The demo is loaded whole (every context's loader in tavana_demo.LOADERS, so a
new context's pages are walked as soon as its loader and its links exist) with
a smaller registry, to keep the walk to a few minutes.
"""

import logging
import time

import pytest

from tavana_demo import demo_load
from tavana_demo.accounts import DEMO_USERS, demo_password

from .walk import LogWatch, walk

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SMALL = {"tavana_demo.people.load_registry": {"women": 2500, "children": 900}}
# Loggers that do not pass their records up to the root logger (base settings).
SERVER_LOGGERS = ["", "django", "django.request", "django.server", "tavana", "django_tasks_db"]


@pytest.fixture
def server_log():
    watch = LogWatch()
    loggers = [logging.getLogger(name) for name in SERVER_LOGGERS]
    for logger in loggers:
        logger.addHandler(watch)
    yield watch
    for logger in loggers:
        logger.removeHandler(watch)


def test_every_demo_role_meets_no_broken_page_on_a_desk_or_a_phone(
    browser, live_server, server_log
):
    started = time.monotonic()
    demo_load(out=lambda line: None, options=SMALL)
    loaded = time.monotonic() - started
    server_log.take()  # what the demo load itself logged is not the walk's business
    results = [
        walk(browser, live_server.url, username, demo_password(username), logs=server_log)
        for username, *_ in DEMO_USERS
    ]
    print(f"\nthe walk: demo loaded in {loaded:.0f}s")
    for r in results:
        print(f"  {r.user:<16} {len(r.visited):>4} pages {r.seconds:>5.0f}s")
    print(
        f"  in all {sum(len(r.visited) for r in results)} pages, {time.monotonic() - started:.0f}s"
    )
    findings = [str(f) for r in results for f in r.findings]
    assert not findings, f"{len(findings)} problems:\n" + "\n".join(findings)
