"""A woman's own session: who is signed in, for how long, and the gate.

Separate from staff sign-in (no `User`): the session holds her person id, the
time she signed in, and lives ten minutes idle and one hour at most, because a
phone is often shared in a family."""

from __future__ import annotations

import functools
import time

from django.shortcuts import redirect

IDLE_SECONDS = 10 * 60
MAX_SECONDS = 60 * 60
KEY, SINCE = "portal_person", "portal_since"


def sign_in(request, person_id: int) -> None:
    request.session.cycle_key()  # a new session id at sign-in (no fixation)
    request.session[KEY] = person_id
    request.session[SINCE] = int(time.time())
    request.session.set_expiry(IDLE_SECONDS)


def sign_out(request) -> None:
    for k in (KEY, SINCE, "portal_mobile", "portal_choices"):
        request.session.pop(k, None)


def current_person_id(request) -> int | None:
    pid, since = request.session.get(KEY), request.session.get(SINCE)
    if pid is None or since is None:
        return None
    if time.time() - since > MAX_SECONDS:
        sign_out(request)
        return None
    request.session.set_expiry(IDLE_SECONDS)
    return int(pid)


def woman_required(view):
    """The view gets `person_id` of the signed-in woman; others go to sign in."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        pid = current_person_id(request)
        if pid is None:
            return redirect("portal:sign_in")
        return view(request, *args, person_id=pid, **kwargs)

    return wrapped
