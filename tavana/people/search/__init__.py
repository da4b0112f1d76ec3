"""The one search box: any spelling, any digit script, national code or mobile
or name, in tiers (exact, prefix, substring, typo-tolerant), within the acting
user's scope.

    query.py     what a query means (buckets of SQL conditions, in tier order)
    engine.py    `person_search`: runs the buckets, pages by cursor
    triggers.py  the SQLite search tables during bulk writes of persons
    views.py, urls.py  the page (namespace "search")
"""

from .engine import SearchPage, person_search
from .query import EXACT, FUZZY, MAX_LIMIT, PREFIX, SUBSTRING, TIER_LABELS, query_digits

__all__ = [
    "EXACT",
    "FUZZY",
    "MAX_LIMIT",
    "PREFIX",
    "SUBSTRING",
    "TIER_LABELS",
    "SearchPage",
    "person_search",
    "query_digits",
]
