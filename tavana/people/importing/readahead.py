"""Reading the file one step ahead of the database, in a second thread."""

from __future__ import annotations

import queue
import sys
import threading


def read_ahead(items, depth: int = 2):
    """Iterate `items` (the checked rows: reading and checking the file, pure Python)
    in a second thread, at most `depth` chunks ahead, so that the file is read and
    checked while the database works on the previous chunk. The items, their
    order and any exception are exactly those of iterating `items` directly.

    Used on PostgreSQL only, where the server maintains the person table's
    indexes in its own process (about 1 s less for 40,000 rows); on SQLite,
    whose work runs in this process, the second thread only made it slower."""
    q: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                q.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        try:
            for item in items:
                if not put((True, item)):
                    return
        except BaseException as e:  # handed to the caller's thread, raised there
            put((False, e))
            return
        put((False, None))

    worker = threading.Thread(target=work, name="import-read-ahead", daemon=True)
    # the waits for the database are short and many: with the default 5 ms
    # switch interval, taking the GIL back after each cost more than it saved
    switch = sys.getswitchinterval()
    sys.setswitchinterval(min(switch, 0.0005))
    worker.start()
    try:
        while True:
            ok, item = q.get()
            if ok:
                yield item
            elif item is None:
                return
            else:
                raise item
    finally:
        stop.set()
        worker.join()
        sys.setswitchinterval(switch)
