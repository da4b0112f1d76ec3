"""Reading the search box: what a query means, as buckets of SQL conditions in
the order results are shown (exact, prefix, substring, typo-tolerant). The
search itself, and the SQL each database gets, are in engine.py."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connections
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from tavana.core.domain.identifiers import InvalidIdentifier, parse_mobile, parse_national_code
from tavana.core.domain.persian_text import to_ascii_digits
from tavana.core.models import District

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

T = '"people_person"'
DISTRICT = f'"{District._meta.db_table}"'
ID = f'{T}."id"'
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


@dataclass(frozen=True, slots=True)
class Sql:
    flat: str  # space-free name key, as in the btree index
    first: str
    last: str
    flat_like: str  # the expression of the trigram index (PostgreSQL)
    substring: str  # a condition with one %s: the LIKE pattern
    substring_row: str  # the same, tested on the row
    substring_walk: str | None = None  # the same, hiding the trigram index


def sql_for(vendor: str) -> Sql:
    plain_flat = f"replace({T}.\"name_key\", ' ', '')"
    if vendor == "postgresql":
        return Sql(
            flat=f'({plain_flat} COLLATE "C")',
            first=f'({T}."first_key" COLLATE "C")',
            last=f'({T}."last_key" COLLATE "C")',
            flat_like=plain_flat,
            substring=f"{plain_flat} LIKE %s",
            substring_row=f"{plain_flat} LIKE %s",
            substring_walk=f"({plain_flat} || '') LIKE %s",
        )
    if vendor == "sqlite" and sqlite3.sqlite_version_info >= (3, 34, 0):
        substring = f"{ID} IN (SELECT rowid FROM people_search_fts WHERE flat LIKE %s)"
    else:
        substring = f"{plain_flat} LIKE %s"
    return Sql(
        flat=plain_flat,
        first=f'{T}."first_key"',
        last=f'{T}."last_key"',
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


def number_buckets(digits: str) -> list[Bucket]:
    out: list[Bucket] = []
    nc = f'{T}."national_code"'
    mobile = f'{T}."mobile"'
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


def name_stages(
    words: list[str], sql: Sql, using: str, districts: int | None = None
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


def _fuzzy_buckets(words: list[str], sql: Sql, using: str) -> list[Bucket]:
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
