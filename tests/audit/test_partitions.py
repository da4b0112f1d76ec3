"""The audit log partitioned by month on PostgreSQL (tavana/audit/partitions.py):
the chain crosses partitions, the triggers hold on every partition, the
months ahead are created by `tavana audit partitions`, what the default
partition caught is moved unchanged, and the migration converts an existing
log without touching its entries. Nothing of it on SQLite."""

import datetime as dt
import types

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from tavana.accounts import roles
from tavana.audit import partitions, services
from tavana.audit.models import AuditEntry
from tavana.audit.partitions import add_months, month_start
from tavana.audit.services import audit_read_many, audit_verify, audit_write

from .test_services_audit import _log_some, _tamper

UTC = dt.UTC


@pytest.fixture
def pg(db):
    if connection.vendor != "postgresql":
        pytest.skip("the audit log is partitioned on PostgreSQL only")


def _at(when: dt.datetime, monkeypatch) -> None:
    """Write the next entries as if at `when` (the clock, not the database, is faked)."""
    monkeypatch.setattr(services, "timezone", types.SimpleNamespace(now=lambda: when))


def _where(seq: int) -> str:
    with connection.cursor() as c:
        c.execute("SELECT tableoid::regclass::text FROM audit_auditentry WHERE seq = %s", [seq])
        return c.fetchone()[0]


def _today() -> dt.date:
    return dt.datetime.now(UTC).date()


def test_on_sqlite_the_log_stays_one_table(db, capsys):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    call_command("audit", "partitions")
    assert "PostgreSQL only" in capsys.readouterr().out


def test_the_log_is_partitioned_by_month_with_months_ahead(pg):
    with connection.cursor() as c:
        assert partitions.is_partitioned(c)
        names = partitions.partitions(c)
        bound = partitions.legacy_bound(c)
    assert bound == add_months(month_start(_today()), 1)
    assert f"audit_auditentry_before_{bound:%Y_%m}" in names
    assert "audit_auditentry_default" in names
    for i in range(1, 4):
        assert partitions.month_name(add_months(month_start(_today()), i)) in names


def test_the_chain_crosses_month_partitions_and_verifies(pg, make_user, monkeypatch):
    actor = make_user(roles.REGISTRAR)
    _log_some(actor, 2)  # now: the first partition (seq 1–3)
    boundary = add_months(month_start(_today()), 2)
    edge = dt.datetime(boundary.year, boundary.month, 1, tzinfo=UTC)
    _at(edge - dt.timedelta(microseconds=1), monkeypatch)
    audit_write(actor=actor, action="person.update", person_id=7, after={"mobile": "1"})
    _at(edge, monkeypatch)
    audit_write(actor=actor, action="person.update", person_id=7, after={"mobile": "2"})
    people = [actor, actor]  # a batch written across nothing: one instant, one partition
    audit_read_many(actor=actor, action="x.read", fields=["f"], objects=people)
    assert _where(1).startswith("audit_auditentry_before_")
    assert _where(4) == partitions.month_name(add_months(boundary, -1))
    assert _where(5) == _where(6) == partitions.month_name(boundary)
    report = audit_verify()
    assert report.ok and report.checked == 7
    # the chain links across the boundary
    e4, e5 = AuditEntry.objects.get(seq=4), AuditEntry.objects.get(seq=5)
    assert e5.prev_hash == e4.hash
    # a forgery in the later partition is found, and the walk stops there
    _tamper("UPDATE audit_auditentry SET reason = %s WHERE seq = %s", ["دستکاری", 5])
    report = audit_verify()
    assert not report.ok and report.broken_seq == 5 and report.checked == 4


def test_every_partition_refuses_update_delete_and_truncate(pg, make_user, monkeypatch):
    actor = make_user(roles.REGISTRAR)
    month = add_months(month_start(_today()), 1)
    _at(dt.datetime(month.year, month.month, 2, tzinfo=UTC), monkeypatch)
    audit_write(actor=actor, action="person.update", person_id=1, after={"a": 1})
    entry = AuditEntry.objects.get(seq=1)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(reason="پاک شد")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with connection.cursor() as c:
        tables = partitions.partitions(c)
        c.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the entry's deferred foreign key check
    assert len(tables) >= 5
    for table in [*tables, "audit_auditentry"]:
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as c:
                c.execute(f"TRUNCATE {table}")
    assert AuditEntry.objects.count() == 1


