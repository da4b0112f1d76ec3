"""A school's Excel (or csv) list of term results into children's records
(`tavana import school-results FILE`, the registrars' upload page), with the
import contract's guarantees (shared/contracts/import.md):

- every data row ends in exactly one of created, updated, unchanged, rejected;
  a rejected row goes to the report with every original cell, its line and a
  Persian reason naming each failing field;
- the whole file is one transaction: a file that cannot be read changes nothing,
  `dry_run` rolls back, and a row that fails half-way (savepoint) leaves nothing;
- importing the same file again creates nothing (each row is the result of one
  child, year and term: the same values are *unchanged*);
- two rows of one file for the same child and term with different values: the
  later one is rejected, whatever order they come in, the first one stands.

A row finds its child by national code, or else by first and last name and
birth date (exactly one child of the registry, within the uploader's scope;
"not found" and "not in your districts" read the same, so the file cannot be
used to learn who is registered). The year's school and grade are taken from
the row when the child has none recorded for that year; a row naming another
school than the one recorded is rejected (a transfer is recorded by staff).
The early warning runs once per child after the rows are written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from tavana.audit.services import audit_write
from tavana.core.domain.jalali import InvalidDate, parse_jalali
from tavana.core.domain.persian_text import dedup_key, search_key, to_ascii_digits
from tavana.core.errors import ServiceError
from tavana.people.importing.report import RejectedReport
from tavana.people.importing.tabular import UnreadableFile, open_table
from tavana.people.models import Person
from tavana.people.selectors import child_ids

from ..domain import academic
from ..models import School, SchoolYear, TermResult
from ..services import flags_refresh, school_year_record, term_result_check, term_result_record

IGNORED = "__ignored__"
HEADERS: dict[str, tuple[str, ...]] = {
    "national_code": ("کد ملی", "کدملی", "کد ملی دانش آموز", "شماره ملی", "national_code"),
    "first_name": ("نام", "نام دانش آموز", "first_name"),
    "last_name": ("نام خانوادگی", "فامیلی", "last_name"),
    "birth_date": ("تاریخ تولد", "birth_date"),
    "year": ("سال تحصیلی", "سال", "year"),
    "term": ("نوبت", "نوبت امتحانی", "term"),
    "grade": ("پایه", "پایه تحصیلی", "grade"),
    "school_code": ("کد مدرسه", "school_code"),
    "school": ("مدرسه", "نام مدرسه", "school"),
    "average": ("معدل", "معدل کل", "average"),
    "descriptive": ("ارزشیابی توصیفی", "توصیفی", "descriptive"),
    "absences": ("غیبت", "روزهای غیبت", "تعداد غیبت", "غیبت روز", "absences"),
    "math": ("ریاضی", "math"),
    "science": ("علوم", "علوم تجربی", "science"),
    "persian": ("فارسی", "ادبیات فارسی", "persian"),
    "english": ("زبان انگلیسی", "انگلیسی", "زبان", "english"),
    "arabic": ("عربی", "arabic"),
    IGNORED: ("ردیف", "شماره ردیف", "row", "id"),
}
_KEYS = {dedup_key(a): f for f, names in HEADERS.items() for a in names}
LABELS = {
    "national_code": "کد ملی",
    "first_name": "نام",
    "last_name": "نام خانوادگی",
    "birth_date": "تاریخ تولد",
    "year": "سال تحصیلی",
    "term": "نوبت",
    "grade": "پایه",
    "school": "مدرسه",
    "average": "معدل",
    "descriptive": "ارزشیابی توصیفی",
    "absences": "غیبت",
    **{f"mark_{c}": n for c, n in academic.CORE_SUBJECTS.items()},
    "child": "دانش‌آموز",
}
_ORDINALS = {dedup_key(name): g for g, name in academic.GRADES.items()}
_TERM_WORDS = {"1": 1, "2": 2, dedup_key("اول"): 1, dedup_key("دوم"): 2}


@dataclass
class ResultsImport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    unknown_columns: list[str] = field(default_factory=list)
    flags_raised: int = 0
    dry_run: bool = False

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
            "unknown_columns": self.unknown_columns,
            "flags_raised": self.flags_raised,
            "dry_run": self.dry_run,
        }


def _rejected(errors: dict[str, str]) -> ServiceError:
    """A row refused, with a message per column (the one service error)."""
    return ServiceError(errors, code="row_rejected")


def reason(errors: dict[str, str]) -> str:
    return "؛ ".join(
        f"{LABELS.get(k, '')}: {v}" if k in LABELS and not v.startswith(LABELS[k]) else v
        for k, v in errors.items()
    )


def map_headers(headers: list[str]) -> tuple[list[str | None], list[str]]:
    mapping: list[str | None] = []
    unknown: list[str] = []
    seen: set[str] = set()
    for h in headers:
        f = _KEYS.get(dedup_key(h)) if h else None
        if f is None:
            mapping.append(None)
            if h:
                unknown.append(h)
            continue
        if f != IGNORED and f in seen:
            raise UnreadableFile(f"ستون «{h}» دو بار آمده است.")
        seen.add(f)
        mapping.append(f)
    need = {"year", "term"}
    if not need <= seen or not ({"national_code"} <= seen or {"first_name", "last_name"} <= seen):
        raise UnreadableFile(
            "سطر عنوان ستون‌ها شناخته نشد؛ ستون‌های «سال تحصیلی»، «نوبت» و «کد ملی» "
            "(یا «نام» و «نام خانوادگی» و «تاریخ تولد») لازم است."
        )
    return mapping, unknown


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return to_ascii_digits(str(v)).strip()


def parse_year(v) -> int:
    numbers = [int(n) for n in re.findall(r"\d{4}", _text(v))]
    if not numbers or len(numbers) > 2 or (len(numbers) == 2 and numbers[1] != numbers[0] + 1):
        raise ValueError("سال تحصیلی را مانند ۱۴۰۳ یا ۱۴۰۳–۱۴۰۴ بنویسید")
    return numbers[0]


def parse_term(v) -> int:
    key = dedup_key(_text(v).replace("نوبت", ""))
    if key not in _TERM_WORDS:
        raise ValueError("نوبت باید «اول» یا «دوم» (۱ یا ۲) باشد")
    return _TERM_WORDS[key]


def parse_grade(v) -> int:
    text = _text(v).replace("پایه", "").replace("ٔ", "").strip()
    if text.isdigit() and int(text) in academic.GRADES:
        return int(text)
    key = dedup_key(text)
    if key in _ORDINALS:
        return _ORDINALS[key]
    raise ValueError("پایه باید از اول تا دوازدهم (۱ تا ۱۲) باشد")


class _Context:
    """What one import remembers between rows: children and schools looked up,
    the rows already taken (child, year, term) → (line, values)."""

    def __init__(self, *, actor, scope_ids):
        self.actor = actor
        self.scope_ids = scope_ids  # None: the whole registry (the command line)
        self.taken: dict[tuple[int, int, int], tuple[int, tuple]] = {}
        self.children: set[int] = set()
        self.line = 0

    def child(self, cells: dict) -> Person:
        kids = Person.objects.filter(merged_into__isnull=True, pk__in=child_ids())
        if self.scope_ids is not None:
            kids = kids.filter(pk__in=self.scope_ids)
        code = _text(cells.get("national_code"))
        if code:
            found = list(kids.filter(national_code=code.zfill(10))[:2])
        else:
            first, last = cells.get("first_name"), cells.get("last_name")
            born = _text(cells.get("birth_date"))
            if not (first and last and born):
                raise _rejected({"child": "کد ملی، یا نام و نام خانوادگی و تاریخ تولد، لازم است"})
            try:
                birth = parse_jalali(born)
            except InvalidDate as e:
                raise _rejected({"birth_date": e.message}) from None
            key = search_key(f"{first} {last}")
            found = list(kids.filter(name_key=key, birth_date=birth)[:2])
        if len(found) != 1:
            raise _rejected(
                {"child": "در فرزندان ثبت‌شده در محدودهٔ شما پیدا نشد"}
                if not found
                else {"child": "بیش از یک فرزند با این مشخصات هست؛ کد ملی را بنویسید"}
            )
        return found[0]

    def school(self, cells: dict, child: Person) -> School | None:
        code = _text(cells.get("school_code"))
        if code:
            s = School.objects.filter(code=code).first()
            if s is None:
                raise _rejected({"school": f"مدرسه‌ای با کد {code} ثبت نشده است"})
            return s
        name = cells.get("school")
        if not name:
            return None
        matches = list(School.objects.filter(name_key=search_key(str(name)))[:5])
        if len(matches) > 1 and child.district_id:
            matches = [s for s in matches if s.district_id == child.district_id] or matches
        if len(matches) != 1:
            raise _rejected(
                {
                    "school": f"مدرسهٔ «{name}» "
                    + ("ثبت نشده است" if not matches else "چند تاست؛ کد مدرسه را بنویسید")
                }
            )
        return matches[0]


def _parse(cells: dict) -> tuple[int, int, int | None, dict[str, str]]:
    errors: dict[str, str] = {}
    year = term = grade = None
    for key, parse in (("year", parse_year), ("term", parse_term), ("grade", parse_grade)):
        raw = cells.get(key)
        if raw in (None, ""):
            if key != "grade":
                errors[key] = "خالی است"
            continue
        try:
            value = parse(raw)
        except ValueError as e:
            errors[key] = str(e)
            continue
        if key == "year":
            year = value
        elif key == "term":
            term = value
        else:
            grade = value
    return year or 0, term or 0, grade, errors


def _row(ctx: _Context, cells: dict) -> str:
    """One row into the records, or a ServiceError naming its faults. Returns the outcome."""
    year, term, grade, errors = _parse(cells)
    child = None
    try:
        child = ctx.child(cells)
    except ServiceError as e:
        errors.update(e.errors)
    if errors or child is None:
        raise _rejected(errors)
    existing = (
        SchoolYear.objects.filter(child=child, year=year).order_by("-started_on", "-pk").first()
    )
    school = ctx.school(cells, child)
    if existing is None and (school is None or grade is None):
        raise _rejected(
            {
                "school": "مدرسه و پایهٔ این سال برای فرزند ثبت نشده است؛ ستون‌های «پایه» و «کد مدرسه» را پر کنید"
            }
        )
    if existing is not None and school is not None and school.pk != existing.school_id:
        raise _rejected(
            {"school": "با مدرسهٔ ثبت‌شده برای این سال نمی‌خواند؛ انتقال را کارشناس ثبت کند"}
        )
    if existing is not None and grade is not None and grade != existing.grade:
        raise _rejected({"grade": "با پایهٔ ثبت‌شده برای این سال نمی‌خواند"})
    marks = {c: cells.get(c) for c in academic.CORE_SUBJECTS}
    values, errors = term_result_check(
        grade=existing.grade if existing else grade,
        average=cells.get("average"),
        descriptive=cells.get("descriptive"),
        marks=marks,
        absences=cells.get("absences"),
    )
    if errors:
        raise _rejected(errors)
    signature = (
        values["average"],
        values["descriptive"],
        tuple(sorted(values["marks"].items())),
        values["absences"],
    )
    key = (child.pk, year, term)
    if key in ctx.taken:
        line, before = ctx.taken[key]
        if before == signature:
            return "unchanged"
        raise _rejected({"child": f"همین دانش‌آموز و نوبت در سطر {line} با مقدارهای دیگر آمده است"})
    with transaction.atomic():
        if existing is None and school is not None:
            school_year_record(actor=ctx.actor, child=child, year=year, grade=grade, school=school)
        _, outcome = term_result_record(
            actor=ctx.actor, child=child, year=year, term=term, average=cells.get("average"),
            descriptive=cells.get("descriptive"), marks=marks, absences=cells.get("absences"),
            source=TermResult.IMPORT, refresh_flags=False,
        )  # fmt: skip
    ctx.taken[key] = (ctx.line, signature)
    ctx.children.add(child.pk)
    return outcome


def import_results(
    path: Path | str,
    *,
    actor: Callable | object,
    dry_run: bool = False,
    report: Path | str | None = None,
    name: str | None = None,
    whole_registry: bool = False,
) -> ResultsImport:
    """Import a school's list; raises UnreadableFile (nothing changed) when the
    file cannot be read at all. `actor` may be a callable giving the user (the
    command line makes its import user only once the file is readable)."""
    table = open_table(path, name=name)
    mapping, unknown = map_headers(table.headers)
    user = actor() if callable(actor) else actor
    result = ResultsImport(unknown_columns=unknown, dry_run=dry_run)
    out = RejectedReport(Path(report) if report else None, table.headers)
    scope_ids = None
    if not whole_registry:
        from ..selectors import child_scope

        scope_ids = set(child_scope(actor=user).values_list("pk", flat=True))
    ctx = _Context(actor=user, scope_ids=scope_ids)
    try:
        with transaction.atomic():
            for line, raw in table.rows:
                if all(c in (None, "") or (isinstance(c, str) and not c.strip()) for c in raw):
                    continue
                cells = {
                    f: raw[i] for i, f in enumerate(mapping) if f and f != IGNORED and i < len(raw)
                }
                ctx.line = line
                try:
                    with transaction.atomic():
                        outcome = _row(ctx, cells)
                except ServiceError as e:  # the row's own faults, or a service's refusal
                    result.rejected += 1
                    out.add(line, raw, reason(e.errors))
                    continue
                setattr(result, outcome, getattr(result, outcome) + 1)
            for child in Person.objects.filter(pk__in=ctx.children):
                result.flags_raised += flags_refresh(actor=user, child=child)["raised"]
            audit_write(
                actor=user,
                action="youth.import",
                object_type="youth.import",
                object_id=Path(name or str(path)).name[:64],
                after={**result.as_dict(), "file": Path(name or str(path)).name},
            )
            if dry_run:
                transaction.set_rollback(True)
    except BaseException:
        out.discard()
        raise
    out.finish()
    return result
