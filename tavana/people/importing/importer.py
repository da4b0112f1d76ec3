"""`import_people`: a file of persons into the registry (the rules are in the
package's docstring, tavana/people/importing/__init__.py)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction

from tavana.core.bulk import sqlite_page_cache
from tavana.core.models import District

from ..duplicates.services import flag_duplicates
from ..models import ImportLedger
from ..search.triggers import search_triggers_deferred
from ..services import actor_district_numbers
from .checking import RowChecker, present, reason
from .headers import IGNORED, map_headers
from .readahead import read_ahead
from .report import RejectedReport
from .rows import Row, State, new_row_faults, process_chunk, row_keys
from .tabular import Table, open_table
from .undo import import_undo

CHUNK = 2000
OUTCOMES = ("created", "updated", "unchanged", "rejected")


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    duplicates_flagged: int = 0
    duplicates_pending: bool = False
    unknown_columns: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # header → field
    created_ids: list[int] = field(default_factory=list)
    dry_run: bool = False
    file: str = ""
    seconds: float = 0.0
    encoding: str = ""

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged + self.rejected

    def summary_line(self) -> str:
        return (
            f"created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}, rejected {self.rejected}"
        )

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "rows": self.rows,
            "duplicates_flagged": self.duplicates_flagged,
            "duplicates_pending": self.duplicates_pending,
            "unknown_columns": self.unknown_columns,
            "dry_run": self.dry_run,
            "file": self.file,
            "seconds": round(self.seconds, 2),
        }


class _Rollback(Exception):
    pass


def import_people(
    path: Path | str,
    *,
    actor,
    name: str | None = None,
    dry_run: bool = False,
    report: Path | str | None = None,
    progress: Callable[[int, int], None] | None = None,
    duplicates: str = "inline",
    before_commit: Callable[[ImportResult], None] | None = None,
    chunked: bool | None = None,
    run: str | None = None,
) -> ImportResult:
    """Import persons from `path` (xlsx or csv, chosen by the extension of `name`).

    Raises `UnreadableFile` (nothing changed, no report written) when the file
    cannot be read. `duplicates`: "inline" flags likely duplicates after the
    import, "task" enqueues `flag_import_duplicates` on commit, "off" skips it.
    `before_commit(result)` runs inside the import's transaction, after the last
    row (not on a dry run): the background task confirms its lease there and
    records that this import committed, atomically with the rows.

    `chunked` (default: on SQLite, except dry runs) commits chunk by chunk
    (`_import_chunked`) so the import never holds SQLite's one write lock for
    more than a chunk; `run` names the import's ledger (the job id).
    """
    started = time.perf_counter()
    path = Path(path)
    name = name or path.name
    table = open_table(path, name=name)
    mapping, unknown = map_headers(table.headers)
    if callable(actor):  # resolved only once the file is known to be readable
        actor = actor()
    result = ImportResult(dry_run=dry_run, file=name, unknown_columns=unknown)
    result.encoding = table.encoding
    result.columns = {h: f for h, f in zip(table.headers, mapping, strict=True) if f}
    rep = RejectedReport(Path(report) if report else None, table.headers)
    if chunked is None:
        chunked = connection.vendor == "sqlite" and not dry_run
    if chunked and not dry_run:
        _import_chunked(
            path, name, table, mapping, actor=actor, result=result, report=rep,
            progress=progress, run=run or uuid.uuid4().hex, before_commit=before_commit,
            duplicates=duplicates,
        )  # fmt: skip
        if duplicates == "inline" and result.created_ids:
            result.duplicates_flagged = flag_duplicates(result.created_ids)
        result.seconds = time.perf_counter() - started
        return result
    try:
        with transaction.atomic(), sqlite_page_cache(), search_triggers_deferred() as search:
            _run(
                table,
                mapping,
                actor=actor,
                result=result,
                report=rep,
                progress=progress,
                search=search,
            )
            if dry_run:
                raise _Rollback
            if before_commit is not None:
                before_commit(result)
            if duplicates == "task" and result.created_ids:
                from .tasks import flag_import_duplicates

                ids = list(result.created_ids)
                result.duplicates_pending = True
                transaction.on_commit(lambda: flag_import_duplicates.enqueue(ids))
    except _Rollback:
        pass
    except BaseException:
        rep.discard()
        raise
    rep.finish()
    if not dry_run and duplicates == "inline" and result.created_ids:
        result.duplicates_flagged = flag_duplicates(result.created_ids)
    result.seconds = time.perf_counter() - started
    return result


def _run(
    table: Table,
    mapping,
    *,
    actor,
    result: ImportResult,
    report: RejectedReport,
    progress,
    search=(),
    run: str | None = None,
):
    """The rows into the registry; with `run`, each chunk in its own committed
    transaction with its ledger entry (else inside the caller's transaction)."""
    districts = dict(District.objects.values_list("number", "id"))
    checker = RowChecker(set(districts))
    columns = [(i, f) for i, f in enumerate(mapping) if f and f != IGNORED]
    state = State(
        actor=actor if getattr(actor, "pk", None) else None,
        file=result.file,
        districts=districts,
        search=search,
    )
    state.scope = actor_district_numbers(actor)
    total = table.estimated_rows
    done = 0
    items = _validated(table, columns, checker)
    if connection.vendor == "postgresql":
        items = read_ahead(items)
    for n, (rejected, chunk, full) in enumerate(items):
        for line, cells, why in rejected:
            report.add(line, cells, why)
        result.rejected += len(rejected)
        done += len(rejected)
        if chunk and run is None:
            done += len(chunk)
            process_chunk(chunk, state, result, report)
        elif chunk:
            done += len(chunk)
            _commit_chunk(run, n, chunk, state, result, report)
        if full and progress:
            progress(done, max(total, done))
    if progress:
        progress(done, done)


def _validated(table: Table, columns, checker: RowChecker):
    """The file's data rows, checked, in file order: for each chunk of CHUNK valid
    rows, (the rows that failed validation while it filled, as (line, cells,
    reason)), the chunk, whether it is full). Pure Python, no database."""
    chunk: list[Row] = []
    rejected: list[tuple] = []
    for line, cells in table.rows:
        raw = {}
        width = len(cells)
        for i, f in columns:
            if i < width:
                value = cells[i]
                if value is not None and (value.__class__ is not str or value.strip()):
                    raw[f] = value
        if not raw and not any(present(c) for c in cells):
            continue
        values, errors, as_typed = checker.row(raw)
        if errors:
            why = reason(errors)
            if "national_code" not in raw:  # no code: it can only match or create by name
                rest = new_row_faults({**values, **dict.fromkeys(errors, True)}, scoped=False)
                why = "؛ ".join([why, *rest])
            rejected.append((line, cells, why))
            if len(rejected) >= CHUNK:  # a file of mostly bad rows: memory stays flat
                yield rejected, [], False
                rejected = []
            continue
        chunk.append(Row(line, cells, values, as_typed, row_keys(values)))
        if len(chunk) >= CHUNK:
            yield rejected, chunk, True
            chunk, rejected = [], []
    yield rejected, chunk, False


def _commit_chunk(run: str, n: int, chunk, state: State, result: ImportResult, report) -> None:
    """One chunk, committed with what undoes it: a short hold of the write lock."""
    with transaction.atomic(), search_triggers_deferred() as search:
        state.search = search
        state.before, state.after = {}, {}
        first = len(result.created_ids)
        process_chunk(chunk, state, result, report)
        ImportLedger.objects.create(
            run=run,
            chunk=n,
            created_ids=result.created_ids[first:],
            before=state.before,
            after=state.after,
        )


def _import_chunked(
    path: Path,
    name: str,
    table: Table,
    mapping,
    *,
    actor,
    result: ImportResult,
    report: RejectedReport,
    progress,
    run: str,
    before_commit,
    duplicates: str,
) -> None:
    """All or nothing without one long transaction (finding 9 of the security
    review). First the whole file is read and checked, writing nothing, so a
    file unreadable half-way changes nothing. Then each chunk commits with its
    ledger entry; other connections write between chunks. The end is one short
    transaction (the switch): `before_commit` and the ledger's removal. Any
    failure before the switch — or a worker that dies (the reaper calls
    `import_undo` with the job id) — undoes the committed chunks from the
    ledger, chunk by chunk."""
    districts = dict(District.objects.values_list("number", "id"))
    columns = [(i, f) for i, f in enumerate(mapping) if f and f != IGNORED]
    for _ in _validated(table, columns, RowChecker(set(districts))):
        pass
    second = open_table(path, name=name)
    try:
        with sqlite_page_cache():
            _run(second, mapping, actor=actor, result=result, report=report,
                 progress=progress, run=run)  # fmt: skip
        with transaction.atomic():
            if before_commit is not None:
                before_commit(result)
            ImportLedger.objects.filter(run=run).delete()
            if duplicates == "task" and result.created_ids:
                from .tasks import flag_import_duplicates

                ids = list(result.created_ids)
                result.duplicates_pending = True
                transaction.on_commit(lambda: flag_import_duplicates.enqueue(ids))
    except BaseException:
        report.discard()
        import_undo(run, actor=actor)
        raise
    report.finish()
