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
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import connections, transaction
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from tavana.core.domain.identifiers import InvalidIdentifier, parse_mobile, parse_national_code
from tavana.core.domain.persian_text import search_key, to_ascii_digits
from tavana.core.models import District

from .models import Person
from .selectors import person_scope, person_scope_is_whole_registry, scope_district_ids

__all__ = ["EXACT", "FUZZY", "PREFIX", "SUBSTRING", "SearchPage", "person_search"]

EXACT, PREFIX, SUBSTRING, FUZZY = 0, 1, 2, 3
TIER_LABELS = {
    EXACT: "منطبق",
    PREFIX: "آغاز نام یا شماره",
    SUBSTRING: "بخشی از نام",
    FUZZY: "نزدیک (با غلط تایپی)",
}
MAX_LIMIT = 100
MIN_NAME_CHARS = 2
MIN_SUBSTRING_CHARS = 3
MIN_FUZZY_CHARS = 4
MAX_FUZZY_PAIRS = 12  # (first, last) key pairs per distance, for a multi-word query
FUZZY_BUDGET = 2  # letters wrong in the whole name
FTS_DENSE = 3000  # SQLite: a substring with this many matches is found by a table walk
SUBSTRING_SAMPLE = 2000  # PostgreSQL: newest rows looked at to guess a substring's matches
SUBSTRING_WALK = 8000  # … and a walk expected to be longer than this many rows is not taken
MAX_FUZZY_KEYS = 8  # close keys per word and distance

_T = '"people_person"'
_DISTRICT = f'"{District._meta.db_table}"'
_ID = f'{_T}."id"'
_SEPARATORS_RE = re.compile(r"[\s\-‐-―().]+")


@dataclass(frozen=True, slots=True)
class Bucket:
    key: str  # stable name (in the cursor)
    tier: int
    where: str  # SQL condition with %s placeholders
    params: tuple = ()
    sort: str | None = None  # SQL expression ordered before id
    # Buckets of one family never share a person (one (last, first) pair each,
    # or one key each), so they need not exclude one another.
    family: str | None = None
    distance: int = 0  # letters wrong (typo-tolerant buckets)
    # Only earlier buckets whose key starts with one of these can share a
    # person with this one (None: any earlier bucket can).
    overlaps: tuple[str, ...] | None = None
    # The condition later buckets use to exclude this one's persons, when a
    # row-level test is cheaper than `where` (SQLite's FTS lookup).
    exclude: str | None = None
    # How the database should read this bucket, when the planner cannot tell
    # (PostgreSQL substring): "collect" every match and sort them, or "walk"
    # the table in id order until the page is full.
    plan: str | None = None

    @property
    def hint_scope(self) -> bool:
        if self.plan is not None:
            return self.plan == "walk"  # (a walk must not start from the district's rows)
        return self.sort is None and self.tier != SUBSTRING

    def excludes(self, earlier: Bucket) -> bool:
        if self.family is not None and earlier.family == self.family:
            return False
        return self.overlaps is None or earlier.key.startswith(self.overlaps)


@dataclass(slots=True)
class SearchPage:
    query: str
    kind: str  # "empty", "short", "name" or "number"
    results: list[Person] = field(default_factory=list)
    next_cursor: str | None = None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None


@dataclass(frozen=True, slots=True)
class _Sql:
    flat: str  # space-free name key, as in the btree index
    first: str
    last: str
    flat_like: str  # the expression of the trigram index (PostgreSQL)
    substring: str  # a condition with one %s: the LIKE pattern
    substring_row: str  # the same, tested on the row
    substring_walk: str | None = None  # the same, hiding the trigram index


