"""`tavana overlap`: the files around the pure overlap count (shared/contracts/overlap.md).

Reads a partner's list (csv or xlsx, the import's column names) or the
registry, encodes it with the shared secret (`domain.overlap.encoding`),
writes and reads the encodings (JSON lines), counts the overlap
(`domain.overlap.linking`) and hides small cells (`domain.overlap.cells`).
Every problem with an input is an `OverlapInputError` with a one-line Persian
reason.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from tavana.core.domain.jalali import to_jalali
from tavana.core.domain.persian_text import dedup_key, to_ascii_digits, to_persian_digits
from tavana.people.importing.headers import map_headers
from tavana.people.importing.tabular import UnreadableFile, open_table
from tavana.people.selectors import registry_match_rows

from .domain.overlap.cells import labelled, suppress
from .domain.overlap.encoding import (
    Encoded,
    InvalidEncoding,
    InvalidSecret,
    encode_records,
    encode_values,
    from_text,
    to_text,
)
from .domain.overlap.linking import link

__all__ = [
    "OverlapInputError",
    "count_against_registry",
    "count_files",
    "encode_list",
    "encode_registry",
    "list_encoded",
    "read_secret",
]

#: the list's columns the encoding reads, in `normalise_fields` order after the id
COLUMNS = (
    "national_code",
    "first_name",
    "last_name",
    "father_name",
    "birth_date",
    "mobile",
    "district",
    "address",
)


class OverlapInputError(Exception):
    """An input or the secret cannot be used; `str(e)` is a one-line Persian reason."""


def read_secret(path: Path) -> bytes:
    try:
        secret = path.read_bytes()
    except OSError as exc:
        raise OverlapInputError(f"فایل رمز مشترک خوانده نشد: {exc.strerror or exc}") from None
    secret = secret.strip()
    try:
        encode_records([], secret)
    except InvalidSecret as exc:
        raise OverlapInputError(str(exc)) from None
    return secret


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return "{}/{:02d}/{:02d}".format(*to_jalali(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _group_index(headers: list[str], group: str) -> int:
    wanted = dedup_key(group)
    for k, h in enumerate(headers):
        if h.strip() == group.strip() or (wanted and dedup_key(h) == wanted):
            return k
    raise OverlapInputError(f"ستون گروه «{group}» در سطر عنوان فایل نیست.")


def _csv_rows(path: Path) -> tuple[list[str], Iterator[tuple[int, list]]]:
    """A csv list streamed (the upload page's row cap does not apply: a partner's
    list of a million rows is what this command is for)."""
    if not path.exists() or path.is_dir():
        raise OverlapInputError(f"فایل پیدا نشد: {path.name}")
    f = path.open(encoding="utf-8-sig", newline="")
    reader = csv.reader(f)
    try:
        headers = next(reader, None)
    except (UnicodeDecodeError, csv.Error):
        f.close()
        raise OverlapInputError(f"فایل {path.name} متن UTF-8 با قالب csv نیست.") from None
    if not headers:
        f.close()
        raise OverlapInputError("فایل خالی است؛ سطر عنوان ستون‌ها پیدا نشد.")

    def rows() -> Iterator[tuple[int, list]]:
        with f:
            try:
                for cells in reader:
                    yield reader.line_num, cells
            except (UnicodeDecodeError, csv.Error):
                raise OverlapInputError(
                    f"فایل {path.name} نزدیک سطر {to_persian_digits(reader.line_num + 1)} "
                    "خوانده نشد (UTF-8 یا csv نادرست)."
                ) from None

    return [h.strip() for h in headers], rows()


def _open(path: Path) -> tuple[list[str], Iterator[tuple[int, list]]]:
    if path.suffix.lower() == ".csv":
        return _csv_rows(path)
    table = open_table(path)
    return table.headers, table.rows


def read_list(path: Path, group: str | None = None) -> tuple[list[tuple], list[str | None]]:
    """The list's rows (`normalise_fields`' arguments) and their groups."""
    try:
        headers, rows = _open(path)
        mapping, _unknown = map_headers(headers)
    except UnreadableFile as exc:
        raise OverlapInputError(" ".join(str(exc).split())) from None
    where = {f: k for k, f in enumerate(mapping) if f in COLUMNS}
    g = _group_index(headers, group) if group else None
    records, groups = [], []
    try:
        for line, cells in rows:
            if not any(c not in (None, "") for c in cells):
                continue
            values = [
                _text(cells[where[f]]) if f in where and where[f] < len(cells) else ""
                for f in COLUMNS
            ]
            records.append((str(line), *values))
            value = _text(cells[g]) if g is not None and g < len(cells) else ""
            value = " ".join(to_ascii_digits(value).split())
            groups.append(value or None)
    except UnreadableFile as exc:
        raise OverlapInputError(" ".join(str(exc).split())) from None
    return records, groups


def _write_atomically(path: Path, lines) -> None:
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=".overlap-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.writelines(lines)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _lines(encoded: Encoded):
    for start in range(0, len(encoded), CHUNK):
        texts = to_text(encoded.words[start : start + CHUNK])
        for g, t in zip(encoded.groups[start : start + CHUNK], texts, strict=True):
            yield f'{{"group": {json.dumps(g, ensure_ascii=False)}, "enc": "{t}"}}\n'


def write_encoded(path: Path, encoded: Encoded) -> None:
    _write_atomically(path, _lines(encoded))


def list_encoded(path: Path, secret: bytes, group: str | None = None) -> Encoded:
    """A partner's list encoded in memory (on every core when it is long)."""
    rows, groups = read_list(path, group)
    return encode_values(rows, secret, groups)


