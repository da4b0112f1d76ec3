"""Demo data for `tavana demo`: realistic, deterministic, never shipped.

This package sits beside `tavana/` in the source checkout and is not part of
an installed Tavana (pyproject.toml packages only `tavana`), so a production
install does not carry it; `tavana demo` finds it in the checkout.

One module per context (accounts.py, people.py, casework.py, …), each with a
`load_<something>(out)` loader that is

- deterministic: its random numbers come from `demo_rng("<name>")`, and dates
  are relative to today;
- idempotent: it adds what is missing and never changes what is there, so
  running the demo again keeps the data;
- written through the context's services where they exist (audit included),
  or `tavana.core.bulk.insert_rows` for tens of thousands of rows.

A new context adds `tavana_demo/<context>.py` and appends its loader to
LOADERS, after the loaders whose data it builds on. Tests of a loader live in
tests/<context>/test_demo*.py.
"""

from __future__ import annotations

import random

from django.utils.module_loading import import_string

SEED = 1403

LOADERS = [
    "tavana.core.geography.load_geography",
    "tavana_demo.training.load_centres",
    "tavana_demo.bazaars.load_venues",
    "tavana_demo.accounts.load_users",
    "tavana_demo.people.load_registry",
    "tavana_demo.training.load_training",
    "tavana_demo.businesses.load_bazaars",
    "tavana_demo.casework.load_casework",
    "tavana_demo.partners.load_partners",
    "tavana_demo.sharing.load_sharing",
    "tavana_demo.protected.load_protected",
    "tavana_demo.release.load_release",
    "tavana_demo.production.load_production",
    "tavana_demo.campaign.load_campaign",
    "tavana_demo.youth.load_youth",
    "tavana_demo.notifications.load_notifications",
]


def demo_rng(name: str) -> random.Random:
    """A seeded generator per loader, so each loader is deterministic on its own."""
    return random.Random(f"{SEED}:{name}")


def demo_load(out=print, *, options: dict[str, dict] | None = None) -> None:
    """Run every loader; `options` gives a loader (by its path in LOADERS) keyword
    arguments, e.g. a smaller registry for the browser walk (tests/browser/test_walk.py)."""
    for path in LOADERS:
        import_string(path)(out, **(options or {}).get(path, {}))
