"""Reads of the registry, always within the acting user's scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.http import Http404

from tavana.accounts import roles
from tavana.accounts.access import user_can
from tavana.core.domain.jalali import to_jalali
from tavana.core.domain.persian_text import search_key, to_ascii_digits
from tavana.core.models import District

from .domain.fellegi_sunter import Model
from .domain.match_table import NameStats
from .models import ChangeRequest, Membership, Person

OFFICE_WIDE = {roles.ADMINISTRATOR, roles.AUDITOR, roles.MANAGER}

# Other apps widen a user's scope here: callables (actor) -> Q | None, OR-ed with
# her districts. Casework adds a social worker's open caseload (tavana/casework/hooks.py).
PERSON_SCOPE_EXTRA: list = []


def scope_district_ids(actor) -> frozenset[int]:
    """The ids of the districts a user works in (hers and her centres'), read once
    per user object — that is, once per request."""
    cached = getattr(actor, "_tavana_scope_districts", None)
    if cached is None:
        from tavana.core.models import District

        cached = frozenset(
            District.objects.filter(
                Q(pk__in=actor.districts.values("pk"))
                | Q(pk__in=actor.centres.values("district_id"))
            ).values_list("pk", flat=True)
        )
        actor._tavana_scope_districts = cached
    return cached


def person_scope(*, actor) -> QuerySet[Person]:
    """Persons the user may see: her districts (and her centres' districts);
    office-wide roles with no district see the whole registry. Merged records
    are history, not people: they are never listed. A person with no district
    is in nobody's districts: only the whole registry's users (the
    administrator) see her (docs/security.md, finding 5)."""
    qs = Person.objects.filter(merged_into__isnull=True)
    if not user_can(actor, "person.view"):
        return qs.none()
    if person_scope_is_whole_registry(actor=actor):
        return qs
    district_ids = scope_district_ids(actor)
    extra = Q()
    for widen in PERSON_SCOPE_EXTRA:
        extra |= widen(actor) or Q()
    if not district_ids:
        return qs.filter(extra) if extra else qs.none()
    return qs.filter(Q(district_id__in=district_ids) | extra)


def person_link_allowed(actor, person) -> bool:
    """May the actor open this person's page? Answered from the person's district
    when it settles it (no query for a list of rows in her districts); else one
    query through person_scope. `person` is a Person or an id."""
    if person is None or not user_can(actor, "person.view"):
        return False
    if person_scope_is_whole_registry(actor=actor):
        return True
    # what is loaded only (a search result defers merged_into: no query per row)
    loaded = vars(person) if isinstance(person, Person) else {}
    district_id = loaded.get("district_id", False)
    if district_id is not False and not loaded.get("merged_into_id"):
        if district_id is not None and district_id in scope_district_ids(actor):
            return True
        # a woman without a district is in nobody's districts (person_scope)
        if not any(widen(actor) for widen in PERSON_SCOPE_EXTRA):
            return False
    person_id = getattr(person, "pk", person)
    return person_scope(actor=actor).filter(pk=person_id).exists()


def person_scope_is_whole_registry(*, actor) -> bool:
    """True when person_scope(actor) is every (unmerged) person: an office-wide
    role with no districts of her own."""
    return (
        user_can(actor, "person.view")
        and not scope_district_ids(actor)
        and (actor.role in OFFICE_WIDE or actor.role == roles.ADMINISTRATOR)
    )


def person_get(*, actor, person_id: int) -> Person:
    """One person in scope (404 otherwise, so the page does not confirm she exists)."""
    person = (
        person_scope(actor=actor)
        .select_related("district", "neighbourhood", "registration", "created_by")
        .filter(pk=person_id)
        .first()
    )
    if person is None:
        merged = Person.objects.filter(pk=person_id, merged_into__isnull=False).first()
        if merged is not None and merged.merged_into_id is not None:
            return person_get(actor=actor, person_id=merged.merged_into_id)
        raise Http404
    return person


def age_on(born: dt.date | None, on: dt.date) -> int | None:
    if not born:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def household_members(*, actor, person: Person, on: dt.date | None = None) -> list[dict]:
    """Her current household(s) and their members, with ages computed from birth dates."""
    on = on or dt.date.today()
    households = Membership.objects.filter(person=person, end_date__isnull=True).values("household")
    rows = (
        Membership.objects.filter(household__in=households, end_date__isnull=True)
        .exclude(person=person)
        .select_related("person")
        .order_by("relation", "person__birth_date")
    )
    out = []
    for m in rows:
        age = age_on(m.person.birth_date, on)
        out.append(
            {
                "membership": m,
                "person": m.person,
                "age": age,
                "child_under_20": age is not None and age < 20,
            }
        )
    return out


def children_under_20(*, actor, person: Person, on: dt.date | None = None) -> list[Person]:
    return [
        r["person"]
        for r in household_members(actor=actor, person=person, on=on)
        if r["child_under_20"]
    ]


def child_ids(*, parent_ids=None) -> QuerySet:
    """Ids of the persons who are a child (relation «فرزند») in a current household;
    with `parent_ids`, only in the current households of those persons. For other
    contexts that build on children (tavana/youth)."""
    qs = Membership.objects.filter(relation=Membership.CHILD, end_date__isnull=True)
    if parent_ids is not None:
        households = (
            Membership.objects.filter(person_id__in=parent_ids, end_date__isnull=True)
            .exclude(relation=Membership.CHILD)
            .values("household")
        )
        qs = qs.filter(household__in=households)
    return qs.values("person_id")


def parent_of(*, child: Person) -> Person | None:
    """The head of the child's current household (her mother, for the Center), or
    another adult of it when there is no head."""
    households = Membership.objects.filter(
        person=child, relation=Membership.CHILD, end_date__isnull=True
    ).values("household")
    m = (
        Membership.objects.filter(household__in=households, end_date__isnull=True)
        .exclude(relation=Membership.CHILD)
        .select_related("person")
        .order_by("relation", "pk")
        .first()
    )
    if m is None:
        return None
    return m.person.merged_into if m.person.merged_into_id else m.person


# ----------------------------------------------------------- filtered lists
# Shared by the API and the xlsx export: the same filters (district, q) within
# the acting user's scope, paged by key, never counted.


#: the longest search text anything accepts (the search box, the API, the export):
#: a name, a national code or a mobile fits many times over; a 300-word text once
#: answered 500 («too many SQL variables»)
MAX_QUERY_CHARS = 100
MAX_QUERY_WORDS = 8
QUERY_TOO_LONG = (
    f"متن جست‌وجو بیش از اندازه بلند است؛ حداکثر {MAX_QUERY_CHARS:,} نویسه و "
    f"{MAX_QUERY_WORDS} واژه بنویسید."
).translate(str.maketrans("0123456789,", "۰۱۲۳۴۵۶۷۸۹٬"))


def search_text_check(q: str) -> str:
    """The search text, stripped; ServiceError (field "q") when it is too long."""
    from tavana.core.errors import ServiceError

    q = (q or "").strip()
    if len(q) > MAX_QUERY_CHARS or len(q.split()) > MAX_QUERY_WORDS:
        raise ServiceError({"q": QUERY_TOO_LONG}, code="query_too_long")
    return q


#: a stated purpose for reading sensitive fields, as the person page asks for one
MIN_PURPOSE_CHARS = 5
PURPOSE_REQUIRED = "دلیل دیدن اطلاعات حساس را بنویسید (دست‌کم ۵ نویسه)؛ در دفتر رویدادها ثبت می‌شود."


def sensitive_purpose_check(reason: str | None) -> str:
    """The stated purpose of a read of sensitive fields, or ServiceError: the API and
    the export ask for it as the person page does (never an automatic one)."""
    from tavana.core.errors import ServiceError

    reason = (reason or "").strip()
    if len(reason) < MIN_PURPOSE_CHARS:
        raise ServiceError({"reason": PURPOSE_REQUIRED}, code="reason_required")
    return reason[:300]


def search_text_trim(q: str) -> str:
    """For a search box, which never refuses: the text cut to the limits."""
    return " ".join((q or "").split()[:MAX_QUERY_WORDS])[:MAX_QUERY_CHARS].strip()


def person_ids_with_mobile(mobile: str) -> list[int]:
    """The registry's women (not merged away) whose mobile is `mobile` (stored form).
    For the portal's sign-in: a number shared in a family may name more than one."""
    return list(
        Person.objects.filter(mobile=mobile, sex=Person.FEMALE, merged_into__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:5]
    )


def person_among(ids: list[int], national_code: str) -> int | None:
    """Which of `ids` has this national code (stored form), if any."""
    return (
        Person.objects.filter(pk__in=ids, national_code=national_code)
        .values_list("pk", flat=True)
        .first()
    )


def person_self_get(*, person_id: int) -> Person:
    """The signed-in woman's own record (the portal: no staff scope applies)."""
    return Person.objects.select_related("district", "neighbourhood").get(
        pk=person_id, merged_into__isnull=True
    )


def person_filter(*, actor, q: str = "", district: int | None = None) -> QuerySet[Person]:
    """Persons in scope matching the filters (unordered).

    ``q``: a national code or mobile (any digit script, exact or leading digits),
    or a name in any spelling (matched on the stored search key).
    """
    q = search_text_check(q)
    qs = person_scope(actor=actor)
    if district is not None:
        qs = qs.filter(district__number=district)
    if q:
        digits = "".join(to_ascii_digits(q).split()).replace("-", "")
        if digits.isdigit():
            if digits.startswith("09") or (digits.startswith("9") and len(digits) == 10):
                mobile = digits if digits.startswith("0") else "0" + digits
                qs = qs.filter(Q(mobile__startswith=mobile) | Q(national_code__startswith=digits))
            else:
                qs = qs.filter(national_code__startswith=digits)
        else:
            key = search_key(q)
            qs = qs.filter(name_key__contains=key) if key else qs.none()
    return qs


def person_page(qs: QuerySet[Person], *, after: int | None = None, limit: int = 50):
    """One page by key (id ascending): (rows, cursor of the next page or None)."""
    if after is not None:
        qs = qs.filter(pk__gt=after)
    rows = list(qs.order_by("pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].pk if more and rows else None)


def change_request_scope(*, actor) -> QuerySet[ChangeRequest]:
    """Change requests a user may see: an approver all of them; anyone else her own,
    for persons in her scope (as the change-request pages do), and a reviewer of
    women's own requests also those, for the women in her scope."""
    qs = ChangeRequest.objects.select_related("person", "requested_by", "decided_by")
    if user_can(actor, "person.change_approve"):
        return qs
    in_scope = Q(person__in=person_scope(actor=actor).values("pk"))
    mine = Q(requested_by=actor) if getattr(actor, "pk", None) else Q(pk__in=[])
    if user_can(actor, "person.self_change_review"):
        return qs.filter(in_scope & (mine | Q(by_herself=True)))
    return qs.filter(in_scope & mine)


def change_request_may_decide(actor, change_request: ChangeRequest) -> bool:
    """Maker-checker: a staff request is checked by an approver other than its maker;
    a woman's own request by a reviewer of those (a registrar) in whose scope she is."""
    if not getattr(actor, "pk", None):
        return False
    if change_request.by_herself:
        if not (
            user_can(actor, "person.self_change_review") or user_can(actor, "person.change_approve")
        ):
            return False
        return person_scope(actor=actor).filter(pk=change_request.person_id).exists()
    return user_can(actor, "person.change_approve") and change_request.requested_by_id != actor.pk


def own_change_requests(*, person_id: int) -> QuerySet[ChangeRequest]:
    """What a woman asked to have corrected herself, newest first (the portal)."""
    return ChangeRequest.objects.filter(person_id=person_id, by_herself=True).order_by(
        "-created_at", "-pk"
    )


# ------------------------------------------------------- likely duplicates while typing


def _as_record(p: Person) -> dict:
    from tavana.core.domain.jalali import to_jalali_iso

    return {
        "id": str(p.pk),
        "national_code": p.national_code or "",
        "first_name": p.first_name,
        "last_name": p.last_name,
        "father_name": p.father_name,
        "birth_date": to_jalali_iso(p.birth_date) if p.birth_date else "",
        "mobile": p.mobile,
        "district": str(p.district.number) if p.district else "",
        "address": p.address,
    }


@dataclass(frozen=True)
class RegistryMatcher:
    """The model every duplicate check of the registry judges with (see `registry_matcher`)."""

    model: Model
    stats: NameStats
    persons: int
    trained: tuple | None  # (pk, created_at) of the MatchModel row; None before any scan


_matcher_cache: dict = {"matcher": None, "counted": -1e9}
#: before any scan, the registry is counted at most this often (the prior's size)
COUNT_SECONDS = 600


def registry_matcher() -> RegistryMatcher:
    """The model learnt by the last registry scan (`MatchModel`), with its name
    statistics; before any scan, the matcher's starting model and the registry's
    size. One small query per call tells whether a newer model exists; the model
    itself is loaded once per process and model."""
    import time

    from .domain.fellegi_sunter import DEFAULT
    from .models import MatchModel

    latest = MatchModel.objects.order_by("-pk").values_list("pk", "created_at").first()
    cached = _matcher_cache["matcher"]
    if latest is not None:
        if cached is None or cached.trained != latest:
            row = MatchModel.objects.get(pk=latest[0])
            cached = RegistryMatcher(
                Model.from_dict(row.parameters), NameStats.from_dict(row.names), row.persons, latest
            )
            _matcher_cache["matcher"] = cached
        return cached
    now = time.monotonic()
    if (
        cached is None
        or cached.trained is not None
        or now - _matcher_cache["counted"] > COUNT_SECONDS
    ):
        persons = Person.objects.filter(merged_into__isnull=True).count()
        cached = RegistryMatcher(DEFAULT, NameStats({}, {}), persons, None)
        _matcher_cache.update(matcher=cached, counted=now)
    return cached


def _typo_codes(code: str) -> list[str]:
    """Valid national codes one typo away from `code` (a digit wrong, two swapped
    side by side or one apart): the registry holds valid codes only."""
    from tavana.core.domain.identifiers import is_valid_national_code

    out = {code}
    for i in range(10):
        for d in "0123456789":
            out.add(code[:i] + d + code[i + 1 :])
    for gap in (1, 2):
        for i in range(10 - gap):
            j = i + gap
            out.add(code[:i] + code[j] + code[i + 1 : j] + code[i] + code[j + 1 :])
    return [c for c in out if is_valid_national_code(c)]


#: at most this many registered persons are judged per check (the likeliest first)
MAX_HITS = 60


def _hit_priority(r, strong: Q, born) -> Case:
    """The order the lookup's hits are judged in, so that a common name (hundreds
    of women called «فاطمه محمدی» in a large registry) never crowds out the one
    being typed: a code one typo away or the same mobile first, then the same
    birth date, the same father's name, the same birth year, then the rest."""
    from tavana.core.domain.jalali import InvalidDate, from_jalali

    whens = []
    if strong:
        whens.append(When(strong, then=Value(0)))
    if born:
        whens.append(When(birth_date=born, then=Value(1)))
    if r.father:
        whens.append(When(father_key=r.father, then=Value(2)))
    if r.bd and r.bd[0]:
        try:
            year = (from_jalali(r.bd[0], 1, 1), from_jalali(r.bd[0] + 1, 1, 1))
        except InvalidDate:
            year = None
        if year:
            whens.append(When(birth_date__gte=year[0], birth_date__lt=year[1], then=Value(3)))
    return Case(*whens, default=Value(4), output_field=IntegerField())


def _candidate_hits(
    *, actor, r, matcher, exclude_id: int | None, doc: tuple[str, str] | None = None
) -> list[Person]:
    """The registered persons the indexed keys find for the typed record `r`,
    the likeliest first (`_hit_priority`), each with `in_scope` for `actor`."""
    from tavana.core.domain.jalali import InvalidDate, from_jalali

    from .domain.name_variants import FIRST, LAST

    firsts = matcher.stats.spellings(r.first, FIRST) if r.first else []
    lasts = matcher.stats.spellings(r.last, LAST) if r.last else []
    born = None
    if r.bd and r.bd[1]:
        try:
            born = from_jalali(*r.bd)
        except InvalidDate:
            pass
    q = Q()
    if r.nc:
        q |= Q(national_code__in=_typo_codes(r.nc))
    if r.mobile:
        q |= Q(mobile=r.mobile)
    if doc:  # another identity document, for a woman without a national code
        q |= Q(other_id_kind=doc[0], other_id=doc[1])
    strong = q
    if firsts and lasts:
        q |= Q(last_key__in=lasts, first_key__in=firsts)
        q |= Q(last_key__in=firsts, first_key__in=lasts)  # swapped names
    if born and lasts:
        q |= Q(last_key__in=lasts, birth_date=born)
    if born and firsts:
        q |= Q(first_key__in=firsts, birth_date=born)
    if not q:
        return []
    qs = Person.objects.filter(q, merged_into__isnull=True).select_related("district")
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    # whether she is in the user's scope comes with the hit (one query, not two)
    in_scope = Exists(person_scope(actor=actor).filter(pk=OuterRef("pk")))
    return list(
        qs.annotate(in_scope=in_scope).order_by(_hit_priority(r, strong, born), "pk")[:MAX_HITS]
    )


def person_candidates(
    *, actor, data: dict, exclude_id: int | None = None, limit: int = 5
) -> list[dict]:
    """Registered persons who may be the one being typed, with the reasons.

    Looks the registry up by indexed keys that tolerate typing — the national
    code and the valid codes one typo away, the mobile, every spelling of the
    names the registry has seen (`NameStats.spellings`) in either order, a
    name with the birth date — and judges each hit with the registry's model
    (`registry_matcher`). Candidates outside the user's scope are reported
    without personal details.
    """
    from .domain.fields import normal_other_id
    from .domain.matching import P_REVIEW, normalise, rank_candidates

    r = normalise({**{k: str(v or "") for k, v in data.items()}, "id": "new"})
    matcher = registry_matcher()
    number = normal_other_id(data.get("other_id") or "")
    doc = (str(data["other_id_kind"]), number) if number and data.get("other_id_kind") else None
    hits = _candidate_hits(actor=actor, r=r, matcher=matcher, exclude_id=exclude_id, doc=doc)
    if not hits:
        return []
    by_id = {str(p.pk): p for p in hits}
    out: list[dict[str, Any]] = []
    verdicts = rank_candidates(
        r,
        [_as_record(p) for p in hits],
        model=matcher.model,
        stats=matcher.stats,
        population=matcher.persons,
    )
    for v in verdicts:
        p = by_id[v.id_b]
        same_code = bool(r.nc) and r.nc == p.national_code
        same_doc = doc is not None and (p.other_id_kind, p.other_id) == doc
        if v.probability < P_REVIEW and not (same_code or same_doc):
            continue
        out.append(
            {
                "person": p if getattr(p, "in_scope", False) else None,
                "id": p.pk,
                "district": p.district,
                "score": v.probability,
                "probability": v.probability,
                "decision": v.decision,
                "reasons": (["همان مدرک شناسایی"] if same_doc else [])
                + (list(v.reasons) or ["مشخصات مشابه"]),
                "same_national_code": same_code or same_doc,
                "same_document": same_doc and not same_code,
            }
        )
    out.sort(key=lambda r: (not r["same_national_code"], -float(r["score"]), r["id"]))
    return out[:limit]


def registry_match_rows(*, chunk_size: int = 5_000):
    """Every woman of the registry (not merged away) as the matcher's fields, for
    an encoding that leaves the Center without names (partners' overlap count):
    (id, national code, first, last and father's name, Jalali birth date as
    «YYYY/MM/DD», mobile, district number as text, address), in id order."""
    numbers = {pk: str(n) for pk, n in District.objects.values_list("id", "number")}
    jalali: dict = {}
    fields = ("id", "national_code", "first_name", "last_name", "father_name", "birth_date")
    qs = (
        Person.objects.filter(merged_into__isnull=True)
        .order_by("id")
        .values_list(*fields, "mobile", "district_id", "address")
    )
    for pk, code, first, last, father, born, mobile, district_id, address in qs.iterator(
        chunk_size=chunk_size
    ):
        if born is not None and born not in jalali:
            jalali[born] = "{}/{:02d}/{:02d}".format(*to_jalali(born))
        yield (
            str(pk),
            code or "",
            first or "",
            last or "",
            father or "",
            jalali[born] if born is not None else "",
            mobile or "",
            numbers.get(district_id, ""),
            address or "",
        )


def mobile_since(*, person_id: int):
    """When she took the number now on her record: her registration, or the last
    change of her mobile (the audit log keeps every change). Her own inbox shows
    only messages sent to the number since then, not those of whoever had it before."""
    from tavana.audit.models import AuditEntry

    person = Person.objects.only("created_at").get(pk=person_id)
    changes = AuditEntry.objects.filter(
        person_id=person_id, kind=AuditEntry.KIND_WRITE, action="person.update"
    ).values_list("at", "fields")
    times = [at for at, fields in changes if "mobile" in (fields or [])]
    return max([person.created_at, *times])


def audit_people_find(text: str, limit: int) -> list[int]:
    """For the auditor's filter: the persons a name, a national code or an id names
    (merged records too: the log keeps the id it was written with)."""
    from tavana.core.domain.persian_text import search_key, to_ascii_digits

    digits = to_ascii_digits(text).strip()
    if digits.isdigit():
        if len(digits) != 10:
            return [int(digits)]
        qs = Person.objects.filter(national_code=digits)
    else:
        key = search_key(text)
        if not key:
            return []
        qs = Person.objects.filter(name_key__contains=key)
    return list(qs.order_by("pk").values_list("pk", flat=True)[:limit])


def audit_people_names(ids) -> dict[int, str]:
    rows = Person.objects.filter(pk__in=list(ids)).values_list("pk", "first_name", "last_name")
    return {pk: f"{first} {last}".strip() for pk, first, last in rows}
