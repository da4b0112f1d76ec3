"""The restore drill: back up, change data, restore — the change is gone, the
documents are back, and the audit chain still verifies."""

import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from tavana.audit.models import AuditEntry
from tavana.audit.services import audit_verify, audit_write
from tavana.core.backup import backup_create, backup_read_manifest
from tavana.core.models import District

pytestmark = pytest.mark.django_db(transaction=True)


def test_back_up_change_restore_and_the_audit_chain_verifies(tmp_path, capsys):
    District.objects.create(number=4, name="منطقهٔ ۴")
    audit_write(actor=None, action="test.before", object_type="core.District", after={"n": 4})
    document = Path(settings.MEDIA_ROOT) / "documents" / "letter.txt"
    document.parent.mkdir(parents=True, exist_ok=True)
    document.write_text("نامهٔ معرفی", encoding="utf-8")

    call_command("backup", "--output", str(tmp_path))
    archive = Path(capsys.readouterr().out.strip())
    assert archive.parent == tmp_path and archive.stat().st_mode & 0o777 == 0o600
    manifest = backup_read_manifest(archive)
    assert manifest["audit_entries"] == 1 and manifest["engine"] in ("sqlite", "postgresql")
    with tarfile.open(archive) as tar:
        assert "media/documents/letter.txt" in tar.getnames()

    # After the backup: new data, a new audit entry, a document changed and one added.
    District.objects.create(number=9, name="منطقهٔ ۹")
    audit_write(actor=None, action="test.after", object_type="core.District", after={"n": 9})
    document.write_text("تغییر یافته", encoding="utf-8")
    (document.parent / "later.txt").write_text("بعدی", encoding="utf-8")

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive))
    assert District.objects.count() == 2  # nothing happens without --yes

    call_command("restore", str(archive), "--yes")
    assert "زنجیرهٔ ممیزی سالم است: ۱ رویداد" in capsys.readouterr().out
    assert list(District.objects.values_list("number", flat=True)) == [4]
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["test.before"]
    assert audit_verify().ok
    assert document.read_text(encoding="utf-8") == "نامهٔ معرفی"
    assert not (document.parent / "later.txt").exists()
    # and the restored database takes new writes that chain on
    audit_write(actor=None, action="test.again", object_type="core.District", after={})
    assert audit_verify().ok and audit_verify().checked == 2


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    bogus = tmp_path / "x.tar"
    bogus.write_bytes(b"not a tar")
    with pytest.raises(CommandError, match="پشتیبان توانا نیست"):
        call_command("restore", str(bogus), "--yes")


def test_a_backup_is_written_whole_or_not_at_all(tmp_path):
    info = backup_create(output=tmp_path / "b.tar")
    assert info.path.exists() and not list(tmp_path.glob("*.partial"))
