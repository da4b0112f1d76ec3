"""One chunk of checked rows against the registry: find who each row means
(exact keys only), decide its outcome, write the new and the changed persons.
The rules are in the package's docstring (tavana/people/importing/__init__.py)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection
from django.utils import timezone

from tavana.audit.services import audit_write
from tavana.core.bulk import insert_rows
from tavana.core.domain.jalali import format_jalali

from ..domain.fields import LABELS, person_keys
from ..models import Person, Registration
from ..search.triggers import fill_search
from ..services import NO_DISTRICT
from .checking import reason
from .report import RejectedReport

if TYPE_CHECKING:
    from .importer import ImportResult

IDENTITY_NAMES = ("first_name", "last_name", "father_name")
DIRECT_FIELDS = ("mobile", "address", "postal_code", "occupation", "other_phones")
UNIDENTIFIABLE = (
    "برای شناختن فرد دست‌کم یکی از کد ملی، تاریخ تولد یا تلفن همراه لازم است "
    "(وگرنه با هر بار ورود همین فایل، فرد تازه‌ای ساخته می‌شد)"
)
AMBIGUOUS = (
    "بیش از یک نفر با این نام و تاریخ تولد یا شماره همراه در سامانه هست؛ "
    "کد ملی را وارد کنید تا معلوم شود کدام است"
)
# What is read of a person the import may match (plain tuples, not model instances).
PREFETCH = (
    "id",
    "national_code",
    "first_name",
    "last_name",
    "father_name",
    "birth_date",
    "mobile",
    "address",
    "postal_code",
    "occupation",
    "other_phones",
    "district_id",
    "neighbourhood_id",
    "as_typed",
    "first_key",
    "last_key",
    "father_key",
    "name_key",
)


@dataclass(slots=True)
class Row:
    line: int
    cells: list
    values: dict
    as_typed: dict
    keys: dict
    k1: tuple | None = None
    k2: tuple | None = None


class State:
    """What the import remembers across chunks: who an earlier row already reached."""

    def __init__(self, *, actor, file: str, districts: dict[int, int], search: tuple = ()):
        self.actor = actor
        self.file = file
        self.touched: dict[int, int] = {}  # person id → first line that reached her
        self.districts = districts  # number → id
        # a user bound to districts: their numbers (rows reach only persons there)
        self.scope: set[int] = set()
        self.search = search  # search triggers to stand in for (`fill_search`)
        self.now = timezone.now()
        self.review = timezone.localdate() + dt.timedelta(days=365)
        # chunked imports: each changed person's values before the change, so a
        # failed import can be undone (person id → {field: value}), and the values
        # the import wrote, so the undo can tell a colleague's later edit apart
        self.before: dict[int, dict] | None = None
        self.after: dict[int, dict] = {}


def row_keys(values: dict) -> dict:
    if any(n in values for n in IDENTITY_NAMES):
        return person_keys(values)
    return {"first_key": "", "last_key": "", "father_key": ""}


def _k1(values: dict, keys: dict):
    bd = values.get("birth_date")
    if bd and keys["first_key"] and keys["last_key"]:
        return (keys["first_key"], keys["last_key"], keys["father_key"], bd)
    return None


def _k2(values: dict, keys: dict):
    if values.get("mobile") and keys["first_key"] and keys["last_key"]:
        return (values["mobile"], keys["first_key"], keys["last_key"])
    return None


# ------------------------------------------------------------------ finding


class Known:
    """The persons a chunk's rows can mean, by national code and by the two name
    keys; rows that create a person are added, so later rows find her too."""

    def __init__(self):
        self.by_code: dict[str, dict] = {}
        self.by_k1: dict[tuple, list[dict]] = {}
        self.by_k2: dict[tuple, list[dict]] = {}

    def add(self, p: dict, code, k1, k2) -> None:
        if code:
            self.by_code[code] = p
        if k1:
            self.by_k1.setdefault(k1, []).append(p)
        if k2:
            self.by_k2.setdefault(k2, []).append(p)

    def candidates(self, r: Row) -> list[dict]:
        code = r.values.get("national_code")
        if code:
            match = self.by_code.get(code)
            return [match] if match else []
        found = self.by_k1.get(r.k1, []) if r.k1 else []
        if not found and r.k2:
            found = self.by_k2.get(r.k2, [])
        return found


def _known(rows: list[Row]) -> Known:
    """The keys of every row, then one query per kind of key."""
    codes, k1s, k2s = set(), set(), set()
    for r in rows:
        if r.values.get("national_code"):
            codes.add(r.values["national_code"])
        else:
            r.k1 = _k1(r.values, r.keys)
            r.k2 = _k2(r.values, r.keys)
            if r.k1:
                k1s.add(r.k1)
            if r.k2:
                k2s.add(r.k2)
    known = Known()
    seen: dict[int, dict] = {}  # one record per person, whichever key found her

    def records(where: str, *lists):
        for values in fetch_persons(where, lists):
            yield seen.setdefault(values["id"], values)

    if codes:
        for p in records("national_code {}", codes):
            known.by_code[p["national_code"]] = p
    if k1s:
        where = "last_key {} AND first_key {} AND birth_date {}"
        lists = ({k[1] for k in k1s}, {k[0] for k in k1s}, {k[3] for k in k1s})
        for p in records(where, *lists):
            k = (p["first_key"], p["last_key"], p["father_key"], p["birth_date"])
            if k in k1s:
                known.by_k1.setdefault(k, []).append(p)
    if k2s:
        where = "mobile {} AND first_key {}"
        for p in records(where, {k[0] for k in k2s}, {k[1] for k in k2s}):
            k = (p["mobile"], p["first_key"], p["last_key"])
            if k in k2s:
                known.by_k2.setdefault(k, []).append(p)
    return known


def fetch_persons(where: str, lists: tuple) -> list[dict]:
    """The PREFETCH columns of the persons not merged away for which `where` holds,
    each "{}" in it standing for "is one of" the next of `lists` (one parameter per
    list: `= ANY(array)` on PostgreSQL; on SQLite a list of placeholders, which
    lets its planner see how many values there are and pick the key's index) —
    what `.filter(x__in=...).values(*PREFETCH)` returned, without the ORM's
    per-value work on a few thousand values per query."""
    pg = connection.vendor == "postgresql"
    params: list = []
    members = []
    for values in lists:
        if pg:
            params.append(list(values))
            members.append("= ANY(%s)")
        else:
            params.extend(_plain(v) for v in values)
            members.append(f"IN ({', '.join(['%s'] * len(values))})")
    columns = ", ".join(connection.ops.quote_name(c) for c in PREFETCH)
    sql = (
        f"SELECT {columns} FROM {connection.ops.quote_name(Person._meta.db_table)} "
        f"WHERE merged_into_id IS NULL AND {where.format(*members)}"
    )
    with connection.cursor() as c:
        c.execute(sql, params)
        rows = c.fetchall()
    out = []
    for row in rows:
        rec = dict(zip(PREFETCH, row, strict=True))
        bd = rec["birth_date"]
        if isinstance(bd, str):
            rec["birth_date"] = dt.date.fromisoformat(bd)
        elif isinstance(bd, dt.datetime):  # pragma: no cover - not a DateField's value
            rec["birth_date"] = bd.date()
        typed = rec["as_typed"]
        if isinstance(typed, str | bytes):
            rec["as_typed"] = json.loads(typed)
        elif typed is None:
            rec["as_typed"] = {}
        out.append(rec)
    return out


# ------------------------------------------------------------------ deciding


class Batch:
    """What one chunk writes: new persons (with the line that created each) and
    changed persons (with their changes)."""

    def __init__(self):
        self.new: list[dict] = []
        self.new_lines: dict[int, int] = {}  # id(person) → line, for persons not yet saved
        self.dirty: dict[int, tuple[dict, dict]] = {}


def process_chunk(
    rows: list[Row], state: State, result: ImportResult, report: RejectedReport
) -> None:
    """Decide every row of the chunk, then write what it creates and changes."""
    known = _known(rows)
    batch = Batch()
    for r in rows:
        outcome = _decide(r, known, batch, state, report)
        setattr(result, outcome, getattr(result, outcome) + 1)
    if batch.new:
        result.created_ids.extend(_write_new(batch, state))
    if batch.dirty:
        _write_changes(batch.dirty, state)


def _decide(r: Row, known: Known, batch: Batch, state: State, report: RejectedReport) -> str:
    """The outcome of one row (created, updated, unchanged or rejected)."""
    candidates = known.candidates(r)
    if len(candidates) > 1:
        report.add(r.line, r.cells, AMBIGUOUS)
        return "rejected"
    if not candidates:
        return _decide_new(r, known, batch, state, report)
    p = candidates[0]
    refused = _out_of_scope(p, r, state)
    if refused:
        report.add(r.line, r.cells, refused)
        return "rejected"
    earlier = state.touched.get(p["id"]) if p["id"] else batch.new_lines.get(id(p))
    changes, conflicts = _compare(p, r, state)
    if earlier is not None:
        if not (changes or conflicts):
            return "unchanged"
        labels = "، ".join(LABELS.get(f, f) for f in [*conflicts, *changes])
        report.add(
            r.line,
            r.cells,
            f"همین فرد در سطر {earlier} همین فایل آمده است و این سطر {labels} را متفاوت دارد",
        )
        return "rejected"
    state.touched[p["id"]] = r.line
    if conflicts:
        parts = [
            f"{LABELS[f]}: در فایل «{_shown(new)}» و در سامانه «{_shown(old)}» است"
            for f, (old, new) in conflicts.items()
        ]
        report.add(
            r.line,
            r.cells,
            "؛ ".join(parts)
            + "؛ مشخصات هویتی با فایل عوض نمی‌شود، برای اصلاح درخواست اصلاح ثبت کنید",
        )
        return "rejected"
    if not changes:
        return "unchanged"
    _apply(p, r, changes, state)
    batch.dirty[p["id"]] = (p, changes)
    return "updated"


def _decide_new(r: Row, known: Known, batch: Batch, state: State, report) -> str:
    """A row that matches nobody creates a person, if it names and identifies her."""
    v = r.values
    faults = new_row_faults(v, scoped=bool(state.scope))
    refused = _out_of_scope(None, r, state)
    if faults or refused:  # every fault at once, so the file is fixed once
        report.add(r.line, r.cells, "؛ ".join([*faults, *([refused] if refused else [])]))
        return "rejected"
    code = v.get("national_code")
    p = _new_person(r, state)
    batch.new.append(p)
    batch.new_lines[id(p)] = r.line
    known.add(p, code, _k1(v, r.keys), _k2(v, r.keys))
    return "created"


def new_row_faults(values: dict, *, scoped: bool) -> list[str]:
    """Why a row that matches nobody cannot create a person, every reason at once:
    a name missing, nothing to find her again by, no district (for an importer
    bound to districts, who could not see her)."""
    missing = {n: f"{LABELS[n]} را وارد کنید." for n in ("first_name", "last_name")}
    faults = [reason({n: m}) for n, m in missing.items() if n not in values]
    if not (values.get("national_code") or values.get("birth_date") or values.get("mobile")):
        faults.append(UNIDENTIFIABLE)
    if scoped and not values.get("district"):
        faults.append(f"{LABELS['district']}: {NO_DISTRICT.rstrip('.')}")
    return faults


OUT_OF_SCOPE_PERSON = (
    "این سطر به پرونده‌ای خارج از محدودهٔ کاری شما می‌رسد؛ با کارشناس آن منطقه هماهنگ کنید"
)
OUT_OF_SCOPE_DISTRICT = "منطقه: این منطقه در محدودهٔ کاری شما نیست"


def _out_of_scope(p: dict | None, r: Row, state: State) -> str:
    """Why a district-bound importer may not write this row ('' when she may):
    the person it reaches, or the district it names, is outside her districts."""
    if not state.scope:
        return ""
    if p is not None and p["id"]:
        ids = {state.districts.get(n) for n in state.scope}
        if p["district_id"] not in ids:
            return OUT_OF_SCOPE_PERSON
    district = r.values.get("district")
    if district and district not in state.scope:
        return OUT_OF_SCOPE_DISTRICT
    return ""


def _shown(value) -> str:
    if isinstance(value, dt.date):
        return format_jalali(value)
    return str(value)


def _plain(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def _compare(p: dict, r: Row, state: State) -> tuple[dict, dict]:
    """(changes {field: (old, new)} to apply, identity conflicts {field: (old, new)})."""
    changes: dict = {}
    conflicts: dict = {}
    v = r.values
    for name in IDENTITY_NAMES:
        if name not in v:
            continue
        key_name = name.replace("_name", "_key")
        stored_key = p[key_name]
        if not stored_key:
            changes[name] = (p[name], v[name])
        elif stored_key != r.keys[key_name]:
            conflicts[name] = (p[name], v[name])
    if "birth_date" in v and v["birth_date"] != p["birth_date"]:
        if p["birth_date"] is None:
            changes["birth_date"] = (None, v["birth_date"])
        else:
            conflicts["birth_date"] = (p["birth_date"], v["birth_date"])
    for name in DIRECT_FIELDS:
        if name in v and v[name] not in ("", None) and v[name] != p[name]:
            changes[name] = (p[name], v[name])
    if v.get("district"):
        current = p["district_id"]
        wanted = state.districts.get(v["district"])
        if wanted != current:
            number = next((n for n, i in state.districts.items() if i == current), None)
            changes["district"] = (number, v["district"])
    return changes, conflicts


def _apply(p: dict, r: Row, changes: dict, state: State) -> None:
    for name, (_old, new) in changes.items():
        if name == "district":
            p["district_id"] = state.districts[new]
            p["neighbourhood_id"] = None
        else:
            p[name] = new
            if name in IDENTITY_NAMES and name in r.as_typed:
                p["as_typed"] = {**p["as_typed"], name: r.as_typed[name]}
    if any(n in changes for n in IDENTITY_NAMES):
        p.update(person_keys({n: p[n] for n in IDENTITY_NAMES}))
    p["updated_at"] = state.now


def _new_person(r: Row, state: State) -> dict:
    """A new person as a dict of columns (by attname), written by `insert_rows`."""
    v = r.values
    district = v.get("district")
    return {
        "id": None,  # until written
        "national_code": v.get("national_code") or None,
        "first_name": v.get("first_name", ""),
        "last_name": v.get("last_name", ""),
        "father_name": v.get("father_name", ""),
        "birth_date": v.get("birth_date"),
        "mobile": v.get("mobile") or "",
        "address": v.get("address", ""),
        "postal_code": v.get("postal_code") or "",
        "occupation": v.get("occupation", ""),
        "other_phones": v.get("other_phones", ""),
        "district_id": state.districts.get(district) if district else None,
        "neighbourhood_id": None,
        "as_typed": r.as_typed,
        **r.keys,
    }


# ------------------------------------------------------------------- writing


def _write_new(batch: Batch, state: State) -> list[int]:
    """The chunk's new persons and their registrations, one audit entry for all."""
    actor = state.actor
    actor_id = actor.pk if actor else None
    ids = insert_rows(Person, [{**p, "created_by_id": actor_id} for p in batch.new], now=state.now)
    for p, pk in zip(batch.new, ids, strict=True):
        p["id"] = pk
        state.touched[pk] = batch.new_lines[id(p)]
    fill_search(state.search, ids)
    insert_rows(
        Registration,
        [
            {
                "person_id": pk,
                "channel": Registration.IMPORT,
                "registered_by_id": actor_id,
                "basis_review_date": state.review,
                "basis_self_declared": True,
            }
            for pk in ids
        ],
        now=state.now,
    )
    audit_write(
        actor=actor,
        action="person.import_create",
        object_type="people.person",
        after={"file": state.file, "ids": ids, "registration_channel": "import"},
    )
    return ids


def _write_changes(dirty: dict[int, tuple[dict, dict]], state: State) -> None:
    """The chunk's changed persons in one bulk update, one audit entry with every
    change."""
    fields = set()
    changes_log = {}
    for pk, (_p, changes) in dirty.items():
        fields.update(changes)
        changes_log[str(pk)] = {f: [_plain(o), _plain(n)] for f, (o, n) in changes.items()}
    model_fields = {"district_id" if f == "district" else f for f in fields}
    if "district" in fields:
        model_fields.add("neighbourhood_id")
    if fields & set(IDENTITY_NAMES):
        model_fields |= {"name_key", "first_key", "last_key", "father_key", "as_typed"}
    model_fields.add("updated_at")
    names = sorted(model_fields)
    if state.before is not None:
        for row in Person.objects.filter(pk__in=list(dirty)).values("id", *names):
            state.before.setdefault(row.pop("id"), row)
        for pk, (p, _changes) in dirty.items():
            state.after[pk] = {f: p[f] for f in names}
    Person.objects.bulk_update(
        [Person(pk=p["id"], **{f: p[f] for f in names}) for p, _ in dirty.values()],
        names,
        batch_size=500,
    )
    audit_write(
        actor=state.actor,
        action="person.import_update",
        object_type="people.person",
        before={"ids": list(dirty)},
        after={"file": state.file, "ids": list(dirty), "changes": changes_log},
    )
