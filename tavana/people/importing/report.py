"""The report of rejected rows (xlsx or csv): every original cell, the row's line
and a Persian reason. Written to a temporary file beside the target and moved
into place only when the import finishes."""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

from tavana.core.domain.cells import defuse

REASON = "دلیل رد"
LINE = "شمارهٔ سطر"


class RejectedReport:
    """The rejected rows, with every original cell and a Persian reason."""

    def __init__(self, path: Path | None, headers: list[str]):
        self.path = path
        self.headers = headers
        self.count = 0
        self._tmp = None
        self._writer = None
        if path is None:
            return
        fd, tmp = tempfile.mkstemp(suffix=path.suffix, dir=path.parent)
        os.close(fd)
        self._tmp = Path(tmp)
        head = [*headers, LINE, REASON]
        if path.suffix.lower() != ".xlsx":
            head = [defuse(h) for h in head]  # a header is a cell too
        if path.suffix.lower() == ".xlsx":
            import openpyxl

            self._wb = openpyxl.Workbook(write_only=True)
            self._ws = self._wb.create_sheet("ردشده‌ها")
            self._ws.sheet_view.rightToLeft = True
            self._ws.append(head)
        else:
            self._fh = self._tmp.open("w", encoding="utf-8-sig", newline="")
            self._writer = csv.writer(self._fh)
            self._writer.writerow(head)

    def add(self, line: int, cells: list, reason: str) -> None:
        self.count += 1
        if self.path is None:
            return
        width = len(self.headers)
        cells = list(cells[:width]) + [None] * (width - len(cells))
        if self._writer is not None:
            # csv has no cell types: text a spreadsheet would evaluate gets an apostrophe
            self._writer.writerow(
                [defuse(c) if isinstance(c, str) else ("" if c is None else c) for c in cells]
                + [line, reason]
            )
        else:
            from openpyxl.cell import WriteOnlyCell

            row = []
            for c in [*cells, line, reason]:
                cell = WriteOnlyCell(self._ws, value=c)
                if isinstance(c, str):
                    cell.data_type = "s"  # never a formula, even when it starts with =
                row.append(cell)
            self._ws.append(row)

    def finish(self) -> None:
        if self.path is None:
            return
        if self._writer is not None:
            self._fh.close()
        else:
            self._wb.save(self._tmp)
        os.replace(self._tmp, self.path)

    def discard(self) -> None:
        if self._tmp is None:
            return
        if self._writer is not None:
            self._fh.close()
        self._tmp.unlink(missing_ok=True)
