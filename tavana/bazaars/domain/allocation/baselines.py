"""What the fair allocation is compared with: first come, first served and a
lottery, under the same feasibility rules."""

from __future__ import annotations

import random
import time
from typing import Any

from .evaluate import result_of
from .instance import Application, Event, Instance, Result


class Ledger:
    """Greedy placement under the same feasibility rules."""

    def __init__(self, instance: Instance):
        self.instance = instance
        self.left = {e.id: e.booths for e in instance.events}
        self.cat_left: dict[tuple[Any, str], int] = {}
        self.held: dict[Any, list[Event]] = {}
        self.chosen: list[Application] = []

    def try_place(self, app: Application) -> bool:
        inst = self.instance
        event = inst.event_by_id[app.event]
        applicant = inst.applicant_by_id[app.applicant]
        held = self.held.setdefault(applicant.id, [])
        if self.left[event.id] <= 0 or len(held) >= applicant.quota:
            return False
        key = (event.id, applicant.category)
        if self.cat_left.get(key, event.cap) <= 0:
            return False
        if any(h.id == event.id or h.overlaps(event) for h in held):
            return False
        self.left[event.id] -= 1
        self.cat_left[key] = self.cat_left.get(key, event.cap) - 1
        held.append(event)
        self.chosen.append(app)
        return True


def first_come_first_served(instance: Instance) -> Result:
    """Each application in file order gets a booth if one is still allowed."""
    began = time.monotonic()
    ledger = Ledger(instance)
    for app in instance.applications:
        ledger.try_place(app)
    return result_of(instance, ledger.chosen, False, time.monotonic() - began, "fcfs")


def lottery(instance: Instance, seed: int) -> Result:
    """Applicants drawn in a random order; in each pass, in that order, each one
    takes her best-ranked event still allowed (first pass: first booths; later
    passes: further booths up to her quota)."""
    began = time.monotonic()
    rng = random.Random(seed)
    order = [a.id for a in instance.applicants]
    rng.shuffle(order)
    wishes: dict[Any, list[Application]] = {}
    for app in instance.applications:
        wishes.setdefault(app.applicant, []).append(app)
    for apps in wishes.values():
        apps.sort(key=lambda app: app.rank)
    ledger = Ledger(instance)
    active = [aid for aid in order if wishes.get(aid)]
    while active:
        still = []
        for aid in active:
            for app in wishes[aid]:
                if ledger.try_place(app):
                    wishes[aid] = [w for w in wishes[aid] if w is not app]
                    still.append(aid)
                    break
        active = still
    return result_of(instance, ledger.chosen, False, time.monotonic() - began, "lottery")