def _sql(vendor: str) -> _Sql:
    plain_flat = f"replace({_T}.\"name_key\", ' ', '')"
    if vendor == "postgresql":
        return _Sql(
            flat=f'({plain_flat} COLLATE "C")',
            first=f'({_T}."first_key" COLLATE "C")',
            last=f'({_T}."last_key" COLLATE "C")',
            flat_like=plain_flat,
            substring=f"{plain_flat} LIKE %s",
            substring_row=f"{plain_flat} LIKE %s",
            substring_walk=f"({plain_flat} || '') LIKE %s",
        )
    if vendor == "sqlite" and sqlite3.sqlite_version_info >= (3, 34, 0):
        substring = f"{_ID} IN (SELECT rowid FROM people_search_fts WHERE flat LIKE %s)"
    else:
        substring = f"{plain_flat} LIKE %s"
    return _Sql(
        flat=plain_flat,
        first=f'{_T}."first_key"',
        last=f'{_T}."last_key"',
        flat_like=plain_flat,
        substring=substring,
        substring_row=f"{plain_flat} LIKE %s",
    )


def _after(s: str) -> str:
    """The smallest string greater than every string starting with `s`."""
    return s[:-1] + chr(ord(s[-1]) + 1)


def _range(expr: str) -> str:
    return f"{expr} >= %s AND {expr} < %s"


def _above(expr: str) -> str:
    """A prefix range without the prefix itself."""
    return f"{expr} > %s AND {expr} < %s"


# ------------------------------------------------------------------ reading


def query_digits(query: str) -> str | None:
    """The query as ASCII digits when it is only a number (else None)."""
    s = _SEPARATORS_RE.sub("", to_ascii_digits(query).strip())
    if s.startswith("+"):
        s = "00" + s[1:]
    if s and s.isascii() and s.isdigit():
        return s
    return None


def _number_buckets(digits: str) -> list[Bucket]:
    out: list[Bucket] = []
    nc = f'{_T}."national_code"'
    mobile = f'{_T}."mobile"'
    code = None
    if len(digits) == 10:
        code = digits
    elif 8 <= len(digits) <= 9:
        try:
            code = parse_national_code(digits.zfill(10))
        except InvalidIdentifier:
            code = None
    # Conditions are never NULL (NULL codes are excluded explicitly), so a later
    # bucket can exclude an earlier one with a plain NOT, which the planner
    # estimates well.
    if code:
        out.append(Bucket("nc", EXACT, f"{nc} IS NOT NULL AND {nc} = %s", (code,)))
    try:
        out.append(Bucket("mobile", EXACT, f"{mobile} = %s", (parse_mobile(digits),)))
    except InvalidIdentifier:
        pass
    if 3 <= len(digits) < 10:
        out.append(
            Bucket(
                "nc^",
                PREFIX,
                f"{nc} IS NOT NULL AND {_range(nc)}",
                (digits, _after(digits)),
                sort=nc,
            )
        )
    m = None
    if digits.startswith("0098"):
        m = "0" + digits[4:]
    elif digits.startswith("989"):
        m = "0" + digits[2:]
    elif digits.startswith("09"):
        m = digits
    elif digits.startswith("9"):
        m = "0" + digits
    if m and 3 <= len(m) < 11:
        out.append(Bucket("mobile^", PREFIX, _range(mobile), (m, _after(m)), sort=mobile))
    return out


def _splits(words: list[str]) -> list[tuple[str, str]]:
    """(head, tail) joined without spaces, for every cut of a multi-word query."""
    return [("".join(words[:i]), "".join(words[i:])) for i in range(1, len(words))]


