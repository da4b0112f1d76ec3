"""Demo: today's reminders and digests, so each demo user's inbox shows what the
daily run would have put there."""

from __future__ import annotations

from tavana.notifications.services import digest_compose, reminders_run


def load_notifications(out) -> None:
    report = reminders_run()
    digests = digest_compose()
    made = sum(r.get("new", 0) for r in report.values())
    out(f"یادآوری‌ها: {made} یادآوری تازه، {digests} خلاصهٔ روزانه")
