"""`tavana dedup INPUT.csv --output CLUSTERS.csv` as shared/contracts/dedup.md says."""

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tavana.people.domain.matching import FIELDS
from tavana_demo.synthetic import generate

TAVANA = [str(Path(sys.executable).with_name("tavana"))]
if not Path(TAVANA[0]).exists():
    TAVANA = [sys.executable, "-m", "tavana"]

HEADER = ",".join(FIELDS)


def write_registry(path: Path, n: int = 300, seed: int = 4) -> list[str]:
    data = generate(n, seed=seed)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(data.records)
    return [r["id"] for r in data.records]


def run(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run([*TAVANA, "dedup", *args], capture_output=True, text=True, env=env)


def read_output(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_writes_every_id_exactly_once(tmp_path):
    source, out = tmp_path / "in.csv", tmp_path / "clusters.csv"
    ids = write_registry(source)
    proc = run(str(source), "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    rows = read_output(out)
    assert rows[0] == ["id", "cluster"]
    assert [r[0] for r in rows[1:]] == ids
    clusters = [r[1] for r in rows[1:]]
    assert all(clusters)
    assert len(set(clusters)) < len(ids)  # the generated file has duplicates


def test_unreadable_input_exits_2_with_one_line(tmp_path):
    proc = run(str(tmp_path / "missing.csv"), "--output", str(tmp_path / "out.csv"))
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out.csv").exists()


def test_accepts_bom_any_column_order_and_typed_text(tmp_path):
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    cols = list(reversed(FIELDS))
    rows = [
        {"id": "1", "national_code": "۰۰۱۲۳۴۵۶۷۸", "first_name": "سیده زهرا", "last_name": "كريمي",
         "birth_date": "۱۳۶۰/۰۱/۰۲", "mobile": "+989121234567"},
        {"id": "2", "national_code": "0012345678", "first_name": "زهرا", "last_name": "کریمی",
         "birth_date": "1360-1-2", "mobile": "09121234567"},
        {"id": "3", "first_name": "مریم", "last_name": "کریمی"},
    ]  # fmt: skip
    with source.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=cols)
        writer.writeheader()
        writer.writerows(rows)
    call_command("dedup", str(source), output=str(out))
    result = dict(read_output(out)[1:])
    assert result["1"] == result["2"] != result["3"]


def test_header_only_gives_header_only(tmp_path):
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(HEADER + "\n", encoding="utf-8")
    call_command("dedup", str(source), output=str(out))
    assert read_output(out) == [["id", "cluster"]]


BAD_INPUTS = {
    "empty file": b"",
    "not utf-8": (HEADER + "\n1,,زهرا,كريمي,,,,,\n").encode("cp1256"),
    "missing column": b"id,national_code,first_name\n1,,x\n",
    "ragged row": (HEADER + "\n1,2\n").encode(),
    "empty id": (HEADER + "\n,0012345678,,,,,,,\n").encode(),
    "repeated id": (HEADER + "\n1,,,,,,,,\n1,,,,,,,,\n").encode(),
}


@pytest.mark.parametrize("content", BAD_INPUTS.values(), ids=list(BAD_INPUTS))
def test_bad_input_is_refused_with_status_2(tmp_path, content):
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_bytes(content)
    with pytest.raises(CommandError) as info:
        call_command("dedup", str(source), output=str(out))
    assert info.value.returncode == 2
    assert "\n" not in str(info.value)
    assert not out.exists()


def test_directory_as_input_is_refused(tmp_path):
    with pytest.raises(CommandError) as info:
        call_command("dedup", str(tmp_path), output=str(tmp_path / "out.csv"))
    assert info.value.returncode == 2


def test_pairs_file_lists_probability_decision_and_reasons(tmp_path):
    source, out, pairs = tmp_path / "in.csv", tmp_path / "out.csv", tmp_path / "pairs.csv"
    write_registry(source)
    proc = run(str(source), "--output", str(out), "--pairs", str(pairs))
    assert proc.returncode == 0, proc.stderr
    rows = read_output(pairs)
    assert rows[0] == ["id_a", "id_b", "probability", "decision", "reasons"]
    clusters = dict(read_output(out)[1:])
    assert rows[1:]
    together = []
    for id_a, id_b, probability, decision, reasons in rows[1:]:
        assert 0.0 < float(probability) <= 1.0
        assert decision in ("match", "review")
        assert reasons  # Persian, «؛»-separated
        if decision == "match":
            together.append(clusters[id_a] == clusters[id_b])
    # a match is clustered unless a record already in the cluster vetoes it
    assert sum(together) >= 0.95 * len(together)
