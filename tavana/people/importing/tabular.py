"""Reading the spreadsheets people upload: xlsx and csv, streamed row by row.

`open_table(path)` checks the file before anything else happens and raises
`UnreadableFile` with a one-line Persian reason when it cannot be read at all
(wrong format, truncated or damaged archive, not text, empty, no header row).
Once it returns, the rows stream without surprises: the xlsx archive's CRCs
have been checked and a csv file has been decoded once from end to end.

xlsx is read with a small streaming reader on the standard library's expat
parser (shared strings, inline strings, numbers, booleans, date-formatted
cells). openpyxl's read-only mode gives the same values but ran at about 3,600
rows/s here, below the import's target, so it is only the fallback for
workbooks whose parts the small reader does not find.

Every file is read within `limits` (unpacked size, compression ratio, row
and line size, columns, rows): a hostile file is refused with a reason before
it can cost memory or time.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import html
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from . import limits
from .limits import LimitExceeded

__all__ = ["EXTENSIONS", "Table", "UnreadableFile", "open_table"]

EXTENSIONS = (".xlsx", ".csv")


class UnreadableFile(Exception):
    """The file cannot be read at all; `str(e)` is a one-line Persian reason."""


@dataclass
class Table:
    headers: list[str]
    rows: Iterator[tuple[int, list]]  # (line number in the file, cells)
    header_line: int = 1
    estimated_rows: int = 0
    encoding: str = ""


def open_table(path: Path | str, *, name: str | None = None, verify: bool = True) -> Table:
    """Open an xlsx or csv file (chosen by the extension of `name` or `path`).

    `verify=False` (the upload page, in a web thread) skips checking every
    entry's CRC and decoding the whole csv, which read the whole file: only the
    archive's directory and the header row are read there; the background
    import verifies the file in full."""
    path = Path(path)
    name = name or path.name
    ext = Path(name).suffix.lower()
    if not path.exists():
        raise UnreadableFile(f"فایل پیدا نشد: {name}")
    if path.is_dir():
        raise UnreadableFile(f"این مسیر پوشه است، نه فایل: {name}")
    if ext == ".xls":
        raise UnreadableFile("قالب قدیمی xls پشتیبانی نمی‌شود؛ فایل را با قالب xlsx ذخیره کنید.")
    if ext not in EXTENSIONS:
        raise UnreadableFile(
            f"قالب فایل «{ext or 'بدون پسوند'}» پشتیبانی نمی‌شود؛ فایل xlsx یا csv بدهید."
        )
    if path.stat().st_size == 0:
        raise UnreadableFile("فایل خالی است.")
    if ext == ".xlsx":
        rows, estimate, encoding = *_open_xlsx(path, verify), ""
    else:
        rows, estimate, encoding = _open_csv(path, verify)
    rows = _within_limits(rows)
    for line, cells in rows:
        if any(not _blank(c) for c in cells):
            headers = [_header_text(c) for c in cells]
            while headers and not headers[-1]:
                headers.pop()
            return Table(
                headers=headers,
                rows=rows,
                header_line=line,
                estimated_rows=max(estimate - line, 0),
                encoding=encoding,
            )
    raise UnreadableFile("فایل خالی است؛ سطر عنوان ستون‌ها پیدا نشد.")


def _within_limits(rows: Iterator[tuple[int, list]]) -> Iterator[tuple[int, list]]:
    """The rows, each checked against `limits`; a limit passed ends the file
    with `UnreadableFile` and its reason."""
    count = 0
    try:
        for line, cells in rows:
            count += 1
            width = len(cells)
            if width > limits.MAX_COLUMNS:
                while width and _blank(cells[width - 1]):
                    width -= 1
            limits.check_row(line, count, width)
            yield line, cells
    except LimitExceeded as e:
        raise UnreadableFile(str(e)) from None
    except MemoryError:
        raise UnreadableFile(
            "فایل برای خواندن بیش از اندازه حافظه لازم دارد؛ آن را چند بخش کنید."
        ) from None


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# ---------------------------------------------------------------------- csv


def _open_csv(path: Path, verify: bool = True):
    raw_head = b""
    newlines = 0
    utf8 = codecs.getincrementaldecoder("utf-8")()
    encoding = "utf-8-sig"
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            if raw_head and not verify:
                break  # the upload page: the head decides; the import reads it all
            if not raw_head:
                raw_head = block[:8192]
            if b"\x00" in block:
                raise UnreadableFile("این فایل متنی (csv) نیست؛ شاید فایل دیگری با پسوند csv است.")
            newlines += block.count(b"\n")
            if encoding == "utf-8-sig":
                try:
                    utf8.decode(block)
                except UnicodeDecodeError:
                    encoding = "cp1256"
        if encoding == "utf-8-sig":
            try:
                utf8.decode(b"", final=True)
            except UnicodeDecodeError:
                encoding = "cp1256"
    if encoding == "cp1256":
        # Excel on Persian Windows saves "CSV" in Windows-1256; accept it only when
        # it decodes and holds Arabic-script letters, otherwise the text is garbage.
        try:
            sample = raw_head.decode("cp1256")
        except UnicodeDecodeError:
            sample = ""
        if not re.search("[\u0600-\u06ff]", sample):
            raise UnreadableFile(
                "فایل csv با UTF-8 خوانده نمی‌شود؛ آن را با گزینهٔ «CSV UTF-8» ذخیره کنید."
            )
    head_text = raw_head.decode(encoding, errors="ignore").lstrip("\ufeff")
    first_line = head_text.splitlines()[0] if head_text.splitlines() else ""
    delimiter = max(",;\t", key=first_line.count) if first_line else ","
    if not first_line.count(delimiter):
        delimiter = ","

    def rows():
        with path.open(encoding=encoding, newline="") as f:
            reader = csv.reader(_bounded_lines(f), delimiter=delimiter)
            try:
                for cells in reader:
                    yield reader.line_num, cells
            except csv.Error as e:  # pragma: no cover - the csv module is lenient
                raise UnreadableFile(f"فایل csv درست نیست (سطر {reader.line_num}): {e}") from e

    return rows(), newlines + 1, ("utf-8" if encoding == "utf-8-sig" else "windows-1256")


def _bounded_lines(f) -> Iterator[str]:
    """The file's lines, refusing one longer than limits.MAX_ROW_BYTES before the
    csv module splits it into cells."""
    number = 0
    while True:
        line = f.readline(limits.MAX_ROW_BYTES + 1)
        if not line:
            return
        number += 1
        if len(line) > limits.MAX_ROW_BYTES:
            raise LimitExceeded(limits.too_long_row(number))
        yield line


# --------------------------------------------------------------------- xlsx

_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _open_xlsx(path: Path, verify: bool = True):
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise UnreadableFile(
            "فایل xlsx خوانده نمی‌شود: ناقص یا آسیب‌دیده است، یا اصلاً xlsx نیست."
        ) from None
    except OSError as e:
        raise UnreadableFile(f"فایل خوانده نمی‌شود: {e.strerror or e}") from None
    try:
        limits.check_archive(zf)
    except LimitExceeded as e:
        raise UnreadableFile(str(e)) from None
    bad = None
    if verify:
        try:
            bad = zf.testzip()
        except Exception:
            bad = "?"
    if bad is not None:
        raise UnreadableFile("فایل xlsx آسیب‌دیده است (بخشی از آن درست ذخیره نشده).")
    names = set(zf.namelist())
    if "xl/workbook.xml" not in names:
        raise UnreadableFile("این فایل xlsx نیست (کارپوشهٔ اکسل در آن پیدا نشد).")
    try:
        sheet, shared_path, styles_path = _xlsx_parts(zf)
        shared = _shared_strings(zf, shared_path) if shared_path in names else []
        date_styles = _date_styles(zf, styles_path) if styles_path in names else set()
        if sheet not in names:
            raise KeyError(sheet)
    except (KeyError, ValueError, expat.ExpatError):
        return _open_xlsx_openpyxl(path)
    with zf.open(sheet) as f:
        head = f.read(8192).decode("utf-8", errors="ignore")
    m = re.search(r'<dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"', head)
    estimate = int(m[1]) if m else 0
    if "<sheetData" in head or "<worksheet" in head:
        return _sheet_rows_fast(zf, sheet, shared, date_styles), estimate
    return _sheet_rows(zf, sheet, shared, date_styles), estimate  # prefixed XML


def _xlsx_parts(zf: zipfile.ZipFile) -> tuple[str, str, str]:
    rels = {}
    targets_by_type = {}

    def rel_start(name, attrs):
        if _local(name) == "Relationship":
            target = attrs.get("Target", "")
            target = target[1:] if target.startswith("/") else posixpath.join("xl", target)
            target = posixpath.normpath(target)
            rels[attrs.get("Id")] = target
            targets_by_type.setdefault(attrs.get("Type", "").rsplit("/", 1)[-1], target)

    p = expat.ParserCreate()
    p.StartElementHandler = rel_start
    p.Parse(zf.read("xl/_rels/workbook.xml.rels"), True)
    first_sheet = []

    def wb_start(name, attrs):
        if _local(name) == "sheet" and not first_sheet:
            rid = next((v for k, v in attrs.items() if _local(k) == "id"), None)
            first_sheet.append(rid)

    p = expat.ParserCreate()
    p.StartElementHandler = wb_start
    p.Parse(zf.read("xl/workbook.xml"), True)
    if not first_sheet:
        raise ValueError("no sheet")
    return (
        rels[first_sheet[0]],
        targets_by_type.get("sharedStrings", "xl/sharedStrings.xml"),
        targets_by_type.get("styles", "xl/styles.xml"),
    )


def _shared_strings(zf: zipfile.ZipFile, name: str) -> list[str]:
    out: list[str] = []
    buf: list[str] = []
    state = {"in_t": False, "skip": 0}

    def start(tag, attrs):
        tag = _local(tag)
        if tag == "si":
            buf.clear()
        elif tag == "t" and not state["skip"]:
            state["in_t"] = True
        elif tag == "rPh":
            state["skip"] += 1

    def end(tag):
        tag = _local(tag)
        if tag == "si":
            out.append("".join(buf))
        elif tag == "t":
            state["in_t"] = False
        elif tag == "rPh":
            state["skip"] -= 1

    def chars(data):
        if state["in_t"]:
            buf.append(data)

    p = expat.ParserCreate()
    p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = start, end, chars
    p.buffer_text = True
    with zf.open(name) as f:
        p.ParseFile(f)
    return out


def _date_styles(zf: zipfile.ZipFile, name: str) -> set[int]:
    custom: dict[int, str] = {}
    xf_formats: list[int] = []
    state = {"in_xfs": False}

    def start(tag, attrs):
        tag = _local(tag)
        if tag == "numFmt":
            custom[int(attrs.get("numFmtId", "0"))] = attrs.get("formatCode", "")
        elif tag == "cellXfs":
            state["in_xfs"] = True
        elif tag == "xf" and state["in_xfs"]:
            xf_formats.append(int(attrs.get("numFmtId", "0")))

    def end(tag):
        if _local(tag) == "cellXfs":
            state["in_xfs"] = False

    p = expat.ParserCreate()
    p.StartElementHandler, p.EndElementHandler = start, end
    p.Parse(zf.read(name), True)
    out: set[int] = set()
    if not custom and not any(xf_formats):
        return out  # every style "General" (0): no dates, and no need to load openpyxl
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    for i, fmt in enumerate(xf_formats):
        code = custom.get(fmt) or BUILTIN_FORMATS.get(fmt, "")
        if code and is_date_format(code):
            out.add(i)
    return out


_CELL_RE = re.compile(r"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_ATTR_R = re.compile(r'\br="([A-Z]+)')
_ATTR_ROW = re.compile(r'\br="(\d+)"')
_ATTR_T = re.compile(r'\bt="(\w+)"')
_ATTR_S = re.compile(r'\bs="(\d+)"')
_V_RE = re.compile(r"<v>(.*?)</v>", re.S)
_T_RE = re.compile(r"<t\b[^>]*>(.*?)</t>", re.S)
_RPH_RE = re.compile(r"<rPh\b.*?</rPh>", re.S)
# The common case in one pass: r, then s and/or t, then <v> or a plain inline string.
_FAST_CELL_RE = re.compile(
    r'<c r="([A-Z]+)\d+"(?: s="(\d+)")?(?: t="(\w+)")?(?: s="(\d+)")?\s*'
    r"(?:/>|>(?:<v>([^<]*)</v>|<is><t(?: [^>]*)?>([^<]*)</t></is>)?</c>)"
)


def _sheet_rows_fast(zf, sheet, shared, date_styles) -> Iterator[tuple[int, list]]:
    """The sheet's rows by regular expressions over the unpacked XML (the layout
    every spreadsheet program writes: `<row r=".."><c r=".." s=".." t=".."><v>..</v></c>`).
    A row whose cells do not all fit the one-pass pattern is parsed cell by cell."""
    line = 0
    tail = ""
    try:
        with zf.open(sheet) as f:
            reader = io.TextIOWrapper(f, encoding="utf-8")
            while True:
                block = reader.read(1 << 20)
                text = tail + block
                if block:
                    cut = text.rfind("</row>")
                    if cut < 0:
                        if len(text) > limits.MAX_ROW_BYTES:
                            raise LimitExceeded(limits.too_long_row(line + 1))
                        tail = text
                        continue
                    tail = text[cut + 6 :]
                    text = text[:cut]
                else:
                    tail = ""
                    cut = text.rfind("</row>")
                    if cut < 0:
                        break
                    text = text[:cut]
                for piece in text.split("</row>"):
                    opener = piece.rfind("<row")
                    if opener < 0:
                        continue
                    close = piece.find(">", opener)
                    r = _ATTR_ROW.search(piece, opener, close)
                    line = int(r[1]) if r else line + 1
                    if len(piece) - close > limits.MAX_ROW_BYTES:
                        raise LimitExceeded(limits.too_long_row(line))
                    yield line, _row_cells(piece[close + 1 :], shared, date_styles, line)
                if not block:
                    break
    except (zipfile.BadZipFile, OSError, EOFError, UnicodeDecodeError) as e:
        raise UnreadableFile(f"برگهٔ اکسل خوانده نمی‌شود: {e.__class__.__name__}") from None


_COLUMNS: dict[str, int] = {}  # only references within limits.MAX_COLUMNS


def _column(ref: str, line: int) -> int:
    try:
        return _COLUMNS[ref]
    except KeyError:
        n = _COLUMNS[ref] = limits.column_index(ref, line)
        return n


def _row_cells(inner: str, shared, date_styles, line: int = 0) -> list:
    row: list = []
    if not inner:
        return row
    fast = _FAST_CELL_RE.findall(inner)
    if len(fast) == inner.count("<c "):
        cells = [(ref, s1 or s2, t or "n", v or it) for ref, s1, t, s2, v, it in fast]
    else:
        cells = []
        for c in _CELL_RE.finditer(inner):
            attrs, body = c[1], c[2] or ""
            ref = _ATTR_R.search(attrs)
            t = _ATTR_T.search(attrs)
            t = t[1] if t else "n"
            style = _ATTR_S.search(attrs)
            if t == "inlineStr":
                text_value = "".join(_T_RE.findall(_RPH_RE.sub("", body)))
            else:
                v = _V_RE.search(body)
                text_value = v[1] if v else ""
            cells.append((ref[1] if ref else None, style[1] if style else "", t, text_value))
    columns = _COLUMNS
    for ref, style, t, text_value in cells:
        if not text_value:
            continue
        if "&" in text_value:
            text_value = html.unescape(text_value)
        if t == "s":
            try:
                value = shared[int(text_value)]
            except (ValueError, IndexError):
                value = None
        elif t == "inlineStr" or t == "str":
            value = text_value
        elif t == "n":
            value = _cell_value(t, text_value, int(style) if style else None, shared, date_styles)
        else:
            value = _cell_value(t, text_value, None, shared, date_styles)
        col = (columns.get(ref) or _column(ref, line)) if ref else len(row)
        if col >= limits.MAX_COLUMNS:
            raise LimitExceeded(limits.too_many_columns(line))
        if col == len(row):
            row.append(value)
        else:
            if col > len(row):
                row.extend([None] * (col - len(row) + 1))
            row[col] = value
    return row


def _sheet_rows(zf, sheet, shared, date_styles) -> Iterator[tuple[int, list]]:
    done: list[tuple[int, list]] = []
    st = {"row": None, "line": 0, "col": -1, "t": "n", "s": None, "text": None}
    buf: list[str] = []

    def start(tag, attrs):
        tag = _local(tag)
        if tag == "c":
            ref = attrs.get("r")
            st["col"] = limits.column_index(ref, st["line"]) if ref else st["col"] + 1
            if st["col"] >= limits.MAX_COLUMNS:
                raise LimitExceeded(limits.too_many_columns(st["line"]))
            st["t"] = attrs.get("t", "n")
            s = attrs.get("s")
            st["s"] = int(s) if s else None
            st["text"] = None
        elif tag in ("v", "t"):
            buf.clear()
            st["text"] = buf
        elif tag == "row":
            r = attrs.get("r")
            st["line"] = int(r) if r else st["line"] + 1
            st["row"] = []
            st["col"] = -1
        elif tag == "is":
            st["t"] = "inlineStr"

    def end(tag):
        tag = _local(tag)
        if tag in ("v", "t"):
            st["text"] = None
            st["value"] = "".join(buf)
            st["has"] = True
        elif tag == "c":
            if st.pop("has", False):
                value = _cell_value(st["t"], st.pop("value"), st["s"], shared, date_styles)
                row = st["row"]
                col = st["col"]
                if col >= len(row):
                    row.extend([None] * (col - len(row) + 1))
                row[col] = value
        elif tag == "row":
            done.append((st["line"], st["row"]))

    def chars(data):
        if st["text"] is not None:
            buf.append(data)

    p = expat.ParserCreate()
    p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = start, end, chars
    p.buffer_text = True
    try:
        with zf.open(sheet) as f:
            while block := f.read(1 << 16):
                p.Parse(block, False)
                if done:
                    yield from done
                    done.clear()
            p.Parse(b"", True)
            yield from done
    except (expat.ExpatError, zipfile.BadZipFile, OSError, EOFError) as e:
        raise UnreadableFile(f"برگهٔ اکسل خوانده نمی‌شود: {e}") from None


_EPOCH = dt.datetime(1899, 12, 30)


def _cell_value(t, text, style, shared, date_styles):
    if t == "s":
        try:
            return shared[int(text)]
        except (ValueError, IndexError):
            return None
    if t in ("inlineStr", "str", "e"):
        return text
    if t == "b":
        return text == "1"
    if t == "d":
        return text
    if not text:
        return None
    try:
        number = int(text)
    except ValueError:
        try:
            number = float(text)
        except ValueError:
            return text
    if style is not None and style in date_styles:
        try:
            value = _EPOCH + dt.timedelta(days=float(number))
        except OverflowError:
            return number
        return value.date() if value.time() == dt.time(0) else value
    return number


def _open_xlsx_openpyxl(path: Path):
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        ws = wb.worksheets[0]
        ws.reset_dimensions()  # a forged <dimension> must not pad every row
    except Exception as e:
        raise UnreadableFile(f"فایل xlsx خوانده نمی‌شود: {e.__class__.__name__}") from None

    def rows():
        try:
            for i, cells in enumerate(ws.iter_rows(values_only=True), start=1):
                yield i, list(cells)
        except Exception as e:
            raise UnreadableFile(f"برگهٔ اکسل خوانده نمی‌شود: {e.__class__.__name__}") from None
        finally:
            wb.close()

    return rows(), ws.max_row or 0