def _name_stages(
    words: list[str], sql: _Sql, using: str, districts: int | None = None
) -> Iterator[list[Bucket]]:
    """Exact and prefix buckets first (cheap btree reads); substring and typo
    buckets only if the page is not full yet (the typo buckets need a look at
    the vocabulary)."""
    d = "".join(words)
    splits = _splits(words)
    pair = f"{sql.last} = %s AND {sql.first} = %s"
    stage = [Bucket("flat", EXACT, f"{sql.flat} = %s", (d,))]
    for i, (head, tail) in enumerate(splits):  # typed last name first
        stage.append(Bucket(f"swap{i}", EXACT, pair, (head, tail), family="pair"))
    stage.append(Bucket("first", EXACT, f"{sql.first} = %s", (d,)))
    stage.append(Bucket("last", EXACT, f"{sql.last} = %s", (d,)))
    # A prefix range starts *after* the query itself: the persons equal to it
    # are an exact bucket's, and an index walk over them (thousands of
    # «فاطمه محمدی») would find nothing new.
    hi = _after(d)
    stage.append(Bucket("flat^", PREFIX, _above(sql.flat), (d, hi), sort=sql.flat))
    stage.append(Bucket("last^", PREFIX, _above(sql.last), (d, hi), sort=sql.last))
    for i, (head, tail) in enumerate(splits):  # last name, then the start of the first
        cond = f"{sql.last} = %s AND {_above(sql.first)}"
        params = (head, tail, _after(tail))
        stage.append(Bucket(f"swap^{i}", PREFIX, cond, params, sort=sql.first))
    yield stage
    if len(d) >= MIN_SUBSTRING_CHARS:
        pattern = f"%{d}%"
        where, plan = sql.substring, None
        if sql.substring_walk is not None:  # PostgreSQL
            plan = _pg_substring_plan(pattern, using, districts)
            if plan == "walk":
                where = sql.substring_walk
        elif where != sql.substring_row and _fts_is_dense(pattern, using):
            where = sql.substring_row  # many matches: walk the table in id order
        yield [Bucket("sub", SUBSTRING, where, (pattern,), exclude=sql.substring_row, plan=plan)]
    if len(d) >= MIN_FUZZY_CHARS and all(len(w) >= 2 for w in words):
        # (the vocabulary is read only when the page is still not full)
        fuzzy = _fuzzy_buckets(words, sql, using)
        # two letters wrong last, and only if nothing closer matched (see _fill)
        yield [b for b in fuzzy if b.distance == 1]
        yield [b for b in fuzzy if b.distance > 1]


def _fts_is_dense(pattern: str, using: str) -> bool:
    """SQLite has no planner choice between its FTS index and a walk in id
    order: the FTS lookup reads every match, good for a rare substring, slow
    for «اطمه» (every فاطمه). Ask the FTS table whether there are many."""
    with connections[using].cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM (SELECT 1 FROM people_search_fts WHERE flat LIKE %s LIMIT %s)",
            [pattern, FTS_DENSE],
        )
        return cur.fetchone()[0] >= FTS_DENSE


def _pg_substring_plan(pattern: str, using: str, districts: int | None) -> str:
    """How PostgreSQL should read a substring bucket: "collect" or "walk".

    A page of a substring bucket is the 21 lowest ids among the matches. Two
    ways to find them: *collect* every match through the trigram index and
    sort (cost grows with the number of matches), or *walk* the table in id
    order until 21 matches in scope are seen (cost grows with the rows
    walked: 21 / (share of rows that match and are in scope)). PostgreSQL's
    planner guesses the matches of ``LIKE '%…%'`` from a histogram and
    overestimates rare patterns (606 for a name 15 women have), so left to
    itself it walks a million rows for nothing. Measure instead: count the
    matches among the newest rows (one short walk, ~1 ms), and walk only when
    that predicts a short walk. ``districts``: how many districts the scope
    has (None: the whole registry)."""
    with connections[using].cursor() as cur:
        cur.execute(
            "SELECT (SELECT count(*) FROM (SELECT name_key FROM people_person "
            "ORDER BY id DESC LIMIT %s) AS s WHERE replace(name_key, ' ', '') LIKE %s), "
            "(SELECT count(*) FROM core_district)",
            [SUBSTRING_SAMPLE, pattern],
        )
        found, district_total = cur.fetchone()
    if not found:
        return "collect"
    share = 1.0 if districts is None else min(1.0, (districts + 0.5) / max(district_total, 1))
    walk = 21 * SUBSTRING_SAMPLE / (found * share)
    return "walk" if walk <= SUBSTRING_WALK else "collect"


def _max_edits(word: str) -> int:
    return 1 if len(word) <= 4 else 2


def _close_keys(words: set[str], using: str) -> dict[str, dict[str, int]]:
    """For each word, the vocabulary keys within its edit budget → distance."""
    words = {w for w in words if len(w) >= 3}
    if not words:
        return {}
    lo = min(len(w) for w in words) - 2
    hi = max(len(w) for w in words) + 2
    with connections[using].cursor() as cur:
        cur.execute(
            "SELECT key FROM people_search_vocab WHERE length(key) BETWEEN %s AND %s", [lo, hi]
        )
        vocab = [r[0] for r in cur.fetchall()]
    out: dict[str, dict[str, int]] = {}
    for w in words:
        found = process.extract(
            w,
            vocab,
            scorer=Levenshtein.distance,
            score_cutoff=_max_edits(w),
            limit=3 * MAX_FUZZY_KEYS,
        )
        out[w] = {key: dist for key, dist, _ in found}
    return out


