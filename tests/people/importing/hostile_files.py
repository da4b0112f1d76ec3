"""Hostile spreadsheets, generated the way the outside probe built them
(security finding 2): small files that ask for a great deal of work."""

from __future__ import annotations

import zipfile
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>کد ملی</t></is></c><c r="B1" t="inlineStr"><is><t>نام</t></is></c></row>'


def _frame(zf: zipfile.ZipFile) -> None:
    zf.writestr(
        "[Content_Types].xml",
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/></Types>',
    )
    zf.writestr(
        "_rels/.rels",
        f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    )
    zf.writestr(
        "xl/workbook.xml",
        f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="a" sheetId="1" r:id="rId1"/></sheets></workbook>',
    )
    zf.writestr(
        "xl/_rels/workbook.xml.rels",
        f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    )


def write_sheet(path: Path, rows_xml: str) -> Path:
    """An xlsx whose only sheet's data is `rows_xml` (after a two-column header)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        _frame(zf)
        zf.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{MAIN}"><sheetData>{HEADER}{rows_xml}</sheetData></worksheet>',
        )
    return path


def far_column_xlsx(path: Path, column: str = "ZZZZZZ") -> Path:
    """1–2 KB: one cell at a column far past Excel's last (XFD), in a data row."""
    return write_sheet(path, f'<row r="2"><c r="{column}2"><v>1</v></c></row>')


def far_column_header_xlsx(path: Path, column: str = "ZZZZZZ") -> Path:
    """The same cell in the header row."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        _frame(zf)
        zf.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr">'
            f'<is><t>نام</t></is></c><c r="{column}1"><v>1</v></c></row></sheetData></worksheet>',
        )
    return path


def blanks_xlsx(path: Path, mebibytes: int = 64) -> Path:
    """A few hundred KB that unpack to `mebibytes` of blanks inside one row."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        _frame(zf)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(f'<worksheet xmlns="{MAIN}"><sheetData>{HEADER}<row r="2">'.encode())
            block = b" " * (1 << 20)
            for _ in range(mebibytes):
                f.write(block)
            f.write(b"</row></sheetData></worksheet>")
    return path


def wide_row_xlsx(path: Path, columns: int = 2000) -> Path:
    """A row with values in `columns` columns, all within Excel's grid."""

    def letters(n: int) -> str:
        out = ""
        while n:
            n, r = divmod(n - 1, 26)
            out = chr(65 + r) + out
        return out

    cells = "".join(f'<c r="{letters(i)}2"><v>{i}</v></c>' for i in range(1, columns + 1))
    return write_sheet(path, f'<row r="2">{cells}</row>')


def far_row_xlsx(path: Path) -> Path:
    """A row numbered past Excel's last row."""
    return write_sheet(path, '<row r="2000000"><c r="A2000000"><v>1</v></c></row>')


def wide_header_csv(path: Path, columns: int = 12_000_000) -> Path:
    """A csv whose header row has `columns` columns (about 12 MB)."""
    with path.open("w", encoding="utf-8") as f:
        f.write("کد ملی,نام")
        f.write("," * columns)
        f.write("\n0012345679,مریم\n")
    return path
