"""The reader on xlsx files as Excel writes them (shared strings, rich text, a
phonetic guide, numbers, date serials, formulas, sparse cells), in both the
one-pass reader and the element-by-element one (a prefixed sheet)."""

import datetime as dt

import pytest

from tavana.core.models import District
from tavana.people.importing import import_people
from tavana.people.importing.tabular import open_table
from tavana.people.models import Person

from .excel_files import HEADERS, write_excel_xlsx

EXPECTED = [
    (2, [1, "0013542419", "فاطمه", "رضایی", "1360/05/10", "09121112233", 4,
         "  تهران، خیابان آزادی  "]),
    (3, []),
    (4, [2, "0084575948", "زهرا", "کریمی", dt.date(1985, 3, 21), None, 9, "تهران، نارمک"]),
    (5, [3, None, "سارا", "رضایی", dt.date(1990, 12, 1), 9351112233, 19, None, True]),
]  # fmt: skip


@pytest.mark.parametrize("prefixed", [False, True], ids=["one-pass", "prefixed"])
def test_excel_written_cells_are_read_as_typed(tmp_path, prefixed):
    table = open_table(write_excel_xlsx(tmp_path / "excel.xlsx", prefixed=prefixed))
    assert table.headers == HEADERS
    assert list(table.rows) == EXPECTED  # rich text joined, no phonetic guide, dates as dates


@pytest.mark.django_db
def test_an_excel_file_imports_every_woman(tmp_path, make_user):
    District.objects.bulk_create([District(number=i, name=f"منطقه {i}") for i in range(1, 23)])
    actor = make_user("registrar", username="importer")
    result = import_people(write_excel_xlsx(tmp_path / "excel.xlsx"), actor=actor)
    assert (result.created, result.rejected) == (3, 0)
    fatemeh = Person.objects.get(national_code="0013542419")
    assert (fatemeh.first_name, fatemeh.birth_date, fatemeh.district.number) == (
        "فاطمه",
        dt.date(1981, 8, 1),
        4,
    )
    assert fatemeh.address == "تهران، خیابان آزادی"
    zahra = Person.objects.get(national_code="0084575948")
    assert zahra.birth_date == dt.date(1985, 3, 21) and zahra.address == "تهران، نارمک"
    sara = Person.objects.get(first_name="سارا")
    assert sara.mobile == "09351112233" and sara.birth_date == dt.date(1990, 12, 1)