def _fuzzy_buckets(words: list[str], sql: _Sql, using: str) -> list[Bucket]:
    """Persons whose first/last keys are a letter or two away from the query's,
    closest first.

    A key or pair that contains the whole query is skipped: the substring
    bucket already holds those persons (and an index walk over rows that are
    all excluded is the one slow thing a bucket can do)."""
    d = "".join(words)
    out: list[Bucket] = []
    if len(words) == 1:
        close = _close_keys({d}, using).get(d, {})
        ranked = sorted((dist, key) for key, dist in close.items() if dist > 0 and d not in key)
        for dist in (1, 2):
            for _, key in [r for r in ranked if r[0] == dist][:MAX_FUZZY_KEYS]:
                first, last = f"{sql.first} = %s", f"{sql.last} = %s"
                out.append(
                    Bucket(f"~f{dist}:{key}", FUZZY, first, (key,), family="first", distance=dist)
                )
                out.append(
                    Bucket(f"~l{dist}:{key}", FUZZY, last, (key,), family="last", distance=dist)
                )
        return out
    splits = _splits(words)
    # first name then last name, and last name then first name
    orders = [(head, tail) for head, tail in splits] + [(tail, head) for head, tail in splits]
    close = _close_keys({x for pair in orders for x in pair}, using)
    best: dict[tuple[str, str], int] = {}
    for first_part, last_part in orders:
        for fk, df in close.get(first_part, {}).items():
            for lk, dl in close.get(last_part, {}).items():
                if df + dl <= FUZZY_BUDGET:
                    best[(fk, lk)] = min(df + dl, best.get((fk, lk), FUZZY_BUDGET))
    ranked = sorted(
        (total, fk, lk) for (fk, lk), total in best.items() if total > 0 and d not in fk + lk
    )
    pair = f"{sql.last} = %s AND {sql.first} = %s"
    for dist in (1, 2):
        for total, fk, lk in [r for r in ranked if r[0] == dist][:MAX_FUZZY_PAIRS]:
            # d is not in fk + lk: no exact, prefix-of-name or substring bucket
            # holds these persons; only "last name, then start of first" can.
            key = f"~{total}:{fk}|{lk}"
            out.append(
                Bucket(
                    key, FUZZY, pair, (lk, fk), family="pair", distance=dist, overlaps=("swap^",)
                )
            )
    return out


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
    query = (query or "").strip()
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
        stages: Iterator[list[Bucket]] = iter([_number_buckets(digits)])
    else:
        kind = "name"
        districts = (
            None if person_scope_is_whole_registry(actor=actor) else len(scope_district_ids(actor))
        )
        stages = _name_stages(words, _sql(connections[using].vendor), using, districts)
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
            # A registrar's scope is `district_id IN (…) OR district_id IS NULL`.
            # PostgreSQL likes to AND a bitmap of the whole district (tens of
            # thousands of rows) with an equality bucket's few rows; filtering
            # those few rows is much cheaper. `+ 0` keeps the meaning and hides
            # the index. Only for equality buckets: for prefix and substring
            # buckets the district's statistics help the planner choose between
            # walking an index in order and collecting the matches.
            head, sep, conds = self.before.partition(" WHERE ")
            col = f'{_T}."district_id"'
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
                where.append(f"{_ID} > %s")
                params.append(keyset[2])
            else:
                where.append(f"({bucket.sort}, {_ID}) > (%s, %s)")
                params.extend((keyset[1], keyset[2]))
        order = f"{_ID}" if bucket.sort is None else f"{bucket.sort}, {_ID}"
        if bucket.plan == "collect":
            order = f"{_ID} + 0"  # the same order, without the primary key's walk
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
            f'AS u LEFT JOIN {_DISTRICT} AS d ON d."id" = u."district_id"'
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
