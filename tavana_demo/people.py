"""The registry's demo data: ~40,000 registered women, their households and
~15,000 children under 20, over Tehran's 22 districts, with a few hundred
planted duplicates for the review queue (found by the duplicate scan run at
the end of the load).

Deterministic (seeded by `demo_rng`, dates relative to `today`), idempotent
(nothing is added when the registry has persons) and fast: rows are built in
memory and written with `tavana.core.bulk.insert_rows` (the builder: people_builder.py); the audit log gets one summary entry,
not one per person.
"""

from __future__ import annotations

import datetime as dt
import time

from django.db import transaction
from django.utils import timezone

from tavana.accounts.models import User
from tavana.audit.services import audit_write
from tavana.core.bulk import insert_rows, sqlite_page_cache
from tavana.core.geography import load_geography
from tavana.core.models import District
from tavana.people.models import Consent, Household, Membership, Person, Registration
from tavana.people.search.triggers import fill_search, search_triggers_deferred
from tavana_demo import demo_rng
from tavana_demo.people_builder import (
    _CHANNELS,
    _PARTNERS,
    CHILDREN,
    DUPLICATE_RATE,
    WOMEN,
    _at,
    _Builder,
    _hoods,
    _next_id,
    _Row,
    _Woman,
)


def load_registry(
    out,
    *,
    women: int = WOMEN,
    children: int = CHILDREN,
    duplicates: int | None = None,
    scan: bool = True,
    today: dt.date | None = None,
) -> dict | None:
    """Load the demo registry; returns a summary (None when persons already exist)."""
    existing = Person.objects.count()
    if existing:
        out(f"سامانهٔ افراد: {existing} نفر (موجود)")
        return None
    started = time.monotonic()
    if not District.objects.exists():
        load_geography(out)
    today = today or timezone.localdate()
    if duplicates is None:
        duplicates = round(women * DUPLICATE_RATE)
    rng = demo_rng("people.registry")
    b = _Builder(rng, today, _hoods(), first_id=_next_id(Person))
    users = {u.username: u for u in User.objects.filter(username__in=["registrar", "socialworker"])}
    registrar, socialworker = users.get("registrar"), users.get("socialworker")

    # --- women, their households and planted duplicates
    ws = [b.woman() for _ in range(women)]
    spouses: list[tuple[_Woman, _Row]] = []
    for w in ws:
        status = w.person.marital_status
        if status == "spouse_absent" and rng.random() < 0.8:
            spouses.append((w, b.spouse(w, disabled=rng.random() < 0.6)))
        elif status == "married" and rng.random() < 0.7:
            spouses.append((w, b.spouse(w, disabled=True)))
    spouse_of = {id(w): s for w, s in spouses}
    # children under 20: mothers young enough, 1–4 children each, until the count is reached
    mothers = [
        w
        for w in ws
        if w.person.marital_status != "single" and (today - w.person.birth_date).days < 56 * 365
    ]
    rng.shuffle(mothers)
    left = children
    for w in mothers:
        if left <= 0:
            break
        k = min(left, rng.choices((1, 2, 3, 4), (35, 35, 20, 10))[0])
        dates = b.child_birth_dates(w, k)
        if not dates:
            continue
        s = spouse_of.get(id(w))
        father = (s.first_name, s.last_name) if s else (b.male(), b.last())
        taken: set[str] = set()
        w.children = [b.child(w, father, born, taken) for born in dates]
        left -= len(dates)
    others: list[tuple[_Woman, _Row, str]] = []
    for w in ws:
        r = rng.random()
        if r < 0.05:
            others.append((w, *b.other_member(w, "mother")))
        elif r < 0.13 and (today - w.person.birth_date).days > 42 * 365:
            others.append((w, *b.other_member(w, "grown_child")))
    planted: list[tuple[_Woman, _Row, list[str]]] = []
    for w in rng.sample(ws, min(duplicates, len(ws))):
        moved = b.place() if rng.random() < 0.5 else None
        dup, variants = b.duplicate(w, moved)
        if rng.random() < 0.15:  # she first came without her national code, later with it
            dup.national_code, w.person.national_code = w.person.national_code, None
        planted.append((w, dup, variants))

    # --- households, memberships, registrations (in the order they happened), consents
    heads = [(w.person, w) for w in ws] + [(d, w) for w, d, _ in planted]
    hh_id = _next_id(Household)
    households = [
        _Row(id=hh_id + i, district_id=p.district_id, address=p.address)
        for i, (p, _) in enumerate(heads)
    ]
    home = {id(w): h["id"] for w, h in zip(ws, households, strict=False)}
    members = [
        _Row(household_id=h["id"], person_id=p.id, relation=Membership.HEAD, start_date=w.reg_day)
        for (p, w), h in zip(heads, households, strict=True)
    ]
    members += [
        _Row(household_id=home[id(w)], person_id=s.id, relation=Membership.SPOUSE,
             start_date=w.reg_day)
        for w, s in spouses
    ]  # fmt: skip
    members += [
        _Row(household_id=home[id(w)], person_id=o.id, relation=relation, start_date=w.reg_day)
        for w, o, relation in others
    ]
    members += [
        _Row(household_id=home[id(w)], person_id=c.id, relation=Membership.CHILD,
             start_date=max(w.reg_day, c.birth_date))
        for w in ws
        for c in w.children
    ]  # fmt: skip
    regs: list[tuple[dt.date, _Row, str, str]] = []
    for w in ws:
        channel = b.pick(_CHANNELS)
        partner = b.pick(_PARTNERS) if channel == Registration.PARTNER else ""
        regs.append((w.reg_day, w.person, channel, partner))
    for w, d, _ in planted:
        later = min(today, w.reg_day + dt.timedelta(days=rng.randint(30, 700)))
        channel = rng.choice((Registration.CAMPAIGN, Registration.IMPORT, Registration.PARTNER))
        partner = b.pick(_PARTNERS) if channel == Registration.PARTNER else ""
        regs.append((later, d, channel, partner))
    regs.sort(key=lambda r: r[0])
    registrar_id = registrar.pk if registrar else None
    confirmer_id = socialworker.pk if socialworker else None
    registrations, consents = [], []
    for day, p, channel, partner in regs:
        basis = Registration.CARRIES if rng.random() < 0.82 else Registration.WANTS
        earner = rng.random() < (0.9 if basis == Registration.CARRIES else 0.25)
        confirmed = rng.random() < 0.85
        by = None if channel == Registration.CAMPAIGN else registrar_id
        confirmed_on = min(today, day + dt.timedelta(days=rng.randint(0, 20)))
        registrations.append(
            _Row(
                person_id=p.id,
                channel=channel,
                referred_by=partner,
                registered_at=_at(day, 9 + day.toordinal() % 7),
                registered_by_id=by,
                basis=basis,
                basis_self_declared=True,
                basis_confirmed_by_id=confirmer_id if confirmed else None,
                basis_confirmed_at=_at(confirmed_on, 12) if confirmed else None,
                basis_review_date=today + dt.timedelta(days=rng.randint(1, 365)),
                primary_earner=earner,
            )
        )
        purposes = ["services"]
        if rng.random() < 0.75:
            purposes.append("sms")
        if channel == Registration.PARTNER or rng.random() < 0.25:
            purposes.append("partner_referral")
        if rng.random() < 0.4:
            purposes.append("research")
        consents += [
            _Row(person_id=p.id, purpose=purpose, given_on=day, recorded_by_id=by)
            for purpose in purposes
        ]
    people = [w.person for w in ws]
    people += [d for _, d, _ in planted]
    people += [s for _, s in spouses]
    people += [o for _, o, _ in others]
    people += [c for w in ws for c in w.children]

    # a 256 MiB page cache (the person table's dozen indexes), the search tables
    # filled in one statement each rather than by their per-row triggers
    with transaction.atomic(), sqlite_page_cache(262144), search_triggers_deferred() as search:
        fill_search(search, sorted(insert_rows(Person, people)))
        insert_rows(Household, households)
        insert_rows(Membership, members)
        insert_rows(Registration, registrations)
        insert_rows(Consent, consents)
        n_children = sum(len(w.children) for w in ws)
        counts = {
            "women": women,
            "duplicates": len(planted),
            "spouses": len(spouses),
            "other_members": len(others),
            "children": n_children,
            "persons": len(people),
            "households": len(households),
            "registrations": len(registrations),
            "consents": len(consents),
        }
        audit_write(
            actor=None,
            action="demo.load",
            object_type="people.Person",
            after=counts,
            reason="دادهٔ نمایشی سامانهٔ افراد",
        )
    loaded = time.monotonic() - started
    out(
        f"سامانهٔ افراد: {women} زن ثبت‌نام‌شده، {n_children} فرزند زیر ۲۰ سال، "
        f"{len(people)} نفر در {len(households)} خانوار ({loaded:.1f} ثانیه)"
    )
    summary = {
        **counts,
        "planted": [(w.person.id, d.id, variants) for w, d, variants in planted],
    }
    if scan:
        from tavana.people.duplicates.tasks import scan_registry

        result = scan_registry()
        out(
            f"صف بررسی تکراری‌ها: {result['new']} مورد از {result['pairs']} جفت مشابه "
            f"({result['seconds']:.1f} ثانیه)"
        )
        summary["scan"] = result
    return summary
