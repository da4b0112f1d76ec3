import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from tavana.accounts import roles
from tavana.audit.models import AuditEntry
from tavana.audit.services import audit_read, audit_verify, audit_write
from tavana.audit.triggers import install_append_only, remove_append_only

pytestmark = pytest.mark.django_db


def _log_some(actor, n=5):
    for i in range(n):
        audit_write(
            actor=actor,
            action="person.update",
            object_type="people.person",
            object_id=i,
            person_id=100 + i,
            before={"mobile": "09120000000"},
            after={"mobile": f"0912000000{i}", "نام": "زهرا"},
        )
    audit_read(
        actor=actor,
        action="person.read_sensitive",
        fields=["monthly_income"],
        object_type="people.person",
        object_id=1,
        person_id=101,
        reason="ارزیابی نیاز",
    )


def _tamper(sql, params):
    """Change a row by hand, as a DBA could, going around the append-only trigger."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")  # triggers off
            cursor.execute(sql, params)
            cursor.execute("SET session_replication_role = DEFAULT")
        else:
            remove_append_only(connection)
            cursor.execute(sql, params)
            install_append_only(connection)


def test_entries_record_who_what_before_after_and_chain(make_user):
    actor = make_user(roles.REGISTRAR)
    _log_some(actor)
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in entries] == list(range(1, 7))
    assert entries[0].prev_hash == "0" * 64
    for a, b in zip(entries, entries[1:], strict=False):
        assert b.prev_hash == a.hash
    first = entries[0]
    assert first.actor == actor and first.actor_username == actor.username
    assert first.before == {"mobile": "09120000000"}
    assert first.after["نام"] == "زهرا"
    assert first.fields == ["mobile", "نام"]
    read = entries[-1]
    assert read.kind == AuditEntry.KIND_READ and read.reason == "ارزیابی نیاز"
    assert audit_verify().ok


def test_the_log_refuses_update_and_delete(make_user):
    _log_some(make_user(roles.REGISTRAR), 1)
    entry = AuditEntry.objects.first()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(reason="پاک شد")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()


def test_verify_finds_a_row_altered_by_hand(make_user):
    _log_some(make_user(roles.REGISTRAR))
    assert audit_verify().ok
    _tamper("UPDATE audit_auditentry SET reason = %s WHERE seq = %s", ["دستکاری", 3])
    report = audit_verify()
    assert not report.ok and report.broken_seq == 3 and report.checked == 2
    with pytest.raises(CommandError) as err:
        call_command("audit", "verify")
    assert err.value.returncode == 1 and "entry 3" in str(err.value)


def test_verify_finds_a_deleted_row_and_a_truncated_tail(make_user):
    _log_some(make_user(roles.REGISTRAR))
    _tamper("DELETE FROM audit_auditentry WHERE seq = %s", [2])
    assert audit_verify().broken_seq == 2


def test_verify_finds_a_truncated_tail(make_user):
    _log_some(make_user(roles.REGISTRAR))
    _tamper("DELETE FROM audit_auditentry WHERE seq = %s", [6])
    report = audit_verify()
    assert not report.ok and report.checked == 5


def test_verify_command_passes_on_an_intact_log(make_user, capsys):
    _log_some(make_user(roles.REGISTRAR))
    call_command("audit", "verify")
    assert "6 entries verified" in capsys.readouterr().out


def test_a_batch_of_reads_is_one_entry_per_person_and_the_chain_still_verifies(make_user):
    from tavana.audit.services import audit_read_many
    from tavana.people.models import Person

    actor = make_user(roles.SOCIAL_WORKER)
    _log_some(actor, n=2)
    people = [Person.objects.create(first_name="الف", last_name=str(i)) for i in range(3)]
    assert (
        audit_read_many(actor=actor, action="youth.read_flags", fields=["f"], objects=people) == 3
    )
    _log_some(actor, n=1)
    rows = AuditEntry.objects.filter(action="youth.read_flags").order_by("seq")
    assert [r.person_id for r in rows] == [p.pk for p in people]
    assert audit_verify().ok
