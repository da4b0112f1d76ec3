"""The import pipeline (tavana.people.importing) against the database."""

import datetime as dt

import pytest

from tavana.audit.models import AuditEntry
from tavana.core.models import District
from tavana.people import importing
from tavana.people.importing import UnreadableFile, import_people, importer, map_headers
from tavana.people.models import DuplicateCandidate, Person, Registration

from .import_files import PERSIAN_HEADERS, code, read_report, sample_rows, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def districts(db):
    District.objects.bulk_create([District(number=i, name=f"منطقه {i}") for i in range(1, 23)])


@pytest.fixture
def actor(make_user):
    return make_user("registrar", username="importer")


def test_headers_persian_variants_and_english_names():
    mapping, unknown = map_headers(
        ["کدملی", "نام", "نام‌خانوادگی", "نام پدر", "موبایل", "آدرس", "یادداشت", "ردیف"]
    )
    assert mapping == [
        "national_code",
        "first_name",
        "last_name",
        "father_name",
        "mobile",
        "address",
        None,
        importing.IGNORED,
    ]
    assert unknown == ["یادداشت"]
    mapping, unknown = map_headers(
        "id,national_code,first_name,last_name,father_name,birth_date,mobile,district,address".split(
            ","
        )
    )
    assert mapping[1:] == [
        "national_code",
        "first_name",
        "last_name",
        "father_name",
        "birth_date",
        "mobile",
        "district",
        "address",
    ]
    assert unknown == []


def test_headers_unrecognised_or_repeated_are_unreadable():
    with pytest.raises(UnreadableFile):
        map_headers(["الف", "ب"])
    with pytest.raises(UnreadableFile, match="دو بار"):
        map_headers(["نام", "نام خانوادگی", "موبایل", "تلفن همراه"])


def test_import_xlsx_outcomes_registrations_and_report(tmp_path, districts, actor):
    src = write_xlsx(
        tmp_path / "in.xlsx", [*PERSIAN_HEADERS, "توضیح"], [[*r, "یادداشت"] for r in sample_rows()]
    )
    report = tmp_path / "rejected.xlsx"
    result = import_people(src, actor=actor, report=report, duplicates="off")
    assert (result.created, result.updated, result.unchanged, result.rejected) == (4, 0, 0, 2)
    assert result.unknown_columns == ["توضیح"]
    fatemeh = Person.objects.get(national_code=code(101))
    assert fatemeh.birth_date == dt.date(1986, 4, 30)
    assert fatemeh.district.number == 4 and fatemeh.mobile == "09121234567"
    assert fatemeh.first_key and fatemeh.last_key == "رضایی"
    # rows written without the ORM look like rows the ORM writes
    assert fatemeh.sex == "F" and fatemeh.name_key == "فاطمه رضایی" and fatemeh.as_typed == {}
    assert fatemeh.created_at is not None and fatemeh.created_by == actor
    reg = fatemeh.registration
    assert reg.registered_at is not None and reg.basis_review_date > dt.date.today()
    assert reg.basis_self_declared and not reg.primary_earner
    assert Person.objects.get(national_code=code(102)).mobile == "09137654321"
    assert Person.objects.get(first_name="مریم").national_code is None
    assert Registration.objects.filter(channel="import").count() == 4
    assert Registration.objects.filter(registered_by=actor).count() == 4
    rows = read_report(report)
    assert rows[0] == [*PERSIAN_HEADERS, "توضیح", "شمارهٔ سطر", "دلیل رد"]
    assert len(rows) == 3
    leila = next(r for r in rows[1:] if r[2] == "لیلا")
    assert leila[:10] == [5, "1234567890", "لیلا", "حسینی", "محمود", "1399/13/40", "0912", "4",
                          "خیابان ولیعصر", "یادداشت"]  # fmt: skip
    reason = leila[-1]
    for label in ("کد ملی", "تاریخ تولد", "تلفن همراه"):
        assert label in reason
    nameless = next(r for r in rows[1:] if r[3] == "نوری")
    assert "نام" in nameless[-1]
    entry = AuditEntry.objects.get(action="person.import_create")
    assert sorted(entry.after["ids"]) == sorted(result.created_ids)
    assert entry.actor_username == "importer"


