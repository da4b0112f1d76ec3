"""The reminder sources: each bounded context registers the reminders it knows
about, in its AppConfig.ready(); the notification service runs them once a day.

    from tavana.notifications.registry import reminder_source

    @reminder_source("partners.agreement_ending", "پایان تفاهم‌نامه", lead_days=30)
    def agreements_ending(today, lead_days):
        for a in Agreement.objects.filter(ends_on__range=(today, today + timedelta(lead_days))):
            yield Reminder(recipient_id=a.owner_id, kind="partners.agreement_ending",
                           key=f"agreement:{a.pk}:{a.ends_on}", text=…, link=…, due_on=a.ends_on)

A source is called with the day and the lead time in days the administrator set
for it (or the default given here; None for sources that look only backwards,
like overdue follow-ups) and yields `Reminder`s of its own `code` as kind. It
must yield every reminder whose cause still stands, every day: a reminder it no
longer yields is marked resolved in the recipient's inbox.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .domain.reminders import Reminder

SourceFn = Callable[[dt.date, int | None], Iterable[Reminder]]


@dataclass(frozen=True)
class ReminderSource:
    code: str  # also the kind of every reminder it yields
    label: str  # Persian, shown in the inbox's filter and the settings screen
    fn: SourceFn
    lead_days: int | None = None  # default lead time; None: not adjustable


SOURCES: dict[str, ReminderSource] = {}


def reminder_source(code: str, label: str, *, lead_days: int | None = None):
    """Decorator: register `fn(today, lead_days)` as the source of reminders `code`."""

    def register(fn: SourceFn) -> SourceFn:
        SOURCES[code] = ReminderSource(code=code, label=label, fn=fn, lead_days=lead_days)
        return fn

    return register


#: work a context needs done once a day before the reminders are gathered (e.g.
#: moving agreements to "expiring" as their dates pass): code → fn(today)
DAILY_JOBS: dict[str, Callable[[dt.date], object]] = {}


def daily_job(code: str):
    """Decorator: run `fn(today)` in the daily run, before the reminder sources."""

    def register(fn: Callable[[dt.date], object]) -> Callable[[dt.date], object]:
        DAILY_JOBS[code] = fn
        return fn

    return register


def kind_label(kind: str) -> str:
    source = SOURCES.get(kind)
    return source.label if source else "اعلان"


# Kinds of SMS addressed to women of the registry about what they take part in
# (a booth, a waitlist place): her own inbox (tavana.portal) shows only these.
# Messages to staff, donors or anyone else never appear there, whatever number
# they went to. A context registers its kinds in its AppConfig.ready().
SMS_TO_WOMEN: set[str] = set()


def sms_to_women(*kinds: str) -> None:
    SMS_TO_WOMEN.update(kinds)


# ------------------------------------------------------------------ SMS consent

# The registry's check that a woman agreed to receive SMS (filled by
# tavana.people in its ready(): notifications sits below the registry and does
# not import it). Called with her person id; returns the Persian refusal, or ""
# when she agreed.
SMS_CONSENT_CHECKS: list[Callable[[int], str]] = []


def sms_consent_check(fn: Callable[[int], str]) -> Callable[[int], str]:
    SMS_CONSENT_CHECKS.append(fn)
    return fn


def sms_consent_refusal(person_id: int) -> str:
    for check in SMS_CONSENT_CHECKS:
        refusal = check(person_id)
        if refusal:
            return refusal
    return ""
