"""Export of a filtered person list to xlsx.

The same filters as the search box and the API (q, district) within the user's
scope — with `q`, exactly the rows the search box finds;
only the columns the role may see (sensitive ones only for cleared roles who ask,
and that read is audited); every cell that a spreadsheet would evaluate as a
formula is defused; the export itself is audited. Rows are streamed through
openpyxl's write-only mode into a file, so memory stays flat however long the
list is. Nothing in the file says why a woman is served: no registration basis,
channel, programme or marital status.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import IO

from django.db.models import Case, Exists, OuterRef, Value, When
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, WriteOnlyCell
from openpyxl.styles import Font

from tavana.accounts.access import access_action
from tavana.audit.services import audit_access, audit_read
from tavana.core.domain import cells
from tavana.core.domain.jalali import format_jalali

from ..models import Membership, Person
from ..search import MAX_LIMIT as SEARCH_PAGE
from ..search import person_search
from ..selectors import person_filter, sensitive_purpose_check

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A cell starting with one of these is a formula (or DDE) to Excel / LibreOffice.
FORMULA_STARTS = cells.FORMULA_STARTS

EDUCATION = dict(Person.EDUCATION_CHOICES)
_CHILD = Exists(
    Membership.objects.filter(person=OuterRef("pk"), relation=Membership.CHILD, end_date=None)
)
# a child (in a household as its child) is a girl or a boy, a grown-up a woman or a man
SEX_WORD = Case(
    *[When(_CHILD, sex=code, then=Value(word)) for code, word in Person.CHILD_SEX_CHOICES],
    *[When(sex=code, then=Value(word)) for code, word in Person.SEX_CHOICES],
    default=Value(""),
)


@dataclass(frozen=True)
class Column:
    source: str  # a values_list path
    header: str  # Persian header (the import's header where there is one)
    kind: str = "text"  # text | date | choice:<name> | number


COLUMNS = (
    Column("id", "شناسه", "number"),
    Column("national_code", "کد ملی"),
    Column("first_name", "نام"),
    Column("last_name", "نام خانوادگی"),
    Column("father_name", "نام پدر"),
    Column("sex_word", "جنس"),
    Column("birth_date", "تاریخ تولد", "date"),
    Column("mobile", "تلفن همراه"),
    Column("other_phones", "تلفن‌های دیگر"),
    Column("district__number", "منطقه", "number"),
    Column("neighbourhood__name", "محله"),
    Column("address", "نشانی"),
    Column("postal_code", "کد پستی"),
    Column("education", "تحصیلات", "choice:education"),
    Column("occupation", "شغل"),
)
SENSITIVE_COLUMNS = (
    Column("health_notes", "سلامت و معلولیت"),
    Column("monthly_income", "درآمد ماهانه (تومان)", "number"),
)


def safe_text(value: str) -> str:
    """Text a spreadsheet shows as typed, never evaluates: a leading = + - @ (or tab,
    CR, LF) gets an apostrophe in front; characters XML cannot hold are dropped."""
    return cells.defuse(ILLEGAL_CHARACTERS_RE.sub("", value))


@lru_cache(maxsize=65536)
def _jalali(d) -> str:
    return format_jalali(d, persian_digits=False)


def _cell(value, kind: str):
    if value is None or value == "":
        return None
    if kind == "date":
        return _jalali(value)
    if kind == "number":
        return value
    if kind == "choice:education":
        value = EDUCATION.get(value, value)
    return safe_text(str(value))


def _rows(actor, q: str, district: int | None, sources: list[str], chunk_size: int):
    """Value tuples of the persons to export: with `q`, exactly the search box's
    results (every page, in its order); otherwise the list by id."""
    scoped = person_filter(actor=actor, district=district).annotate(sex_word=SEX_WORD)
    if not (q or "").strip():
        yield from scoped.order_by("pk").values_list(*sources).iterator(chunk_size=chunk_size)
        return
    ids: list[int] = []
    after = None
    while True:
        page = person_search(actor=actor, query=q, after=after, limit=SEARCH_PAGE)
        ids += [p.pk for p in page.results]
        after = page.next_cursor
        if after is None:
            break
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start : start + chunk_size]
        found = {row[0]: row[1:] for row in scoped.filter(pk__in=chunk).values_list("pk", *sources)}
        yield from (found[pk] for pk in chunk if pk in found)


def export_columns(*, actor, include_sensitive: bool) -> tuple[Column, ...]:
    """The columns this user gets; asking for sensitive ones without the right is refused."""
    access_action(actor, "person.export")
    if include_sensitive:
        access_action(actor, "person.sensitive")
        return COLUMNS + SENSITIVE_COLUMNS
    return COLUMNS


def person_export(
    *,
    actor,
    out: IO[bytes],
    q: str = "",
    district: int | None = None,
    include_sensitive: bool = False,
    reason: str = "",
    chunk_size: int = 2000,
) -> int:
    """Write the filtered list as xlsx into `out`; returns the number of rows.

    Raises PermissionDenied unless the user may export (and, with
    `include_sensitive`, see sensitive fields)."""
    columns = export_columns(actor=actor, include_sensitive=include_sensitive)
    if include_sensitive:
        reason = sensitive_purpose_check(reason)
    sources = [c.source for c in columns]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("افراد")
    ws.sheet_view.rightToLeft = True
    bold = Font(bold=True)
    header = []
    for c in columns:
        cell = WriteOnlyCell(ws, value=c.header)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    kinds = [c.kind for c in columns]
    rows = 0
    for values in _rows(actor, q, district, sources, chunk_size):
        ws.append([_cell(v, k) for v, k in zip(values, kinds, strict=True)])
        rows += 1
    wb.save(out)

    filters = {"q": q or "", "district": district}
    audit_access(
        actor=actor,
        action="person.export",
        after={
            "filters": filters,
            "rows": rows,
            "columns": [c.source for c in columns],
        },
    )
    if include_sensitive:
        audit_read(
            actor=actor,
            action="person.export_sensitive",
            fields=[c.source for c in SENSITIVE_COLUMNS],
            reason=f"{reason} — خروجی اکسل: {rows} ردیف، پالایه {filters}",
        )
    return rows
