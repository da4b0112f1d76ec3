"""`tavana import people FILE [--dry-run] [--report FILE]` as shared/contracts/import.md says."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tavana.accounts.models import User
from tavana.core.models import District
from tavana.people.models import Person, Registration

from .import_files import PERSIAN_HEADERS, read_report, sample_rows, write_csv, write_xlsx

TAVANA = [str(Path(sys.executable).with_name("tavana"))]
if not Path(TAVANA[0]).exists():
    TAVANA = [sys.executable, "-m", "tavana"]

ENGLISH = "id,national_code,first_name,last_name,father_name,birth_date,mobile,district,address"


@pytest.fixture
def districts(db):
    District.objects.bulk_create([District(number=i, name=f"منطقه {i}") for i in range(1, 23)])


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import", "people", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def counts(stdout: str) -> dict[str, int]:
    last = stdout.rstrip("\n").split("\n")[-1]
    parts = [p.split(" ") for p in last.split(", ")]
    assert [p[0] for p in parts] == ["created", "updated", "unchanged", "rejected"], last
    return {name: int(n) for name, n in parts}


@pytest.mark.django_db
def test_last_line_counts_add_up_and_report_has_original_cells(tmp_path, districts):
    src = write_xlsx(tmp_path / "people.xlsx", [*PERSIAN_HEADERS, "یادداشت"], [
        [*r, f"note {i}"] for i, r in enumerate(sample_rows())
    ])  # fmt: skip
    report = tmp_path / "rejected.csv"
    out, _err = run(src, "--report", report)
    assert out.rstrip("\n").split("\n")[-1] == "created 4, updated 0, unchanged 0, rejected 2"
    assert sum(counts(out).values()) == len(sample_rows())
    rows = read_report(report)
    assert rows[0][: len(PERSIAN_HEADERS) + 1] == [*PERSIAN_HEADERS, "یادداشت"]
    assert rows[0][-1] == "دلیل رد"
    assert len(rows) == 3
    leila = next(r for r in rows if r[2] == "لیلا")
    assert leila[1] == "1234567890" and leila[5] == "1399/13/40" and leila[9] == "note 4"
    assert "کد ملی" in leila[-1] and "تاریخ تولد" in leila[-1]
    # the audit names the default "import" user, who can do nothing else
    user = User.objects.get(username="import")
    assert not user.role and not user.has_usable_password()
    assert Registration.objects.filter(channel="import", registered_by=user).count() == 4


@pytest.mark.django_db
def test_reimport_creates_nothing(tmp_path, districts):
    src = write_csv(tmp_path / "people.csv", ENGLISH.split(","), sample_rows())
    first = counts(run(src)[0])
    assert first["created"] == 4
    n = Person.objects.count()
    second = counts(run(src)[0])
    assert second == {"created": 0, "updated": 0, "unchanged": 4, "rejected": 2}
    assert Person.objects.count() == n


@pytest.mark.django_db
def test_dry_run_changes_nothing(tmp_path, districts):
    src = write_xlsx(tmp_path / "people.xlsx", PERSIAN_HEADERS, sample_rows())
    report = tmp_path / "rejected.xlsx"
    out, _ = run(src, "--dry-run", "--report", report)
    assert counts(out) == {"created": 4, "updated": 0, "unchanged": 0, "rejected": 2}
    assert Person.objects.count() == 0 and Registration.objects.count() == 0
    assert len(read_report(report)) == 3


@pytest.mark.django_db
def test_user_option(tmp_path, districts, make_user):
    user = make_user("registrar", username="maryam")
    src = write_csv(tmp_path / "people.csv", PERSIAN_HEADERS, sample_rows()[:1])
    run(src, "--user", "maryam")
    assert Person.objects.get().created_by == user
    with pytest.raises(CommandError) as e:
        run(src, "--user", "nobody")
    assert e.value.returncode == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.csv", b""),
        ("empty.xlsx", b""),
        ("garbage.xlsx", os.urandom(2000)),
        ("people.txt", b"national_code,first_name,last_name\n"),
        ("people.pdf", b"%PDF-1.4 garbage"),
        ("header-only-unknown.csv", b"a,b,c\n1,2,3\n"),
    ],
)
def test_unreadable_exit_2(tmp_path, districts, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError) as e:
        run(path)
    assert e.value.returncode == 2
    assert "\n" not in str(e.value).strip()
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_truncated_xlsx_exit_2(tmp_path, districts):
    good = write_xlsx(tmp_path / "people.xlsx", PERSIAN_HEADERS, sample_rows())
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[:-300])
    with pytest.raises(CommandError) as e:
        run(cut)
    assert e.value.returncode == 2
    assert Person.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.csv", b""),
        ("garbage.xlsx", b"PK\x03\x04 not really a zip archive" * 20),
        ("people.txt", b"id,national_code\n"),
    ],
)
def test_unreadable_exit_2_as_a_process(tmp_path, name, content):
    """Through the real console script: status 2, one line on stderr, nothing on stdout."""
    path = tmp_path / name
    path.write_bytes(content)
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["TAVANA_HOME"] = str(tmp_path / "home")  # never ./var; no database is needed
    env.pop("DATABASE_URL", None)
    proc = subprocess.run(
        [*TAVANA, "import", "people", str(path)], capture_output=True, text=True, env=env
    )
    assert proc.returncode == 2, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert proc.stdout == ""
