"""One search box over the registry: a name in any spelling, a national code or
a mobile; ranked, within the user's scope, paginated by keyset (never counted).

How a query is read
-------------------
- Only digits (any script; spaces, dashes, a leading + allowed): a national
  code (10 digits → exact; 8–9 digits whose zero-padded form is a valid code →
  exact; fewer → prefix) and a mobile (any form `parse_mobile` accepts → exact;
  a partial 09…/9…/989…/00989… → prefix), both at once.
- Anything else is a name, reduced with `persian_text.search_key` /
  `dedup_key` — the functions that fill Person.name_key/first_key/last_key — so
  ي/ی, ك/ک, half-space, space or nothing, diacritics and digit scripts do not
  matter.

Ranking
-------
Results come in *buckets*, best first; each person appears once, in the
first bucket she matches (a bucket excludes the earlier ones it can overlap).
Within a bucket: its sort key if it has one (prefix buckets: the key, so the
btree index gives the order), then id. Tiers, in order:

0. exact — the whole name (first+last, spaces ignored); the name typed last
   name first (one bucket per place the words can be cut); the first name
   alone; the last name alone.
1. prefix — the whole name starts with the query («فاطمه مح»); the last
   name starts with it; last name, then the beginning of the first name.
2. substring — the space-free name contains the query (3+ letters):
   PostgreSQL: pg_trgm GIN index; SQLite: FTS5 trigram table. By id.
3. typo-tolerant — one or two letters wrong in the whole name (one per word
   of four letters or fewer). Close keys are looked up in the name
   vocabulary (the distinct first/last keys, a side table kept by triggers)
   by rapidfuzz Levenshtein distance; each close key, or (first, last) pair
   of keys for a multi-word query, is a bucket read from a btree index. One
   letter wrong before two, then by key, then id. Ties between equally close
   spellings are therefore alphabetical, not by how common a name is. Two
   letters wrong are searched only when nothing closer matched at all.

Cost
----
Every bucket reads at most a page of rows from one index. The buckets run in
stages, each stage one UNION ALL statement (one round trip) that ends in
LIMIT: the database reads the branches in order and stops once the page is
full, so later buckets of a stage are not even started. Stages: exact and
prefix; then substring; then one letter wrong (the name vocabulary is read
only now); then two letters wrong — a later stage runs only if the page is
not full. The substring stage first measures how many persons the pattern
is likely to match (SQLite: a capped count in the FTS table; PostgreSQL: the
matches among the newest rows) and reads them accordingly (collect and
sort, or walk in id order) — see _pg_substring_plan. A page is 1 statement
when exact and prefix fill it (plus person_scope's, once per request), up to
7 when it needs every stage. Nothing is counted; the cursor names the
bucket, the last sort value and the last id. Indexes and side tables:
migrations 0002_trigram_search and 0003_person_indexes.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import connections, transaction

from tavana.core.domain.persian_text import search_key
from tavana.core.models import District

from ..models import Person
from ..selectors import (
    person_scope,
    person_scope_is_whole_registry,
    scope_district_ids,
    search_text_check,
)
from .query import (
    DISTRICT,
    EXACT,
    FUZZY,
    ID,
    MAX_LIMIT,
    MIN_NAME_CHARS,
    PREFIX,
    SUBSTRING,
    Bucket,
    T,
    name_stages,
    number_buckets,
    query_digits,
    sql_for,
)

__all__ = ["EXACT", "FUZZY", "PREFIX", "SUBSTRING", "SearchPage", "person_search"]


@dataclass(slots=True)
class SearchPage:
    query: str
    kind: str  # "empty", "short", "name" or "number"
    results: list[Person] = field(default_factory=list)
    next_cursor: str | None = None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None


# ------------------------------------------------------------------- cursor


def _encode_cursor(bucket: str, sort_value, last_id: int) -> str:
    raw = json.dumps([bucket, sort_value, last_id], ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str | None) -> tuple[str, object, int] | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        bucket, sort_value, last_id = json.loads(raw)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        return None
    if not isinstance(bucket, str) or not isinstance(last_id, int):
        return None
    if sort_value is not None and not isinstance(sort_value, str):
        return None
    return bucket, sort_value, last_id


# ------------------------------------------------------------------- search


def person_search(*, actor, query: str, after: str | None = None, limit: int = 20) -> SearchPage:
    """A page of persons in the actor's scope matching `query`, best first.

    `after` is the `next_cursor` of the previous page. Results are Person
    instances with the display fields loaded (names, national code, birth
    date, mobile, district) and `search_tier` (EXACT, PREFIX, SUBSTRING or
    FUZZY).
    """
    query = search_text_check(query)
    limit = max(1, min(int(limit), MAX_LIMIT))
    digits = query_digits(query)
    words = search_key(query).split() if digits is None else []
    if digits is None and not words:
        return SearchPage(query=query, kind="empty")
    if digits is not None and len(digits) < 3:
        return SearchPage(query=query, kind="short")
    if digits is None and len("".join(words)) < MIN_NAME_CHARS:
        return SearchPage(query=query, kind="short")

    scope = person_scope(actor=actor)
    using = scope.db
    if digits is not None:
        kind = "number"
        stages: Iterator[list[Bucket]] = iter([number_buckets(digits)])
    else:
        kind = "name"
        districts = (
            None if person_scope_is_whole_registry(actor=actor) else len(scope_district_ids(actor))
        )
        stages = name_stages(words, sql_for(connections[using].vendor), using, districts)
    page = SearchPage(query=query, kind=kind)
    cursor = _decode_cursor(after) if after else None
    if not scope.query.is_empty() and not (after and cursor is None):
        # (a damaged cursor gives no page rather than the first page again)
        _fill(page, scope, stages, cursor, limit)
    return page


_COLUMNS = (
    "id",
    "first_name",
    "last_name",
    "father_name",
    "national_code",
    "birth_date",
    "mobile",
    "district_id",
)


class _Base:
    """The scope's SELECT of the display columns, compiled once per search;
    each bucket appends its conditions, order and limit."""

    def __init__(self, scope) -> None:
        qs = scope.order_by().extra(where=["1 = 1"]).values_list(*_COLUMNS)
        sql, params = qs.query.sql_with_params()
        head, sep, tail = sql.partition("SELECT ")
        cut = tail.rfind("(1 = 1)")
        self.before = tail[:cut]  # columns FROM … WHERE (scope AND
        self.after = tail[cut + len("(1 = 1)") :]  # the closing parentheses
        if head or not sep or cut < 0 or self.after.strip(") "):
            raise RuntimeError(f"unexpected SQL for the search scope: {sql}")
        self.params = list(params)
        self.before_hinted = self.before
        if connections[scope.db].vendor == "postgresql":
            # A registrar's scope is `district_id IN (…)` (OR her caseload).
            # PostgreSQL likes to AND a bitmap of the whole district (tens of
            # thousands of rows) with an equality bucket's few rows; filtering
            # those few rows is much cheaper. `+ 0` keeps the meaning and hides
            # the index. Only for equality buckets: for prefix and substring
            # buckets the district's statistics help the planner choose between
            # walking an index in order and collecting the matches.
            head, sep, conds = self.before.partition(" WHERE ")
            col = f'{T}."district_id"'
            self.before_hinted = head + sep + conds.replace(col, f"({col} + 0)")

    def branch(self, bucket: Bucket, index: int, earlier: list[Bucket], keyset, n: int):
        where = [f"({bucket.where})"]
        params: list = list(bucket.params)
        for b in earlier:
            if bucket.excludes(b):
                where.append(f"NOT ({b.exclude or b.where})")
                params.extend(b.params)
        if keyset is not None:
            if bucket.sort is None:
                where.append(f"{ID} > %s")
                params.append(keyset[2])
            else:
                where.append(f"({bucket.sort}, {ID}) > (%s, %s)")
                params.extend((keyset[1], keyset[2]))
        order = f"{ID}" if bucket.sort is None else f"{bucket.sort}, {ID}"
        if bucket.plan == "collect":
            order = f"{ID} + 0"  # the same order, without the primary key's walk
        sql = (
            f"SELECT {int(index)} AS search_bucket, {bucket.sort or 'NULL'} AS search_sort, "
            f"{self.before_hinted if bucket.hint_scope else self.before}"
            f"{' AND '.join(where)}{self.after} ORDER BY {order} LIMIT {int(n)}"
        )
        return sql, self.params + params


_PERSON_FIELDS = _COLUMNS  # id … district_id: real fields of Person
_PG_WALK_SETTINGS = {  # for one statement: the primary key's walk is the only path
    "enable_seqscan": "off",
    "enable_bitmapscan": "off",
    "enable_sort": "off",
    "max_parallel_workers_per_gather": "0",
}


def _pg_walk(using: str, sql: str, params: list) -> list:
    """Run a statement whose bucket walks the table in id order (PostgreSQL).

    The walk was chosen from measured matches; the planner's own estimate
    (the product of every condition's guess) would turn it into a scan of the
    whole table and a sort, or hand the walk to parallel workers whose
    start-up (~10 ms) is longer than the walk. So, for this statement only,
    the primary key's order is the one path left to it."""
    names = list(_PG_WALK_SETTINGS)
    connection = connections[using]
    outer = connection.in_atomic_block
    with transaction.atomic(using=using, savepoint=False), connection.cursor() as cur:
        cur.execute(
            "SELECT set_config(name, value, true) FROM unnest(%s::text[], %s::text[]) "
            "AS s(name, value)",
            [names, list(_PG_WALK_SETTINGS.values())],
        )
        cur.execute(sql, params)
        found = cur.fetchall()
        if outer:  # (our own transaction's end undoes them; an outer one's would not yet)
            cur.execute(
                "SELECT set_config(name, reset_val, true) FROM pg_settings "
                "WHERE name = ANY(%s::text[])",
                [names],
            )
    return found


def _person(row, using: str) -> Person:
    """A Person with the display fields loaded and the others deferred (so a
    save() of a search result could not blank them)."""
    values = dict(zip(_PERSON_FIELDS, row, strict=False))
    if isinstance(values["birth_date"], str):  # SQLite gives dates to raw SQL as text
        values["birth_date"] = dt.date.fromisoformat(values["birth_date"])
    names = [f.attname for f in Person._meta.concrete_fields if f.attname in values]
    person = Person.from_db(using, names, [values[n] for n in names])
    district_id, number, name = row[len(_PERSON_FIELDS) - 1 :]
    if district_id is not None:
        person.district = District.from_db(
            using, ("id", "number", "name"), (district_id, number, name)
        )
    return person


def _fill(page: SearchPage, scope, stages, cursor, limit: int) -> None:
    """Run the buckets stage by stage, each stage as one UNION ALL statement
    (one round trip), until the page and one more row are found."""
    want = limit + 1
    rows: list[tuple[Bucket, object, Person]] = []
    earlier: list[Bucket] = []
    resumed = cursor is None
    using = scope.db
    base = _Base(scope)
    for stage in stages:
        if stage and all(b.distance > 1 for b in stage):
            # two letters wrong: only when nothing closer matched at all (on
            # this page, or before the cursor)
            if rows or (cursor is not None and resumed):
                break
        branches = []
        for bucket in stage:
            keyset = None
            if not resumed:
                if bucket.key != cursor[0]:
                    earlier.append(bucket)
                    continue
                resumed, keyset = True, cursor
            index = len(earlier)
            branches.append((bucket, base.branch(bucket, index, earlier, keyset, want - len(rows))))
            earlier.append(bucket)
        if not branches:
            continue
        # The outer LIMIT stops the statement as soon as the page is full: the
        # database reads UNION ALL branches in order (PostgreSQL's Append,
        # SQLite's compound select), so later buckets are not even started
        # when an earlier one fills the page. The district's name is joined
        # once, outside the branches (less to plan).
        union = " UNION ALL ".join(
            f"SELECT * FROM ({q}) AS b{i}" for i, (_, (q, _p)) in enumerate(branches)
        )
        sql = (
            f'SELECT u.*, d."number", d."name" FROM ({union} LIMIT {int(want - len(rows))}) '
            f'AS u LEFT JOIN {DISTRICT} AS d ON d."id" = u."district_id"'
        )
        params = [x for _, (_q, p) in branches for x in p]
        if any(b.plan == "walk" for b, _ in branches):
            found = _pg_walk(using, sql, params)
        else:
            with connections[using].cursor() as cur:
                cur.execute(sql, params)
                found = cur.fetchall()
        first_index = len(earlier) - len(branches)
        # bucket after bucket, each in its own order (sort value, then id)
        found.sort(key=lambda r: (int(r[0]), r[1] or "", r[2]))
        for r in found[: want - len(rows)]:
            bucket = branches[int(r[0]) - first_index][0]
            rows.append((bucket, r[1], _person(r[2:], using)))
        if len(rows) >= want:
            break
    for bucket, _sort, person in rows:
        person.search_tier = bucket.tier
    page.results = [p for _, _, p in rows[:limit]]
    if len(rows) > limit:
        bucket, sort_value, last = rows[limit - 1]
        page.next_cursor = _encode_cursor(bucket.key, sort_value if bucket.sort else None, last.id)
