"""Producers' selling opportunities and booth history, as the producers' pages
and the person page show them.

They are the bazaars' data, and bazaars is a context above this one (it builds
on producers), so businesses never imports it: bazaars plugs its selectors in
here in its AppConfig.ready (`provide`). Without bazaars installed a producer
simply has no opportunities and no history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

_provided: dict[str, Callable[..., Any]] = {}


def provide(
    *,
    opportunities: Callable[[Iterable[int], int], dict[int, int]],
    history: Callable[[Any], list],
) -> None:
    _provided.update(opportunities=opportunities, history=history)


def opportunities(producer_ids: Iterable[int], jy: int) -> dict[int, int]:
    """Selling opportunities each producer had in Jalali year `jy`."""
    fn = _provided.get("opportunities")
    return fn(producer_ids, jy) if fn else {}


def producer_history(producer) -> list:
    """The producer's booths, newest first."""
    fn = _provided.get("history")
    return fn(producer) if fn else []
