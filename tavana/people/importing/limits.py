"""The limits every uploaded spreadsheet is read within (docs/security.md).

A small file must not make a large amount of work: a 1.8 KB xlsx with one
cell at column ZZZZZZ once built a row of 321 million cells, and 257 KB of
compressed blanks held a web thread for half a minute. So before a byte is
unpacked, the archive's directory is checked against the unpacked size and
the compression ratio (Python's zipfile never returns more than an entry
declares, and a CRC check fails if the entry lies); while rows are read, a
row's XML or line, its number and its columns are checked before they are
built. Each refusal is an `UnreadableFile` with a Persian reason.
"""

from __future__ import annotations

import zipfile

from tavana.core.domain.numbers import format_number

#: the upload page's cap on the file itself
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
#: an xlsx archive's entries together, unpacked (a 20 MB workbook of the registry
#: unpacks to about 200 MB: its sheet compresses about 10:1)
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
#: the compression ratio of any entry larger than RATIO_FLOOR (spreadsheets: 5–20:1)
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024
#: columns a row may fill (the import knows about twenty; the rest are kept in the report)
MAX_COLUMNS = 256
#: data rows in one file
MAX_ROWS = 500_000
#: Excel's own grid: column XFD, row 1,048,576
EXCEL_COLUMNS = 16_384
EXCEL_ROWS = 1_048_576
#: one row's XML in a sheet, or one line of a csv file
MAX_ROW_BYTES = 2 * 1024 * 1024


class LimitExceeded(ValueError):
    """A limit was passed; `str(e)` is the Persian reason (tabular turns it into
    UnreadableFile)."""


def _fa(n: int) -> str:
    return format_number(n)


def check_archive(zf: zipfile.ZipFile) -> None:
    """Refuse an archive whose entries would unpack too large or too far, from its
    directory alone (nothing is decompressed)."""
    total = 0
    for info in zf.infolist():
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise LimitExceeded(
                "فایل xlsx بیش از اندازه فشرده شده است (بخشی از آن بیش از "
                f"{_fa(MAX_RATIO)} برابر باز می‌شود)؛ چنین فایلی از اکسل بیرون نمی‌آید."
            )
    if total > MAX_UNPACKED_BYTES:
        raise LimitExceeded(
            f"محتوای فایل xlsx پس از باز شدن از {_fa(MAX_UNPACKED_BYTES // 2**20)} مگابایت "
            "بیشتر است؛ فایل را چند بخش کنید."
        )


def column_index(ref: str, line: int) -> int:
    """The 0-based column of a cell reference's letters ("A" → 0), refusing
    references past Excel's last column XFD and columns past MAX_COLUMNS."""
    letters = ""
    for ch in ref:
        if "A" <= ch <= "Z":
            letters += ch
        else:
            break
    if len(letters) > 3:
        raise LimitExceeded(past_excel(letters))
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    if n > EXCEL_COLUMNS:
        raise LimitExceeded(past_excel(letters))
    if n > MAX_COLUMNS:
        raise LimitExceeded(too_many_columns(line))
    return n - 1


def past_excel(letters: str) -> str:
    return (
        f"ستون «{letters[:12]}» از آخرین ستون اکسل (XFD) فراتر است؛ "
        "فایل آسیب‌دیده یا دستکاری‌شده است."
    )


def too_many_columns(line: int) -> str:
    return f"سطر {_fa(line)} بیش از {_fa(MAX_COLUMNS)} ستون پر دارد؛ ستون‌های اضافه را حذف کنید."


def check_row(line: int, count: int, width: int) -> None:
    """After reading a row: its line number, the rows so far and its width."""
    if line > EXCEL_ROWS:
        raise LimitExceeded(
            f"شمارهٔ سطر {_fa(line)} از آخرین سطر اکسل ({_fa(EXCEL_ROWS)}) فراتر است؛ "
            "فایل آسیب‌دیده یا دستکاری‌شده است."
        )
    if count > MAX_ROWS:
        raise LimitExceeded(f"فایل بیش از {_fa(MAX_ROWS)} سطر دارد؛ آن را چند بخش کنید.")
    if width > MAX_COLUMNS:
        raise LimitExceeded(too_many_columns(line))


def too_long_row(line: int) -> str:
    return (
        f"سطر {_fa(line)} بیش از {_fa(MAX_ROW_BYTES // 2**20)} مگابایت است؛ "
        "فایل آسیب‌دیده یا دستکاری‌شده است."
    )
