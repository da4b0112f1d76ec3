"""Security finding 7: with the triggers dropped, recomputing every hash made
`tavana audit verify` report a forged entry as intact. The chain is now keyed
with a secret outside the database, and anchored outside it."""

import hashlib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tavana.accounts import roles
from tavana.audit.models import AuditEntry, AuditHead
from tavana.audit.services import (
    GENESIS,
    LEGACY,
    audit_anchor,
    audit_key,
    audit_rekey,
    audit_verify,
    entry_digest,
)

from .test_services_audit import _log_some, _tamper

pytestmark = pytest.mark.django_db


def _forge(seq: int, reason: str, key: bytes) -> None:
    """What a database owner can do: change an entry, then recompute the whole chain
    (with the scheme he guesses) and the head, with the triggers off."""
    _tamper("UPDATE audit_auditentry SET reason = %s WHERE seq = %s", [reason, seq])
    prev = GENESIS
    for e in AuditEntry.objects.order_by("seq"):
        digest = entry_digest(
            prev_hash=prev,
            seq=e.seq,
            at=e.at,
            actor_id=e.actor_id,
            actor_username=e.actor_username,
            kind=e.kind,
            action=e.action,
            object_type=e.object_type,
            object_id=e.object_id,
            person_id=e.person_id,
            fields=e.fields,
            before=e.before,
            after=e.after,
            reason=e.reason,
            _key=key,
        )
        _tamper(
            "UPDATE audit_auditentry SET prev_hash = %s, hash = %s WHERE seq = %s",
            [prev, digest, e.seq],
        )
        prev = digest
    AuditHead.objects.filter(id=1).update(hash=prev)


@pytest.mark.parametrize(
    "guess", [LEGACY, b"a-guessed-key", hashlib.sha256(b"tavana.audit.chain:").digest()]
)
def test_a_rehashed_forgery_is_found_without_the_key(make_user, guess):
    _log_some(make_user(roles.REGISTRAR))
    assert audit_verify().ok
    _forge(3, "هرگز خوانده نشد", guess)
    report = audit_verify()
    assert not report.ok and report.broken_seq == 1  # the first entry no longer verifies
    with pytest.raises(CommandError):
        call_command("audit", "verify")


def test_the_key_is_outside_the_database(settings):
    settings.TAVANA_AUDIT_KEY = "from-the-environment"
    assert audit_key() == b"from-the-environment"
    settings.TAVANA_AUDIT_KEY = ""
    settings.SECRET_KEY = "x" * 50
    assert audit_key() == hashlib.sha256(b"tavana.audit.chain:" + b"x" * 50).digest()


def test_an_anchor_catches_a_cut_tail_and_a_forgery_with_the_key(make_user, tmp_path):
    actor = make_user(roles.REGISTRAR)
    _log_some(actor)
    anchors = tmp_path / "anchors.jsonl"
    call_command("audit", "anchor", "--output", str(anchors))
    _log_some(actor, 2)
    call_command("audit", "anchor", "--output", str(anchors))
    call_command("audit", "verify", "--anchor", str(anchors))
    # someone with the key rewrites history: the chain verifies, the anchors do not
    _forge(2, "دستکاری با کلید", audit_key())
    assert audit_verify().ok
    with pytest.raises(CommandError) as err:
        call_command("audit", "verify", "--anchor", str(anchors))
    assert err.value.returncode == 1 and "لنگر" in str(err.value)


def test_a_cut_tail_is_found_by_the_anchor(make_user, tmp_path):
    _log_some(make_user(roles.REGISTRAR))
    anchor = audit_anchor()
    last = AuditEntry.objects.order_by("-seq").first()
    _tamper("DELETE FROM audit_auditentry WHERE seq = %s", [last.seq])
    head = AuditEntry.objects.order_by("-seq").first()
    AuditHead.objects.filter(id=1).update(seq=head.seq, hash=head.hash)  # head "fixed" too
    assert audit_verify().ok  # the chain alone cannot tell
    report = audit_verify(anchors=[anchor])
    assert not report.ok and report.broken_seq == last.seq


def test_a_forged_anchor_is_refused(make_user):
    _log_some(make_user(roles.REGISTRAR))
    anchor = audit_anchor() | {"hash": "f" * 64}
    assert not audit_verify(anchors=[anchor]).ok


def test_rekey_moves_a_legacy_chain_and_refuses_a_broken_one(make_user):
    _log_some(make_user(roles.REGISTRAR))
    audit_rekey(old_key=audit_key(), new_key=LEGACY)  # as it was before the key
    assert not audit_verify().ok
    assert audit_rekey(old_key=LEGACY, new_key=audit_key()) == 6  # what the migration does
    assert audit_verify().ok
    _tamper("UPDATE audit_auditentry SET reason = %s WHERE seq = %s", ["x", 2])
    with pytest.raises(ValueError):
        audit_rekey(old_key=audit_key(), new_key=b"new")
