"""Finding 9: a long import must not block everyone else's writes on SQLite.

A second connection writes while the import is between two chunks (the
progress callback): with the import in one transaction SQLite answers
"database is locked"; committing chunk by chunk it succeeds at once. The
import stays all or nothing: a failure half-way, or a worker that dies,
undoes the chunks already committed, and a file unreadable half-way changes
nothing. (Transactional tests: the chunks must really commit.)"""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from django.db import connection, connections
from django.utils import timezone

from tavana.audit.models import AuditEntry
from tavana.core.models import District
from tavana.people.importing import importer
from tavana.people.importing.tabular import UnreadableFile
from tavana.people.importing.undo import import_undo, import_undo_leftovers
from tavana.people.models import Household, ImportLedger, Membership, Person, Registration

from .import_files import PERSIAN_HEADERS, code, write_csv

pytestmark = pytest.mark.django_db(transaction=True)

N = 160  # rows: three full chunks of 50 and a last one of 10
LAST = ["رضایی", "محمدی", "احمدی", "کریمی", "حسینی", "نوری", "کاظمی", "صادقی"]


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(importer, "CHUNK", 50)
    for i in (4, 7):
        District.objects.get_or_create(number=i, defaults={"name": f"منطقه {i}"})


def _rows(start: int = 0, n: int = N, address: str = "خیابان آزادی") -> list[list]:
    return [
        [
            i,
            code(5000 + start + i),
            "فاطمه",
            LAST[(start + i) % len(LAST)],
            "علی",
            "1365/02/10",
            "",
            "4",
            address,
        ]
        for i in range(n)
    ]


def _write_elsewhere() -> str:
    """A write through a connection of its own, waiting at most half a second."""
    if connection.vendor == "sqlite":
        other = sqlite3.connect(connection.settings_dict["NAME"], timeout=0.5)
        try:
            other.execute("UPDATE core_district SET name = name WHERE number = 7")
            other.commit()
            return "ok"
        except sqlite3.OperationalError as e:
            return str(e)
        finally:
            other.close()
    other = connections.create_connection("default")
    try:
        with other.cursor() as c:
            c.execute("SET lock_timeout = '500ms'")
            c.execute("UPDATE core_district SET name = name WHERE number = 7")
        return "ok"
    except Exception as e:  # pragma: no cover - would be the failure itself
        return str(e)
    finally:
        other.close()


def test_a_concurrent_write_succeeds_while_a_file_is_imported(small_chunks, tmp_path):
    path = write_csv(tmp_path / "list.csv", PERSIAN_HEADERS, _rows())
    seen: list[str] = []
    result = importer.import_people(
        path, actor=None, duplicates="off", progress=lambda d, t: seen.append(_write_elsewhere())
    )
    assert result.created == N and Person.objects.count() == N
    assert len(seen) >= 3 and set(seen) == {"ok"}, seen
    assert not ImportLedger.objects.exists()  # the switch removed the ledger
    assert Registration.objects.filter(channel=Registration.IMPORT).count() == N


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_in_one_transaction_the_same_write_waits_and_fails(small_chunks, tmp_path):
    """What finding 9 saw: the import held SQLite's only write lock throughout."""
    path = write_csv(tmp_path / "list.csv", PERSIAN_HEADERS, _rows())
    seen: list[str] = []
    importer.import_people(
        path,
        actor=None,
        duplicates="off",
        chunked=False,
        progress=lambda d, t: seen.append(_write_elsewhere()),
    )
    assert "database is locked" in seen


def test_a_failure_half_way_undoes_the_committed_chunks(small_chunks, tmp_path, monkeypatch):
    first = write_csv(tmp_path / "first.csv", PERSIAN_HEADERS, _rows(0, 20))
    importer.import_people(first, actor=None, duplicates="off", chunked=True)
    before = dict(Person.objects.values_list("pk", "address"))
    # the same 20 women with a new address (updated) and 140 new ones
    path = write_csv(tmp_path / "list.csv", PERSIAN_HEADERS, _rows(0, N, address="کوچه یاس"))
    calls = {"n": 0}
    real = importer.process_chunk

    def failing(chunk, state, result, report):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("the disk is full")
        return real(chunk, state, result, report)

    monkeypatch.setattr(importer, "process_chunk", failing)
    with pytest.raises(RuntimeError):
        importer.import_people(path, actor=None, duplicates="off", chunked=True)
    assert calls["n"] == 3  # two chunks had committed
    assert dict(Person.objects.values_list("pk", "address")) == before
    assert not ImportLedger.objects.exists()
    assert AuditEntry.objects.filter(action="person.import_undo").count() == 2


