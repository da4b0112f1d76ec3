"""The protected programmes' clearances become clearances of the one model,
`accounts.Clearance`, one area per programme (the area's code is the programme's
code). Every row is carried over as it is — cleared or not, its date, who approved
it and when, a request still waiting for a second administrator — and the inbox
follows: an expiry reminder keeps its place (so it is not sent again), and links
to the old clearance page lead to the administrator's clearance page.

Reversible: going back copies the programmes' clearances into the old table again
and removes them from `accounts.Clearance`. Plain ORM reads and writes, the same
on SQLite and PostgreSQL.
"""

import datetime as dt
import re

from django.db import migrations

FIELDS = (
    "cleared",
    "expires_on",
    "assigned_by_id",
    "assigned_on",
    "requested_by_id",
    "requested_at",
    "requested_expires_on",
    "request_reason",
)
NAMES = {  # the programmes, should one be missing when going back
    "prison_employment": "اشتغال زنان رأی‌باز",
    "recovery": "یاورشهر ۵",
    "mothers_release": "پویش آزادسازی مادران",
}
OLD_EXPIRING, NEW_EXPIRING = "protected.clearance_expiring", "accounts.clearance_expiring"
KINDS = {  # the inbox's kinds: the programmes' → the one model's
    OLD_EXPIRING: NEW_EXPIRING,
    "protected.clearance_approval": "accounts.clearance_request",
    "protected.clearance_granted": "accounts.clearance_granted",
}
OLD_PAGE = re.compile(r"^/protected/([a-z_]+)/staff/(.*)$")
NEW_PAGE = re.compile(r"^/accounts/clearances/([a-z_]+)/(.*)$")
DEFAULT_LEAD_DAYS = 14  # both reminders' default when this was written


def _relink(Notification, pattern, to) -> None:
    """Rewrite inbox links from one clearance page to the other."""
    changed = []
    prefix = pattern.pattern[1:].split("(", 1)[0]  # "/protected/", "/accounts/clearances/"
    for n in Notification.objects.filter(link__startswith=prefix).only("pk", "link"):
        m = pattern.match(n.link)
        if m and m.group(1) in NAMES:
            n.link = to(m.group(1), m.group(2))
            changed.append(n)
    Notification.objects.bulk_update(changed, ["link"], batch_size=500)


def _settings_move(apps, old: str, new: str, *, keep_old: bool) -> None:
    """The expiry reminder's wording and lead days, if the administrator set them."""
    SmsTemplate = apps.get_model("notifications", "SmsTemplate")
    Policy = apps.get_model("notifications", "Policy")
    row = SmsTemplate.objects.filter(code=old).first()
    if row is not None and not SmsTemplate.objects.filter(code=new).exists():
        if keep_old:
            SmsTemplate.objects.create(code=new, text=row.text, updated_by_id=row.updated_by_id)
        else:
            row.code = new
            row.save(update_fields=["code"])
    for policy in Policy.objects.all():
        days = dict(policy.lead_days or {})
        if old in days:
            # the earlier warning wins
            days[new] = max(days[old], days.get(new, DEFAULT_LEAD_DAYS))
            if not keep_old:
                days.pop(old)
            policy.lead_days = days
            policy.save(update_fields=["lead_days"])


def forward(apps, schema_editor):
    ProgrammeStaff = apps.get_model("protected", "ProgrammeStaff")
    Clearance = apps.get_model("accounts", "Clearance")
    Notification = apps.get_model("notifications", "Notification")
    for s in ProgrammeStaff.objects.select_related("programme").order_by("pk"):
        c, _ = Clearance.objects.update_or_create(
            area=s.programme.code,
            user_id=s.user_id,
            defaults={f: getattr(s, f) for f in FIELDS},
        )
        # the reminder already sent for this date stays the one reminder
        for n in Notification.objects.filter(
            kind=OLD_EXPIRING, key__startswith=f"clearance:{s.pk}:"
        ):
            n.key = f"area-clearance:{c.pk}:" + n.key.split(":", 2)[2]
            n.kind = NEW_EXPIRING
            n.save(update_fields=["key", "kind"])
    for old, new in KINDS.items():
        Notification.objects.filter(kind=old).update(kind=new)
    _relink(Notification, OLD_PAGE, lambda code, rest: f"/accounts/clearances/{code}/{rest}")
    _settings_move(apps, OLD_EXPIRING, NEW_EXPIRING, keep_old=False)


def backward(apps, schema_editor):
    ProgrammeStaff = apps.get_model("protected", "ProgrammeStaff")
    Programme = apps.get_model("protected", "Programme")
    Clearance = apps.get_model("accounts", "Clearance")
    Notification = apps.get_model("notifications", "Notification")
    today = dt.date.today()
    rows = Clearance.objects.filter(area__in=list(NAMES)).order_by("pk")
    for c in rows:
        programme, _ = Programme.objects.get_or_create(
            code=c.area, defaults={"name": NAMES[c.area]}
        )
        values = {f: getattr(c, f) for f in FIELDS}
        # the old table needs a date of assignment: the approval's, else the request's
        asked = c.requested_at.date() if c.requested_at else today
        values["assigned_on"] = c.assigned_on or asked
        s, _ = ProgrammeStaff.objects.update_or_create(
            programme=programme, user_id=c.user_id, defaults=values
        )
        for n in Notification.objects.filter(
            kind=NEW_EXPIRING, key__startswith=f"area-clearance:{c.pk}:"
        ):
            n.key = f"clearance:{s.pk}:" + n.key.split(":", 2)[2]
            n.kind = OLD_EXPIRING
            n.save(update_fields=["key", "kind"])
    programme_pages = [f"/accounts/clearances/{code}/" for code in NAMES]
    for old, new in KINDS.items():
        if old == OLD_EXPIRING:
            continue
        for n in Notification.objects.filter(kind=new):
            if n.link.startswith(("/protected/", *programme_pages)):
                n.kind = old
                n.save(update_fields=["kind"])
    _relink(Notification, NEW_PAGE, lambda code, rest: f"/protected/{code}/staff/{rest}")
    rows.delete()
    _settings_move(apps, NEW_EXPIRING, OLD_EXPIRING, keep_old=True)


class Migration(migrations.Migration):
    dependencies = [
        ("protected", "0008_release_offers_enrolled"),
        ("accounts", "0007_area_clearances"),
        ("notifications", "0003_sms_mobile_index"),
    ]

    operations = [migrations.RunPython(forward, backward)]
