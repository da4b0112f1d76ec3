"""Tables as shown: disclosure control applied by who is looking and where."""

from __future__ import annotations

from dataclasses import dataclass

from tavana.accounts import roles
from tavana.core.domain import disclosure
from tavana.core.domain.disclosure import SMALL_LABEL, is_small

from .selectors import Table


def must_protect(user, *, export: bool) -> bool:
    """Partners always; everyone else (managers, administrators) in exports."""
    return export or getattr(user, "role", None) not in (roles.MANAGER, roles.ADMINISTRATOR)


@dataclass
class Shown:
    table: Table
    pub: disclosure.Published
    amounts: list | None

    @property
    def body(self) -> list[tuple[str, list, object, object]]:
        """(row label, cells, row total, amount) per row."""
        out = []
        for i, label in enumerate(self.table.rows):
            cells = [self.pub.cell(i, j) for j in range(self.pub.cols)]
            amount = self.amounts[i] if self.amounts is not None else None
            out.append((label, cells, self.pub.row_total(i), amount))
        return out

    @property
    def foot(self) -> tuple[list, object, object]:
        cols = [self.pub.col_total(j) for j in range(self.pub.cols)]
        amount = None
        if self.amounts is not None:
            amount = self.table_amount_total
        return cols, self.pub.total(), amount

    @property
    def table_amount_total(self):
        if self.pub.hidden(self.pub.rows, self.pub.cols):
            return disclosure.HIDDEN_LABEL
        return sum(self.table.amounts or [])

    @property
    def chart(self) -> dict:
        """Only what the table shows: hidden cells are left out (null)."""
        series = []
        for j, col in enumerate(self.table.cols):
            values = []
            for i in range(self.pub.rows):
                v = self.pub.cell(i, j)
                values.append(v if isinstance(v, int) else None)
            series.append({"label": col, "data": values})
        return {"labels": self.table.rows, "series": series, "title": self.table.title}


def show(table: Table, *, protect: bool) -> Shown:
    matrix = table.matrix if table.rows else []
    if protect and matrix:
        pub = disclosure.protect(matrix)
    else:
        pub = (
            disclosure.unprotected(matrix)
            if matrix
            else disclosure.Published([[0]], [["shown"]], 0, 0)
        )
    amounts = None
    if table.amounts is not None:
        amounts = [
            disclosure.HIDDEN_LABEL if pub.hidden(i, pub.cols) else a
            for i, a in enumerate(table.amounts)
        ]
    return Shown(table, pub, amounts)


def headline(value: int, *, protect: bool):
    return SMALL_LABEL if protect and is_small(value) else value