def test_the_undo_keeps_what_colleagues_did_while_the_import_ran(small_chunks, tmp_path):
    """The undo puts back only what still holds the import's values: a colleague's
    edit to an updated woman, or to a woman the import created, or anything she
    recorded about her in the meantime, is not thrown away with the import."""
    first = write_csv(tmp_path / "first.csv", PERSIAN_HEADERS, _rows(0, 20))
    importer.import_people(first, actor=None, duplicates="off", chunked=True)
    before = dict(Person.objects.values_list("pk", "address"))
    path = write_csv(tmp_path / "list.csv", PERSIAN_HEADERS, _rows(0, N, address="کوچه یاس"))
    edited, created = {}, {}

    def colleague(done, total):  # between two committed chunks
        if done < 100 or edited:
            return
        now = timezone.now()
        one = Person.objects.filter(address="کوچه یاس").order_by("pk").first()
        Person.objects.filter(pk=one.pk).update(address="خیابان نو", updated_at=now)
        edited["pk"] = one.pk
        made = list(Person.objects.exclude(pk__in=before).order_by("pk")[:2])
        Person.objects.filter(pk=made[0].pk).update(mobile="09121112233", updated_at=now)
        home = Household.objects.create(district=made[1].district)
        Membership.objects.create(
            household=home, person=made[1], relation=Membership.HEAD, start_date=now.date()
        )
        created["pks"] = [p.pk for p in made]

    def die(result):
        raise RuntimeError("the disk is full")

    with pytest.raises(RuntimeError):
        importer.import_people(
            path,
            actor=None,
            duplicates="off",
            chunked=True,
            progress=colleague,
            before_commit=die,
        )
    assert edited and created
    after = dict(Person.objects.values_list("pk", "address"))
    assert after.pop(edited["pk"]) == "خیابان نو"  # her colleague's address stays
    assert {pk: a for pk, a in after.items() if pk in before} == {
        pk: a for pk, a in before.items() if pk != edited["pk"]
    }
    assert set(after) - set(before) == set(created["pks"])  # the two she worked on stay
    assert Person.objects.get(pk=created["pks"][0]).mobile == "09121112233"
    assert Membership.objects.filter(person_id=created["pks"][1]).exists()
    assert not ImportLedger.objects.exists()
    kept = [e.after for e in AuditEntry.objects.filter(action="person.import_undo")]
    assert any(str(edited["pk"]) in e["kept_edited"] for e in kept)
    assert sorted(p for e in kept for p in e["kept_created"]) == created["pks"]


def test_a_file_unreadable_half_way_changes_nothing(small_chunks, tmp_path):
    path = tmp_path / "list.csv"
    write_csv(path, PERSIAN_HEADERS, _rows())
    with path.open("a", encoding="utf-8") as f:
        f.write("161," + "x" * (3 * 1024 * 1024) + "\n")  # past the 2 MiB line limit, at the end
    with pytest.raises(UnreadableFile):
        importer.import_people(path, actor=None, duplicates="off", chunked=True)
    assert not Person.objects.exists() and not ImportLedger.objects.exists()


def test_a_run_left_by_a_dead_process_is_undone(small_chunks, tmp_path, monkeypatch):
    path = write_csv(tmp_path / "list.csv", PERSIAN_HEADERS, _rows())
    monkeypatch.setattr(importer, "import_undo", lambda run, actor=None: 0)  # died: no undo

    def die(result):
        raise SystemExit("killed")

    with pytest.raises(SystemExit):
        importer.import_people(
            path, actor=None, duplicates="off", before_commit=die, run="r1", chunked=True
        )
    assert Person.objects.count() == N and ImportLedger.objects.filter(run="r1").count() == 4
    assert import_undo_leftovers(older_than=dt.timedelta(days=1)) == 0  # too recent
    assert import_undo_leftovers(older_than=dt.timedelta(0)) == 1
    assert not Person.objects.exists() and not ImportLedger.objects.exists()
    assert import_undo("r1") == 0