def test_reimport_creates_nothing_and_is_unchanged(tmp_path, districts, actor):
    src = write_xlsx(tmp_path / "in.xlsx", PERSIAN_HEADERS, sample_rows())
    import_people(src, actor=actor, duplicates="off")
    before = Person.objects.count()
    again = import_people(src, actor=actor, duplicates="off")
    assert Person.objects.count() == before
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 4, 2)


def test_update_contact_fields_and_reject_identity_change(tmp_path, districts, actor):
    first = write_csv(tmp_path / "a.csv", PERSIAN_HEADERS, sample_rows()[:2])
    import_people(first, actor=actor, duplicates="off")
    rows = [
        # new mobile and district, name typed with Arabic letters: same key, no conflict
        [1, code(101), "فاطمة", "رضائي", "علي", "1365/02/10", "09120000000", "5", ""],
        # a different surname for the same national code: not overwritten by a file
        [2, code(102), "زهرا", "کاظمی", "حسن", "1370/05/12", "", "", ""],
    ]
    second = write_csv(tmp_path / "b.csv", PERSIAN_HEADERS, rows)
    report = tmp_path / "rej.csv"
    result = import_people(second, actor=actor, report=report, duplicates="off")
    assert (result.created, result.updated, result.unchanged, result.rejected) == (0, 1, 0, 1)
    f = Person.objects.get(national_code=code(101))
    assert f.mobile == "09120000000" and f.district.number == 5
    assert f.first_name == "فاطمه" and f.address == "خیابان آزادی"  # empty cell keeps it
    assert Person.objects.get(national_code=code(102)).last_name == "محمدی"
    reason = read_report(report)[1][-1]
    assert "نام خانوادگی" in reason and "درخواست اصلاح" in reason
    entry = AuditEntry.objects.get(action="person.import_update")
    assert entry.after["changes"][str(f.pk)]["mobile"] == ["09121234567", "09120000000"]


def test_empty_identity_field_is_filled(tmp_path, districts, actor):
    import_people(
        write_csv(
            tmp_path / "a.csv", ["کد ملی", "نام", "نام خانوادگی"], [[code(7), "نرگس", "امینی"]]
        ),
        actor=actor,
        duplicates="off",
    )
    result = import_people(
        write_csv(
            tmp_path / "b.csv", ["کد ملی", "نام پدر", "تاریخ تولد"], [[code(7), "جواد", "1360/1/1"]]
        ),
        actor=actor,
        duplicates="off",
    )
    assert result.updated == 1
    p = Person.objects.get(national_code=code(7))
    assert p.father_name == "جواد" and p.father_key == "جواد" and p.birth_date is not None


def test_mixed_updates_in_one_chunk(tmp_path, districts, actor):
    """One person gets a father's name (identity keys rewritten), another only a new
    district: neither loses what the other's update touches."""
    rows = [
        [1, code(801), "الهام", "صادقی", "", "1366/06/06", "", "3", ""],
        [2, code(802), "شیما", "یزدانی", "مجید", "1371/07/07", "", "8", ""],
    ]
    import_people(write_csv(tmp_path / "a.csv", PERSIAN_HEADERS, rows), actor=actor,
                  duplicates="off")  # fmt: skip
    from tavana.core.models import Neighbourhood

    shima = Person.objects.get(national_code=code(802))
    shima.neighbourhood = Neighbourhood.objects.create(district=shima.district, name="نارمک")
    shima.save()
    rows = [
        [1, code(801), "الهام", "صادقی", "کاظم", "", "", "", ""],
        [2, code(802), "", "", "", "", "", "9", ""],
    ]
    result = import_people(
        write_csv(tmp_path / "b.csv", PERSIAN_HEADERS, rows), actor=actor, duplicates="off"
    )
    assert result.updated == 2
    elham = Person.objects.get(national_code=code(801))
    assert elham.father_name == "کاظم" and elham.father_key == "کاظم"
    assert elham.name_key == "الهام صادقی" and elham.district.number == 3
    shima = Person.objects.get(national_code=code(802))
    assert shima.district.number == 9 and shima.neighbourhood is None
    assert shima.name_key == "شیما یزدانی" and shima.father_name == "مجید"


