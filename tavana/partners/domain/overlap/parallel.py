"""Encoding a long list on every core (pure: no Django in the worker processes).

`encode_values(rows, secret, groups)` is `encode_records` over
`normalise_fields(*row)` for each row — the same words, in the same order —
but a list of at least `PARALLEL_FROM` rows is cut into chunks that worker
processes normalise and encode side by side. Records are encoded one by one,
so a chunk's words do not depend on its neighbours. Workers are started with
"spawn": the caller may be a web or task process with threads, which "fork"
would copy mid-flight.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence

import numpy as np

from tavana.people.domain.match_records import normalise_fields

from .encoding import WIDTH, Encoded, encode_records

__all__ = ["CHUNK", "PARALLEL_FROM", "encode_values", "workers"]

#: rows a worker encodes at once (bounds what travels between processes)
CHUNK = 50_000
#: shorter lists are encoded in this process (starting workers costs ~1 s)
PARALLEL_FROM = 200_000


def workers() -> int:
    """Processes to use: the cores this process may run on (`TAVANA_OVERLAP_WORKERS` caps it)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cap = os.environ.get("TAVANA_OVERLAP_WORKERS", "")
    return max(1, min(cores or 1, int(cap) if cap.isdigit() and int(cap) > 0 else 64))


def _words(args: tuple[Sequence[tuple], bytes]) -> np.ndarray:
    rows, secret = args
    return encode_records([normalise_fields(*row) for row in rows], secret).words


def encode_values(
    rows: Sequence[tuple], secret: bytes, groups: Sequence[str | None], processes: int | None = None
) -> Encoded:
    """The rows' encodings (each row: `normalise_fields`' arguments, in order)."""
    processes = workers() if processes is None else processes
    if processes < 2 or len(rows) < PARALLEL_FROM:
        return encode_records([normalise_fields(*row) for row in rows], secret, groups)
    encode_records([], secret)  # a bad secret fails here, before any worker starts
    chunks = [(rows[k : k + CHUNK], secret) for k in range(0, len(rows), CHUNK)]
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        parts = pool.map(_words, chunks, chunksize=1)
    words = np.concatenate(parts) if parts else np.zeros((0, WIDTH), dtype=np.int64)
    return Encoded(words, list(groups))
