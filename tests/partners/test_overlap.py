"""`tavana overlap` as shared/contracts/overlap.md says, and how close its count is
to the truth on two generated lists with known overlaps."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from django.core.management import call_command

from tavana.core.domain.persian_text import search_key
from tavana.core.models import District
from tavana.partners.domain.overlap.encoding import encode_records, encode_values
from tavana.partners.domain.overlap.linking import link
from tavana.partners.overlap import read_list
from tavana.people.domain.match_records import normalise_fields
from tavana.people.models import Person
from tavana_demo.overlap_lists import write_lists

TAVANA = [str(Path(sys.executable).with_name("tavana"))]
if not Path(TAVANA[0]).exists():
    TAVANA = [sys.executable, "-m", "tavana"]

SECRET = b"a shared secret of the Center and its partner, 46 bytes"


def run(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run([*TAVANA, "overlap", *args], capture_output=True, text=True, env=env)


@pytest.fixture
def lists(tmp_path):
    a, b = tmp_path / "partner.csv", tmp_path / "registry.csv"
    truth = write_lists(a, b, n_a=1500, n_b=3000, common=500, seed=21)
    key = tmp_path / "key.txt"
    key.write_bytes(SECRET)
    return a, b, key, truth


def _matched(a: Path, b: Path, secret: bytes = SECRET) -> np.ndarray:
    ra, ga = read_list(a, "service")
    rb, gb = read_list(b)
    return link(encode_values(ra, secret, ga), encode_values(rb, secret, gb)).matched


def test_the_count_is_close_to_the_truth_with_variants_and_typos(lists):
    a, b, _, truth = lists
    matched = _matched(a, b)
    real = np.zeros(len(matched), dtype=bool)
    real[np.array(sorted(truth.rows)) - 1] = True
    assert truth.matched == 500
    # every woman in both lists is there through two different records of hers
    # (spelling variants, titles, typos, a new mobile and address years later)
    false_matches = int((matched & ~real).sum())
    missed = int((~matched & real).sum())
    assert false_matches <= 5  # look-alike sisters, twins and namesakes kept apart
    assert missed <= 25  # at most 5% of the true overlap
    assert abs(int(matched.sum()) - truth.matched) <= 25


def test_a_typo_in_the_code_and_a_variant_spelling_still_match():
    her = normalise_fields("1", "0024944122", "اسماعیل", "رضایی", "حسن", "1365/04/12", "", "", "")
    typed = normalise_fields(
        "2", "0024941422", "اسمعیل", "رضائی", "حسن", "۱۳۶۵-۰۴-۱۲", "", "", ""
    )  # two digits swapped, another spelling, Persian digits
    sister = normalise_fields("3", "", "مریم", "رضایی", "حسن", "1365/04/12", "", "", "")
    a = encode_records([typed, sister], SECRET)
    b = encode_records([her], SECRET)
    assert link(a, b).matched.tolist() == [True, False]


def test_without_the_same_secret_nothing_matches(lists):
    a, b, _, _ = lists
    ra, _ = read_list(a)
    rb, _ = read_list(b)
    other = b"another secret that is also long enough, 44 b"
    ea, eb = encode_values(ra, SECRET, [None] * len(ra)), encode_values(rb, other, [None] * len(rb))
    assert not link(ea, eb).matched.any()


def test_the_cli_counts_by_group_and_writes_nothing_to_stdout(lists, tmp_path):
    a, b, key, truth = lists
    ea, eb, out = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "counts.json"
    for args in (
        (str(a), "--secret-file", str(key), "--output", str(ea), "--group", "service"),
        (str(b), "--secret-file", str(key), "--output", str(eb)),
    ):
        proc = run("encode", *args)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout == ""
    proc = run("count", str(ea), str(eb), "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["a"] == 1500 and result["b"] == 3000 and result["min_cell"] == 5
    assert abs(result["matched"] - truth.matched) <= 25
    assert set(result["by_group"]) == set(truth.by_service)
    for service, count in result["by_group"].items():
        assert abs(count - truth.by_service[service]) <= 10


def test_encodings_hold_no_identifier_in_clear(lists, tmp_path):
    a, _, key, _ = lists
    out = tmp_path / "a.jsonl"
    call_command("overlap", "encode", str(a), secret_file=str(key), output=str(out))
    text = out.read_text(encoding="utf-8")
    rows = [json.loads(line) for line in text.splitlines()]
    with a.open(encoding="utf-8") as f:
        source = list(csv.DictReader(f))
    assert len(rows) == len(source)
    assert all(set(r) == {"group", "enc"} and r["group"] is None for r in rows)
    for rec in source[:200]:
        for field in ("national_code", "mobile", "first_name", "last_name"):
            value = rec[field].strip()
            if len(value) >= 3:
                assert value not in text
    # the same woman typed twice gives the same encoding; one letter changes it all
    one = encode_records([normalise_fields("1", "", "زهرا", "کریمی", "", "", "", "", "")], SECRET)
    two = encode_records([normalise_fields("1", "", "زهره", "کریمی", "", "", "", "", "")], SECRET)
    assert one.col("first_eq")[0] != two.col("first_eq")[0]
    assert one.col("last_eq")[0] == two.col("last_eq")[0]


def test_an_xlsx_list_reads_like_the_csv(lists, tmp_path):
    a, b, key, _ = lists
    wb = openpyxl.Workbook()
    ws = wb.active
    with a.open(encoding="utf-8") as f:
        for row in csv.reader(f):
            ws.append(row)
    xlsx = tmp_path / "partner.xlsx"
    wb.save(xlsx)
    assert _matched(xlsx, b).sum() == _matched(a, b).sum()


def test_small_cells_are_hidden_and_cannot_be_recovered(tmp_path):
    key = tmp_path / "key.txt"
    key.write_bytes(SECRET)
    people = [
        ("0024944122", "زهرا", "کریمی", "1"),
        ("0012345679", "مریم", "احمدی", "1"),
        ("0087654321", "فاطمه", "رضایی", "2"),
    ]
    rows = [(nc, f, last, "علی", "1360/01/01", "", "", "", g) for nc, f, last, g in people]
    rows += [
        (f"{n:09d}0"[:10], "نرگس", "حسینی", "محمد", f"1350/02/{n % 28 + 1:02d}", "", "", "", "3")
        for n in range(100_000_000, 100_000_008)
    ]
    header = (*("national_code first_name last_name father_name birth_date").split(),)
    header = (*header, "mobile", "district", "address", "service")
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    for path in (a, b):
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(rows)
    for src, out in ((a, "a.jsonl"), (b, "b.jsonl")):
        call_command(
            "overlap", "encode", str(src), secret_file=str(key), output=str(tmp_path / out),
            group="service",
        )  # fmt: skip
    call_command(
        "overlap", "count", str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl"),
        output=str(tmp_path / "c.json"),
    )  # fmt: skip
    result = json.loads((tmp_path / "c.json").read_text())
    assert result["matched"] == 11
    # «1» (2) and «2» (1) are small; hiding both leaves nothing to subtract
    assert result["by_group"] == {"1": None, "2": None, "3": 8}
    call_command(
        "overlap", "count", str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl"),
        output=str(tmp_path / "c.json"), min_cell=1,
    )  # fmt: skip
    assert json.loads((tmp_path / "c.json").read_text())["by_group"] == {"1": 2, "2": 1, "3": 8}


@pytest.mark.parametrize(
    "make, reason",
    [
        (lambda p: p.write_bytes(b"too short"), "۳۲"),
        (lambda p: None, "رمز"),
    ],
)
def test_a_bad_secret_exits_2_with_one_line(lists, tmp_path, make, reason):
    a, _, _, _ = lists
    key = tmp_path / "bad.key"
    make(key)
    out = tmp_path / "a.jsonl"
    proc = run("encode", str(a), "--secret-file", str(key), "--output", str(out))
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and reason in proc.stderr
    assert proc.stdout == "" and not out.exists()


def test_unreadable_inputs_exit_2(lists, tmp_path):
    _, _, key, _ = lists
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"group": null, "enc": "not ours"}\n', encoding="utf-8")
    proc = run("count", str(bad), str(bad), "--output", str(tmp_path / "c.json"))
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    proc = run("encode", str(tmp_path / "missing.csv"), "--secret-file", str(key), "--output",
               str(tmp_path / "x.jsonl"))  # fmt: skip
    assert proc.returncode == 2 and "پیدا نشد" in proc.stderr
    assert not (tmp_path / "c.json").exists() and not (tmp_path / "x.jsonl").exists()


@pytest.mark.django_db
def test_the_registry_is_encoded_with_its_districts(tmp_path):
    key = tmp_path / "key.txt"
    key.write_bytes(SECRET)
    women = [
        ("0024944122", "زهرا", "کریمی", 4),
        ("0012345679", "مریم", "احمدی", 4),
        ("0087654321", "فاطمه", "رضایی", 9),
    ]
    for code, first, last, number in women:
        district, _ = District.objects.get_or_create(number=number, defaults={"name": str(number)})
        Person.objects.create(
            national_code=code, first_name=first, last_name=last, father_name="علی",
            birth_date=dt.date(1981, 3, 21), district=district,
            name_key=search_key(f"{first} {last}"), first_key=search_key(first),
            last_key=search_key(last),
        )  # fmt: skip
    registry = tmp_path / "registry.jsonl"
    call_command("overlap", "encode", registry=True, secret_file=str(key), output=str(registry))
    rows = [json.loads(line) for line in registry.read_text().splitlines()]
    assert sorted(r["group"] for r in rows) == ["4", "4", "9"]
    partner = tmp_path / "partner.csv"
    partner.write_text(
        "کد ملی,نام,نام خانوادگی,نام پدر,تاریخ تولد\n"
        "۰۰۲۴۹۴۴۱۲۲,زهرا,کريمي,علی,1360/01/01\n"
        "0087654321,فاطمه,رضائی,علی,1360/01/01\n"
        "0011111111,سارا,محمدی,رضا,1370/05/05\n",
        encoding="utf-8",
    )
    call_command(
        "overlap", "encode", str(partner), secret_file=str(key), output=str(tmp_path / "p")
    )
    call_command(
        "overlap", "count", str(tmp_path / "p"), str(registry), output=str(tmp_path / "c"),
        min_cell=1,
    )  # fmt: skip
    assert json.loads((tmp_path / "c").read_text())["matched"] == 2


# ------------------------ names heard and written, typos of two names (as the registry)


def _women_named(*names: str, each: int = 6) -> list:
    """Women of the registry who are not the pair judged, carrying these first
    names (so the lists know them as established names)."""
    return [
        normalise_fields(
            f"o{n}-{k}", "", name, f"نام{n}{k}", "حمید", f"13{50 + k}/02/0{1 + n}", "", "3", ""
        )
        for n, name in enumerate(names)
        for k in range(each)
    ]


def _counted(partner: list, registry: list) -> list[bool]:
    return link(encode_records(partner, SECRET), encode_records(registry, SECRET)).matched.tolist()


def _woman(id: str, code: str, first: str):
    return normalise_fields(id, code, first, "کاظمی", "رضا", "1370/05/20", "", "3", "")


def test_twins_one_name_written_by_ear_the_other_without_a_code_are_two_women():
    """As `test_twins_one_name_written_by_ear_the_other_without_a_code_stay_apart`
    of the registry's matcher: «مهصا» (by ear, rare) counts as «مهسا», and
    «مهسا»/«مهلا» are two established names, not a typo of one."""
    registry = [_woman("b", "", "مهلا"), *_women_named("مهسا", "مهلا")]
    assert _counted([_woman("a", "0084575948", "مهصا")], registry) == [False]
    # «مهصا» is still «مهسا»: the same woman
    registry = [_woman("b", "", "مهسا"), *_women_named("مهسا", "مهلا")]
    assert _counted([_woman("a", "0084575948", "مهصا")], registry) == [True]


@pytest.mark.parametrize(("typo", "meant"), [("زهرن", "زهرا"), ("زهرن", "زهره"), ("مهبا", "مهسا")])
def test_a_typo_a_letter_from_two_names_without_a_code_is_not_counted(typo, meant):
    """«زهرن» is a letter from زهرا and from زهره: with no national code on one
    side nothing says which she is, so she is not counted as in both lists."""
    others = _women_named("زهرا", "زهره", "مهسا", "مهلا")
    partner = [_woman("a", "0084575948", typo)]
    assert _counted(partner, [_woman("b", "", meant), *others]) == [False]
    # the same code on both sides says who she is
    assert _counted(partner, [_woman("b", "0084575948", meant), *others]) == [True]
    # a typo a letter from one name only is still that name
    alone = [_woman("a", "0084575948", "مریک")]
    assert _counted(alone, [_woman("b", "", "مریم"), *others]) == [True]