def test_partitions_command_creates_months_ahead_and_moves_what_default_caught(
    pg, make_user, monkeypatch, capsys
):
    actor = make_user(roles.REGISTRAR)
    _log_some(actor, 1)
    far = add_months(month_start(_today()), 8)  # beyond the months made ahead
    _at(dt.datetime(far.year, far.month, 15, 12, tzinfo=UTC), monkeypatch)
    caught = audit_write(actor=actor, action="person.update", person_id=3, after={"b": 2})
    assert _where(caught.seq) == "audit_auditentry_default"
    monkeypatch.undo()
    _log_some(actor, 1)  # the chain goes on (entries need not be in time order)
    call_command("audit", "partitions", "--months-ahead", "4")
    out = capsys.readouterr().out
    assert f"created {partitions.month_name(far)}" in out
    assert f"created {partitions.month_name(add_months(month_start(_today()), 4))}" in out
    moved = AuditEntry.objects.get(seq=caught.seq)
    assert _where(caught.seq) == partitions.month_name(far)
    assert (moved.pk, moved.hash, moved.prev_hash) == (caught.pk, caught.hash, caught.prev_hash)
    assert partitions.status(connection)["default_rows"] == 0
    assert audit_verify().ok
    call_command("audit", "partitions", "--months-ahead", "4")  # idempotent
    assert "created" not in capsys.readouterr().out
    # the moved month's partition is protected like the others
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(seq=caught.seq).delete()


def _migrate(target: str) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("audit", target)])


def test_the_migration_converts_an_existing_log_and_its_chain_goes_on(pg, make_user):
    actor = make_user(roles.REGISTRAR)
    _migrate("0003_keyed_chain")  # the plain table of before
    with connection.cursor() as c:
        assert not partitions.is_partitioned(c)
    _log_some(actor, 4)
    before = list(AuditEntry.objects.order_by("seq").values_list("id", "seq", "hash"))
    _migrate("0004_partition_by_month")
    with connection.cursor() as c:
        assert partitions.is_partitioned(c)
    assert list(AuditEntry.objects.order_by("seq").values_list("id", "seq", "hash")) == before
    assert all(_where(seq).startswith("audit_auditentry_before_") for _, seq, _ in before)
    _log_some(actor, 1)  # ids and seqs go on from where they were
    ids = list(AuditEntry.objects.order_by("seq").values_list("id", flat=True))
    assert ids == sorted(set(ids)) and len(ids) == 7
    assert audit_verify().ok and audit_verify().checked == 7
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(seq=1).update(reason="x")


@pytest.mark.django_db(transaction=True)
def test_a_prepared_large_log_is_converted_at_the_prepared_bound(make_user, capsys):
    """The operator's path for a large log: `audit prepare-partitions` with the
    application up (indexes built concurrently, a bound validated without a
    lock on writes), then the migration, which then reads nothing."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    actor = make_user(roles.REGISTRAR)
    try:
        _migrate("0003_keyed_chain")
        _log_some(actor, 2)
        call_command("audit", "prepare-partitions")
        bound = add_months(month_start(_today()), 3)
        assert f"before {bound:%Y-%m-%d}" in capsys.readouterr().out
        with connection.cursor() as c:
            c.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'audit_auditentry' "
                "AND indexname LIKE 'audit_legacy_%%'"
            )
            assert sorted(r[0] for r in c.fetchall()) == [
                "audit_legacy_id_at",
                "audit_legacy_seq_at",
            ]
        _migrate("0004_partition_by_month")
        with connection.cursor() as c:
            names = partitions.partitions(c)
            assert partitions.legacy_bound(c) == bound
        assert f"audit_auditentry_before_{bound:%Y_%m}" in names
        assert _where(1) == f"audit_auditentry_before_{bound:%Y_%m}"
        assert audit_verify().ok
    finally:  # back to the shape every other test has (bounded before next month)
        _migrate("0003_keyed_chain")
        _migrate("0004_partition_by_month")
