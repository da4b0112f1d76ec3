"""xlsx files laid out the way Microsoft Excel writes them, for the reader
(tavana/people/importing/tabular.py): text in the shared-strings table (some
of it rich text in runs, one with a phonetic guide that is not part of the
value, one with preserved spaces), numbers as numbers, dates as day serials
with a date style (a built-in one and a custom "yyyy/mm/dd"), a boolean, a
formula with its cached text, cells left out where Excel leaves them empty,
a blank row, and `spans`/`x14ac` attributes on rows. openpyxl writes none of
this (it writes inline strings), so the importer's own tests never reach it.

`prefixed=True` writes the same sheet with an `x:` namespace prefix, as some
programs that export to xlsx do, which the reader parses element by element.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
EXCEL_EPOCH = dt.date(1899, 12, 30)

HEADERS = ["ردیف", "کد ملی", "نام", "نام خانوادگی", "تاریخ تولد", "تلفن همراه", "منطقه", "نشانی"]
# The shared strings, in Excel's order of first use; (runs) is rich text.
SHARED = [
    *HEADERS,
    "0013542419",
    ("فاط", "مه"),  # rich text: two runs make one value
    "رضایی",
    "1360/05/10",
    "09121112233",
    "  تهران، خیابان آزادی  ",  # xml:space="preserve"
    "زهرا",
    "کریمی",
    "0084575948",
    "سارا",
]
PHONETIC = 10  # index of the string given a phonetic guide (not part of its value)

# Rows after the header: (column letter, kind, value); kinds: s (shared index),
# n (number), d (date, built-in style 1), c (date, custom style 2), b, f (formula text).
ROWS = [
    [("A", "n", 1), ("B", "s", 8), ("C", "s", 9), ("D", "s", 10), ("E", "s", 11),
     ("F", "s", 12), ("G", "n", 4), ("H", "s", 13)],
    [],  # a blank row Excel keeps (formatting only)
    [("A", "n", 2), ("B", "s", 16), ("C", "s", 14), ("D", "s", 15),
     ("E", "d", dt.date(1985, 3, 21)), ("G", "n", 9), ("H", "f", "تهران، نارمک")],
    [("A", "n", 3), ("C", "s", 17), ("D", "s", 10), ("E", "c", dt.date(1990, 12, 1)),
     ("F", "n", 9351112233), ("G", "n", 19), ("I", "b", True)],
]  # fmt: skip


def _si(value) -> str:
    if isinstance(value, tuple):
        runs = "".join(
            f'<r><rPr><sz val="11"/><rFont val="Tahoma"/></rPr><t>{escape(p)}</t></r>'
            for p in value
        )
        return f"<si>{runs}</si>"
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f"<si><t{space}>{escape(value)}</t></si>"


def _shared_xml() -> str:
    items = []
    for i, value in enumerate(SHARED):
        si = _si(value)
        if i == PHONETIC:
            si = si.replace(
                "</si>",
                '<rPh sb="0" eb="4"><t>ignored-phonetic</t></rPh><phoneticPr fontId="1"/></si>',
            )
        items.append(si)
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN}" '
        f'count="{len(SHARED) + 3}" uniqueCount="{len(SHARED)}">{"".join(items)}</sst>'
    )


def _styles_xml() -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{MAIN}">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy/mm/dd"/></numFmts>'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        "</cellXfs></styleSheet>"
    )


def _cell(ref: str, kind: str, value, p: str) -> str:
    if kind == "s":
        return f'<{p}c r="{ref}" t="s"><{p}v>{value}</{p}v></{p}c>'
    if kind == "n":
        return f'<{p}c r="{ref}"><{p}v>{value}</{p}v></{p}c>'
    if kind in ("d", "c"):
        style = 1 if kind == "d" else 2
        serial = (value - EXCEL_EPOCH).days
        return f'<{p}c r="{ref}" s="{style}"><{p}v>{serial}</{p}v></{p}c>'
    if kind == "b":
        return f'<{p}c r="{ref}" t="b"><{p}v>{int(value)}</{p}v></{p}c>'
    if kind == "f":
        return (
            f'<{p}c r="{ref}" t="str"><{p}f>CONCATENATE("تهران، ","نارمک")</{p}f>'
            f"<{p}v>{escape(value)}</{p}v></{p}c>"
        )
    raise ValueError(kind)


def _sheet_xml(prefixed: bool) -> str:
    p = "x:" if prefixed else ""
    ns = f'xmlns:x="{MAIN}"' if prefixed else f'xmlns="{MAIN}"'
    header = "".join(
        f'<{p}c r="{chr(65 + i)}1" t="s"><{p}v>{i}</{p}v></{p}c>' for i in range(len(HEADERS))
    )
    rows = [f'<{p}row r="1" spans="1:9" x14ac:dyDescent="0.25">{header}</{p}row>']
    for n, cells in enumerate(ROWS, start=2):
        inner = "".join(_cell(f"{col}{n}", kind, value, p) for col, kind, value in cells)
        rows.append(f'<{p}row r="{n}" spans="1:9" x14ac:dyDescent="0.25">{inner}</{p}row>')
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<{p}worksheet {ns} '
        f'xmlns:r="{REL}" '
        'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">'
        f'<{p}dimension ref="A1:I{len(ROWS) + 1}"/>'
        f'<{p}sheetViews><{p}sheetView rightToLeft="1" workbookViewId="0"/></{p}sheetViews>'
        f"<{p}sheetData>{''.join(rows)}</{p}sheetData></{p}worksheet>"
    )


def write_excel_xlsx(path: Path, *, prefixed: bool = False) -> Path:
    return _package(path, _shared_xml(), _sheet_xml(prefixed))


def write_excel_rows(path: Path, rows: list[list], *, sheet: str = "Sheet1") -> Path:
    """Any rows as Excel would save them: text in the shared-strings table (each
    value once, in order of first use), numbers as numbers, dates as day serials
    with a date style, empty cells left out. For every context's importer."""
    shared: list[str] = []
    xml_rows = []
    for n, values in enumerate(rows, start=1):
        cells = []
        for i, value in enumerate(values):
            ref = f"{chr(65 + i)}{n}"
            if value is None or value == "":
                continue
            if isinstance(value, str):
                if value not in shared:
                    shared.append(value)
                cells.append(_cell(ref, "s", shared.index(value), ""))
            elif isinstance(value, dt.date):
                cells.append(_cell(ref, "c", value, ""))
            else:
                cells.append(_cell(ref, "n", value, ""))
        xml_rows.append(f'<row r="{n}" spans="1:{len(values)}">{"".join(cells)}</row>')
    sst = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN}" '
        f'count="{len(shared)}" uniqueCount="{len(shared)}">{"".join(map(_si, shared))}</sst>'
    )
    sheet_xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" '
        f'xmlns:r="{REL}"><sheetViews><sheetView rightToLeft="1" workbookViewId="0"/>'
        f"</sheetViews><sheetData>{''.join(xml_rows)}</sheetData></worksheet>"
    )
    return _package(path, sst, sheet_xml, sheet=sheet)


def _package(path: Path, shared_xml: str, sheet_xml: str, sheet: str = "ثبت‌نام") -> Path:
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG}">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN}" '
            f'xmlns:r="{REL}"><sheets><sheet name="{escape(sheet)}" sheetId="1" r:id="rId1"/></sheets>'
            "</workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG}">'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": _styles_xml(),
        "xl/sharedStrings.xml": shared_xml,
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return path