def encode_list(path: Path, secret: bytes, output: Path, group: str | None = None) -> int:
    encoded = list_encoded(path, secret, group)
    write_encoded(output, encoded)
    return len(encoded)


def encode_registry(secret: bytes, output: Path) -> int:
    """The registry's women, their district as the group."""
    encoded = registry_encoded(secret)
    write_encoded(output, encoded)
    return len(encoded)


#: our own lines, read without a full JSON parse (anything else takes the slow path)
_LINE = re.compile(r'\{"group": (null|"(?:[^"\\]|\\.)*"), "enc": "([A-Za-z0-9+/=]*)"\}\s*')
#: rows decoded at once (bounds the memory: the texts are the largest part)
CHUNK = 100_000


def _parse(line: str, n: int, name: str) -> tuple[str | None, str]:
    m = _LINE.fullmatch(line)
    if m:
        group = m[1]
        return (None if group == "null" else json.loads(group)), m[2]
    where = f"{name}، سطر {to_persian_digits(n)}"
    try:
        row = json.loads(line)
    except json.JSONDecodeError:
        raise OverlapInputError(f"{where}: JSON درستی نیست.") from None
    if not isinstance(row, dict) or not isinstance(row.get("enc"), str):
        raise OverlapInputError(f"{where}: فیلد enc ندارد.")
    value = row.get("group")
    if value is not None and not isinstance(value, str):
        raise OverlapInputError(f"{where}: group باید متن یا null باشد.")
    return value, row["enc"]


def read_encoded(path: Path) -> Encoded:
    groups: list[str | None] = []
    texts: list[str] = []
    parts: list[np.ndarray] = []

    def flush() -> None:
        try:
            parts.append(from_text(texts))
        except InvalidEncoding as exc:
            raise OverlapInputError(f"{path.name}: {exc}") from None
        texts.clear()

    try:
        with path.open(encoding="utf-8") as f:
            for n, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                group, enc = _parse(line, n, path.name)
                groups.append(group)
                texts.append(enc)
                if len(texts) == CHUNK:
                    flush()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "UTF-8 نیست"
        raise OverlapInputError(f"فایل {path.name} خوانده نشد: {reason}") from None
    flush()
    return Encoded(np.concatenate(parts), groups)


def _tally(a: Encoded, b: Encoded) -> tuple[dict[str, int], int, int]:
    """A's records matching a record of B: (count per A's group, total, those without a group)."""
    linked = link(a, b)
    matched = linked.matched
    cells: Counter[str] = Counter()
    ungrouped = 0
    for g in {g for g in a.groups if g is not None}:
        cells[g] = 0
    for k in np.flatnonzero(matched).tolist():
        g = a.groups[k]
        if g is None:
            ungrouped += 1
        else:
            cells[g] += 1
    return dict(sorted(cells.items())), int(matched.sum()), ungrouped


def count(a: Encoded, b: Encoded, min_cell: int = 5) -> dict:
    """The contract's counts: A's records matching a record of B, by A's group."""
    return _counted(a, b, min_cell)[0]


def _counted(a: Encoded, b: Encoded, min_cell: int) -> tuple[dict, dict]:
    """(the contract's counts, what an overlap run keeps: always suppressed at `KEEP_MIN`)."""
    cells, total, ungrouped = _tally(a, b)
    by_group = suppress(cells, total, min_cell, ungrouped)
    result = {
        "a": len(a),
        "b": len(b),
        "matched": total,
        "by_group": by_group,
        "min_cell": min_cell,
    }
    kept = {
        "partner_rows": len(a),
        "registry_rows": len(b),
        "matched": total if total >= KEEP_MIN else None,
        "by_group": labelled(cells, total, KEEP_MIN, ungrouped),
        "by_district": {},
        "min_cell": KEEP_MIN,
    }
    return result, kept


#: what is kept of a run is suppressed below this, whatever `--min-cell` says
KEEP_MIN = 5


def registry_encoded(secret: bytes) -> Encoded:
    """The registry's women encoded in memory, their district number as the group."""
    rows = list(registry_match_rows())
    return encode_values(rows, secret, [row[7] or None for row in rows])


def count_against_registry(partner: Encoded, secret: bytes, min_cell: int = 5) -> dict:
    """What an overlap run keeps: the partner's rows also in the registry (by the
    partner's group) and the registry's women on the partner's list (by district),
    small cells labelled `SMALL`, recoverable ones `HIDDEN`; the total is None when
    below `min_cell`. Nothing else of either list leaves this function."""
    registry = registry_encoded(secret)
    cells, total, ungrouped = _tally(partner, registry)
    d_cells, d_total, d_ungrouped = _tally(registry, partner)
    return {
        "partner_rows": len(partner),
        "registry_rows": len(registry),
        "matched": total if total >= min_cell else None,
        "by_group": labelled(cells, total, min_cell, ungrouped),
        "by_district": labelled(d_cells, d_total, min_cell, d_ungrouped),
        "min_cell": min_cell,
    }


def count_files(path_a: Path, path_b: Path, output: Path, min_cell: int = 5) -> dict:
    """Write the contract's counts; returns what an overlap run would keep."""
    if min_cell < 1:
        raise OverlapInputError("--min-cell باید دست‌کم ۱ باشد.")
    result, kept = _counted(read_encoded(path_a), read_encoded(path_b), min_cell)
    _write_atomically(output, [json.dumps(result, ensure_ascii=False) + "\n"])
    return kept
