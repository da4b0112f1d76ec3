"""Every audit action reads in Persian on the audit log's screen."""

import re
from pathlib import Path

from tavana.audit.labels import ACTION_LABELS, action_label, changes

SOURCE = Path(__file__).resolve().parents[2] / "tavana"
LITERAL = re.compile(r"""action=["']([a-z_]+\.[a-z_.]+)["']""")


def _written_actions() -> set[str]:
    found = set()
    for path in SOURCE.rglob("*.py"):
        found |= set(LITERAL.findall(path.read_text(encoding="utf-8")))
    from tavana.campaign.services import ACCEPT, ADJUST, REJECT
    from tavana.protected.services import PRISON_KINDS, RECOVERY_KINDS

    found |= {f"campaign.match_{d}" for d in (ACCEPT, ADJUST, REJECT)}
    found |= {f"protected.{k}_add" for k in {**PRISON_KINDS, **RECOVERY_KINDS}}
    return found


def test_every_action_written_has_a_persian_label():
    actions = _written_actions()
    assert len(actions) > 60
    missing = sorted(a for a in actions if a not in ACTION_LABELS)
    assert not missing, f"add Persian labels to tavana/audit/labels.py: {missing}"
    for a in actions:
        assert re.search("[\u0600-\u06ff]", action_label(a)), a


def test_changes_read_in_persian():
    class Entry:
        action = "accounts.user_update"
        person_id = None
        before = {"status": "sent", "cleared": True}
        after = {"status": "answered", "cleared": False}

    # a status code reads as the model's choice label, a code without one as written
    assert changes(Entry()) == [
        ("وضعیت", "فرستاده‌شده", "پاسخ‌داده‌شده"),
        ("دارای صلاحیت", "بله", "خیر"),
    ]


def test_field_names_codes_and_dates_of_any_context_read_in_persian():
    class Entry:
        action = "partners.agreement_create"
        person_id = None
        before: dict = {}
        after = {"horizon": "quick", "ends_on": "2025-03-20", "weights": {"cost": 2}}

    rows = changes(Entry())
    assert rows[0][0] == "افق" and re.search("[\u0600-\u06ff]", rows[0][2]), rows[0]
    assert rows[1][2] == "1403/12/30"  # the Jalali date, not 2025-03-20
    assert rows[2][2] == "هزینه: 2"


def test_entries_about_a_woman_or_a_protected_programme_show_no_values():
    class Entry:
        action = "casework.level_change"
        person_id = 7
        before = {"level": "skills"}
        after = {"level": "growth"}

    assert changes(Entry()) == [("سطح", "", "")]
    Entry.action, Entry.person_id = "protected.wage_add", None
    assert changes(Entry()) == [("سطح", "", "")]


def test_every_record_kind_reads_in_persian_in_the_audit_log():
    """An entry names its record by the model's kind: none in English (the walk
    found «payroll ۱» on the auditor's page)."""
    import re

    from django.apps import apps

    from tavana.core.auditlog.lookups import record_label

    english = {
        m._meta.label_lower: record_label(m._meta.label_lower)
        for m in apps.get_models()
        if re.search("[A-Za-z]", record_label(m._meta.label_lower))
    }
    assert not english, f"add Persian names to audit/labels.py RECORD_LABELS: {english}"
