"""Key the audit chain (docs/security.md, finding 7): every entry re-hashed from
the plain SHA-256 chain to HMAC-SHA256 under the audit key, after each entry
was checked under the old scheme. A chain that already fails verification is
left as it is (and `tavana audit verify` keeps reporting where it broke)."""

from django.db import migrations


def _rekey(apps, schema_editor, *, forward: bool):
    from tavana.audit.services import LEGACY, audit_key, audit_rekey

    old, new = (LEGACY, audit_key()) if forward else (audit_key(), LEGACY)
    try:
        audit_rekey(
            old_key=old,
            new_key=new,
            connection=schema_editor.connection,
            entry_model=apps.get_model("audit", "AuditEntry"),
            head_model=apps.get_model("audit", "AuditHead"),
        )
    except ValueError as e:
        print(f"\n  audit chain left as it was: {e}")


def forward(apps, schema_editor):
    _rekey(apps, schema_editor, forward=True)


def backward(apps, schema_editor):
    _rekey(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]
    operations = [migrations.RunPython(forward, backward)]
