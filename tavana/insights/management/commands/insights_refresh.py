"""`tavana insights_refresh`: compute the figures page's most opened views ahead
(this Jalali year, the whole city and each district), from the replica when
there is one, and keep them in the shared cache (tavana.insights.snapshot).
A timer runs it every few minutes (deploy/systemd/tavana-insights.timer), so
managers read figures at most that old and never wait for them."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from tavana.core.domain import jalali
from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.models import District
from tavana.core.replica import replica_reads
from tavana.insights import selectors, snapshot


def default_views() -> list[selectors.Filters]:
    year = jalali.jalali_today().year
    start, end = jalali.year_range(year)
    label = to_persian_digits(f"سال {year}")
    return [selectors.Filters(start, end, None, label)] + [
        selectors.Filters(start, end, d, label) for d in District.objects.order_by("number")
    ]


class Command(BaseCommand):
    help = "Compute this year's figures (whole city and each district) ahead, into the cache."

    def handle(self, *args, **options):
        if snapshot.fresh_seconds() <= 0:
            self.stdout.write("TAVANA_INSIGHTS_FRESH_SECONDS is 0: figures are computed live.")
            return
        with replica_reads():
            snaps = snapshot.refresh(default_views())
        took = sum(s.took_s for s in snaps)
        self.stdout.write(f"{len(snaps)} views refreshed in {took:.1f} s")