def test_row_without_code_matches_by_keys(tmp_path, districts, actor):
    src = write_csv(tmp_path / "a.csv", PERSIAN_HEADERS, [sample_rows()[2]])
    import_people(src, actor=actor, duplicates="off")
    # same woman, typed differently, now with a mobile: matched by name keys + birth date
    row = [9, "", "مريم", "احمدي", "رضا", "۱۳۵۸/۱۱/۰۱", "09351234567", "", ""]
    result = import_people(
        write_csv(tmp_path / "b.csv", PERSIAN_HEADERS, [row]), actor=actor, duplicates="off"
    )
    assert (result.created, result.updated) == (0, 1)
    assert Person.objects.get(first_name="مریم").mobile == "09351234567"


def test_row_without_any_identifier_is_rejected(tmp_path, districts, actor):
    src = write_csv(
        tmp_path / "a.csv", ["نام", "نام خانوادگی", "نشانی"], [["آمنه", "صالحی", "کوچه"]]
    )
    report = tmp_path / "r.csv"
    result = import_people(src, actor=actor, report=report, duplicates="off")
    assert result.rejected == 1 and Person.objects.count() == 0
    assert "کد ملی" in read_report(report)[1][-1]


def test_duplicates_within_one_file(tmp_path, districts, actor):
    same = [1, code(301), "هانیه", "قاسمی", "مهدی", "1375/03/03", "09121111111", "3", ""]
    differs = [2, code(301), "هانیه", "قاسمی", "مهدی", "1375/03/03", "09122222222", "3", ""]
    src = write_csv(tmp_path / "a.csv", PERSIAN_HEADERS, [same, [3, *same[1:]], differs])
    report = tmp_path / "r.csv"
    result = import_people(src, actor=actor, report=report, duplicates="off")
    assert (result.created, result.updated, result.unchanged, result.rejected) == (1, 0, 1, 1)
    assert Person.objects.get().mobile == "09121111111"
    assert "سطر 2" in read_report(report)[1][-1]
    again = import_people(src, actor=actor, duplicates="off")
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 2, 1)


def test_dry_run_changes_nothing(tmp_path, districts, actor):
    src = write_xlsx(tmp_path / "in.xlsx", PERSIAN_HEADERS, sample_rows())
    report = tmp_path / "r.csv"
    result = import_people(src, actor=actor, dry_run=True, report=report)
    assert (result.created, result.rejected) == (4, 2)
    assert Person.objects.count() == 0 and Registration.objects.count() == 0
    assert not AuditEntry.objects.filter(action__startswith="person.import").exists()
    assert len(read_report(report)) == 3


def test_csv_with_bom_and_windows_1256(tmp_path, districts, actor):
    rows = [sample_rows()[0], [2, code(9), "زینب", "کاظمی", "", "1370/05/12", "", "7", "کوچه"]]
    bom = write_csv(tmp_path / "bom.csv", PERSIAN_HEADERS, rows, encoding="utf-8-sig")
    assert import_people(bom, actor=actor, dry_run=True).created == 2
    # Windows-1256 has no Persian ی/ک: such files carry the Arabic ي/ك
    arabic = str.maketrans("یک", "يك")
    legacy = write_csv(
        tmp_path / "win.csv",
        [h.translate(arabic) for h in PERSIAN_HEADERS],
        [[c.translate(arabic) if isinstance(c, str) else c for c in r] for r in rows],
        encoding="cp1256",
    )
    result = import_people(legacy, actor=actor, dry_run=True)
    assert result.created == 2 and result.encoding == "windows-1256"


def test_blank_rows_are_not_data_rows(tmp_path, districts, actor):
    rows = [sample_rows()[0], [None] * 9, sample_rows()[1]]
    result = import_people(
        write_xlsx(tmp_path / "in.xlsx", PERSIAN_HEADERS, rows), actor=actor, duplicates="off"
    )
    assert result.rows == 2


