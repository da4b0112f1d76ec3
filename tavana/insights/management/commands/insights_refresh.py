"""`tavana insights_refresh`: compute the figures page's most opened views ahead
(this Jalali year: the whole city for each month, season and the year, and
each district for the year), from the replica when there is one, and keep them
in the shared cache (tavana.insights.snapshot); then the year's protected
figures (tavana.insights.published), so a partner's first view does no
suppression. A timer runs it every few minutes (deploy/systemd/tavana-insights.timer;
`tavana demo` runs it in a thread), so managers and partners read figures at
most that old and never wait for them."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from tavana.core.domain import jalali
from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.models import District
from tavana.core.replica import replica_reads
from tavana.insights import published, selectors, snapshot
from tavana.insights.domain import linked


def default_views() -> list[selectors.Filters]:
    """The whole city's seventeen periods of this year (the year first), then
    each district's year."""
    year = jalali.jalali_today().year
    start, end = jalali.year_range(year)
    label = to_persian_digits(f"سال {year}")
    periods = published.year_filters(year)
    city = [periods.pop(linked.YEAR)] + list(periods.values())
    return city + [
        selectors.Filters(start, end, d, label) for d in District.objects.order_by("number")
    ]


class Command(BaseCommand):
    help = "Compute this year's figures (whole city and each district) ahead, into the cache."

    def handle(self, *args, **options):
        if snapshot.fresh_seconds() <= 0:
            self.stdout.write("TAVANA_INSIGHTS_FRESH_SECONDS is 0: figures are computed live.")
            return
        with replica_reads():
            views = default_views()
            snaps = snapshot.refresh(views)
            started = time.monotonic()
            with published.computing_ahead():  # no one waits: the long budget
                published.figures(views[0])  # the year, protected: every table's family
        took = sum(s.took_s for s in snaps)
        protect = time.monotonic() - started
        self.stdout.write(
            f"{len(snaps)} views refreshed in {took:.1f} s; "
            f"protected figures of the year in {protect:.1f} s"
        )
