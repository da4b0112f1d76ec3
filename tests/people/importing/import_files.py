"""Spreadsheets for the import tests, made with openpyxl / csv like people make them."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl

from tavana.core.domain.identifiers import make_national_code

PERSIAN_HEADERS = [
    "ردیف",
    "کد ملی",
    "نام",
    "نام خانوادگی",
    "نام پدر",
    "تاریخ تولد",
    "تلفن همراه",
    "منطقه",
    "نشانی",
]


def code(n: int) -> str:
    return make_national_code(f"{n:09d}")


def write_xlsx(path: Path, headers: list, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def write_csv(path: Path, headers: list, rows: list[list], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        w = csv.writer(f)
        w.writerow(headers)
        w.writerows(rows)
    return path


def read_report(path: Path) -> list[list]:
    if path.suffix == ".xlsx":
        wb = openpyxl.load_workbook(path)
        return [list(r) for r in wb.active.iter_rows(values_only=True)]
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def sample_rows() -> list[list]:
    """Four good rows (one without a national code) and two bad ones."""
    return [
        [1, code(101), "فاطمه", "رضایی", "علی", "1365/02/10", "09121234567", "4", "خیابان آزادی"],
        [2, code(102), "زهرا", "محمدی", "حسن", "۱۳۷۰/۰۵/۱۲", "۰۹۱۳۷۶۵۴۳۲۱", "۷", "کوچه یاس"],
        [3, "", "مریم", "احمدی", "رضا", "1358/11/01", "", "12", "خیابان انقلاب"],
        [4, code(104), "سارا", "کریمی", "", "", "9351112233", "", ""],
        [5, "1234567890", "لیلا", "حسینی", "محمود", "1399/13/40", "0912", "4", "خیابان ولیعصر"],
        [6, code(106), "", "نوری", "", "1360/01/01", "", "", ""],
    ]