def test_numbers_typed_as_numbers_in_excel(tmp_path, districts, actor):
    nc = code(1234567)  # starts with two zeros, which a number cell loses
    assert nc.startswith("00")
    row = [1, int(nc), "پریسا", "نادری", "", "1370/1/1", 9121234567, 4, ""]
    result = import_people(
        write_xlsx(tmp_path / "in.xlsx", PERSIAN_HEADERS, [row]), actor=actor, duplicates="off"
    )
    assert result.created == 1
    p = Person.objects.get()
    assert p.national_code == nc and p.mobile == "09121234567"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.xlsx", b""),
        ("empty.csv", b""),
        ("garbage.xlsx", b"this is not a spreadsheet at all" * 10),
        ("notes.txt", b"national_code,first_name\n"),
        ("old.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100),
        ("nul.csv", b"\x00\x01\x02 binary"),
        ("headers.csv", "الف,ب,پ\n1,2,3\n".encode()),
    ],
)
def test_unreadable_files(tmp_path, districts, actor, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableFile):
        import_people(path, actor=actor)
    assert Person.objects.count() == 0


def test_truncated_xlsx_is_unreadable(tmp_path, districts, actor):
    good = write_xlsx(tmp_path / "in.xlsx", PERSIAN_HEADERS, sample_rows())
    data = good.read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(data[: len(data) // 2])
    report = tmp_path / "r.xlsx"
    with pytest.raises(UnreadableFile):
        import_people(cut, actor=actor, report=report)
    assert Person.objects.count() == 0 and not report.exists()


def test_many_rows_in_chunks(tmp_path, districts, actor, monkeypatch):
    monkeypatch.setattr(importer, "CHUNK", 7)
    rows = [
        [i, code(1000 + i), "نگار", f"نام{'ا' * (i % 5)}ی", "", "", f"0912{i:07d}", "", ""]
        for i in range(40)
    ]
    # the same person twice, in different chunks
    rows.append([99, code(1003), "نگار", "نامااای", "", "", "09120000003", "", ""])
    src = write_csv(tmp_path / "a.csv", PERSIAN_HEADERS, rows)
    result = import_people(src, actor=actor, duplicates="off")
    assert (result.created, result.unchanged) == (40, 1)
    assert AuditEntry.objects.filter(action="person.import_create").count() == 6


def test_likely_duplicates_are_queued_not_merged(tmp_path, districts, actor):
    existing = [1, code(501), "سمانه", "رحیمی", "عباس", "1368/04/20", "09125550000", "4", ""]
    import_people(
        write_csv(tmp_path / "a.csv", PERSIAN_HEADERS, [existing]), actor=actor, duplicates="off"
    )
    # the same woman again, without her national code and her name spelled from hearing
    again = [2, "", "صمانه", "رحیمی", "عباس", "1368/04/20", "09125550000", "4", ""]
    result = import_people(write_csv(tmp_path / "b.csv", PERSIAN_HEADERS, [again]), actor=actor)
    assert result.created == 1
    assert result.duplicates_flagged == 1
    pair = DuplicateCandidate.objects.get()
    assert pair.source == "import" and pair.status == "open" and pair.reasons
    assert Person.objects.filter(merged_into__isnull=False).count() == 0


def test_report_keeps_formula_like_cells_as_text(tmp_path, districts, actor):
    rows = [[1, '=HYPERLINK("x")', "+98", "-", "@x", "", "", "", ""]]
    src = write_csv(tmp_path / "a.csv", PERSIAN_HEADERS, rows)
    report = tmp_path / "r.xlsx"
    result = import_people(src, actor=actor, report=report, duplicates="off")
    assert result.rejected == 1
    import openpyxl

    cell = openpyxl.load_workbook(report).active["B2"]
    assert cell.value == '=HYPERLINK("x")' and cell.data_type == "s"


def test_semicolon_separated_csv(tmp_path, districts, actor):
    path = tmp_path / "a.csv"
    path.write_text(
        "کد ملی;نام;نام خانوادگی;تاریخ تولد\n" + f"{code(55)};مینا;کریمی;1369/01/02\n",
        encoding="utf-8",
    )
    assert import_people(path, actor=actor, duplicates="off").created == 1


def _search_tables():
    from django.db import connection

    with connection.cursor() as c:
        if connection.vendor == "sqlite":
            c.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
            triggers = [r[0] for r in c.fetchall()]
            c.execute("SELECT rowid, flat FROM people_search_fts ORDER BY rowid")
            fts = c.fetchall()
        else:
            c.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'people_person'::regclass "
                "AND NOT tgisinternal ORDER BY tgname"
            )
            triggers = [r[0] for r in c.fetchall()]
            fts = None
        c.execute("SELECT id, key FROM people_search_vocab ORDER BY id")
        return triggers, fts, c.fetchall()


def test_search_tables_as_the_triggers_would_fill_them(
    tmp_path, districts, actor, make_user, monkeypatch
):
    """The import fills the search side tables set-based (SQLite): the same rows,
    vocabulary ids in the same order, and the triggers are back afterwards."""
    from tavana.people.search import person_search

    monkeypatch.setattr(importer, "CHUNK", 5)
    names = ["نگار", "سارا", "مریم", "علي", "زهرا", "سارا"]
    rows = [
        [i, code(2000 + i), names[i % 6], f"کریم{'ی' * (i % 3)}", "", "", f"0912{i:07d}", "", ""]
        for i in range(17)
    ]
    triggers_before, _fts, vocab_before = _search_tables()
    dry = import_people(
        write_csv(tmp_path / "a.csv", PERSIAN_HEADERS, rows), actor=actor, dry_run=True
    )
    assert dry.created == 17
    assert _search_tables() == (triggers_before, _fts, vocab_before)
    import_people(write_csv(tmp_path / "a.csv", PERSIAN_HEADERS, rows), actor=actor)
    triggers, fts, vocab = _search_tables()
    assert triggers == triggers_before
    # the same persons written one by one through the ORM (the triggers fire)
    persons = list(Person.objects.order_by("id").values())
    Registration.objects.all().delete()
    Person.objects.all().delete()
    from django.db import connection

    with connection.cursor() as c:
        c.execute("DELETE FROM people_search_vocab")
    Person.objects.bulk_create([Person(**p) for p in persons], batch_size=1)
    expected = _search_tables()
    assert (triggers, fts) == expected[:2]
    assert [k for _i, k in vocab] == [k for _i, k in expected[2]]
    assert len({k for _i, k in vocab}) == len(vocab)
    admin = make_user("administrator", username="search_admin")
    found = person_search(actor=admin, query="سارا کریمیی").results
    assert {(p.first_name, p.last_name) for p in found} >= {("سارا", "کریمیی")}
    found = person_search(actor=admin, query="ریمی").results  # a substring (trigram index)
    assert found and all("ریمی" in p.last_name for p in found)


def test_rejected_rows_reported_in_file_order_across_chunks(
    tmp_path, districts, actor, monkeypatch
):
    monkeypatch.setattr(importer, "CHUNK", 3)
    good = [[i, code(3000 + i), "نرگس", "امینی", "", "", f"0913{i:07d}", "", ""] for i in range(4)]
    bad = [[10 + i, "12345", "نرگس", "امینی", "", "", "", "", ""] for i in range(8)]
    rows = good[:1] + bad[:5] + good[1:] + bad[5:]
    report = tmp_path / "r.csv"
    result = import_people(
        write_csv(tmp_path / "a.csv", PERSIAN_HEADERS, rows), actor=actor, report=report
    )
    assert (result.created, result.rejected) == (4, 8)
    lines = [int(r[-2]) for r in read_report(report)[1:]]
    assert lines == [3, 4, 5, 6, 7, 11, 12, 13]


def test_a_rejected_row_lists_every_fault_so_the_file_is_fixed_once(tmp_path, districts, actor):
    """A row with a bad date, a bad mobile and no last name names all three (and
    that nothing else could find her); a row that only misses its names and any
    identifier says both."""
    src = write_csv(
        tmp_path / "a.csv",
        PERSIAN_HEADERS,
        [
            [1, "", "آمنه", "", "", "1404/13/40", "0912", "4", ""],
            [2, "", "", "", "", "", "", "4", "کوچه یاس"],
        ],
    )
    report = tmp_path / "r.csv"
    result = import_people(src, actor=actor, report=report, duplicates="off")
    assert result.rejected == 2 and Person.objects.count() == 0
    first, second = (row[-1] for row in read_report(report)[1:])
    assert "تاریخ تولد" in first and "تلفن همراه" in first and "نام خانوادگی" in first
    assert "نام:" not in first  # the first name was there
    assert "نام: نام را وارد کنید" in second and "نام خانوادگی" in second
    assert "دست‌کم یکی از کد ملی" in second
