"""A link is shown only where its reader may follow it: one helper for every page.

`url_if_allowed(user, route, *args)` answers the route's address when the user
may open it, else "": the role must hold the route's action in the permission
matrix (`matrix.ROUTES`), and a route about one record may add a record-level
gate — people registers `people:detail` (is she in the user's scope?) — with
`link_gate(route)` from its `AppConfig.ready()`. Templates use the tag:

    {% load links %}
    {% url_if_allowed "people:detail" person as href %}
    {% if href %}<a href="{{ href }}">{{ person.full_name }}</a>{% else %}{{ person.full_name }}{% endif %}

A gate receives what the template passed (an object or its id) and should
answer from what is already loaded where it can: a page of fifty rows must not
cost fifty queries.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import NoReverseMatch, reverse

from .access import user_can
from .matrix import ROUTES

LINK_GATES: dict[str, Callable[..., bool]] = {}


def link_gate(route: str):
    """Register a record-level gate for a route: `gate(user, *args) -> bool`."""

    def register(gate: Callable[..., bool]) -> Callable[..., bool]:
        LINK_GATES[route] = gate
        return gate

    return register


def url_if_allowed(user, route: str, *args) -> str:
    action = ROUTES.get(route)
    if action is None or not user_can(user, action):
        return ""
    gate = LINK_GATES.get(route)
    if gate is not None and not gate(user, *args):
        return ""
    try:
        return reverse(route, args=[getattr(a, "pk", a) for a in args])
    except NoReverseMatch:
        return ""
