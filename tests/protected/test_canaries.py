"""Canary tests: plant distinctive values in sensitive fields and protected records,
render every page and API answer (and the xlsx export and search results) for
every role, for cleared programme staff, and for a break-the-glass holder before
and after expiry — and check each canary appears only where it is allowed.

Routes and their sample kwargs come from the route-matrix test (`route_kwargs`),
so a new route is walked here as soon as it is added there.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from tavana.accounts import matrix, roles
from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.health import HEALTH_ROUTES
from tavana.protected import services
from tavana.protected.models import EmergencyAccess, Participant, PrisonReferral, Programme
from tests.accounts.test_matrix import route_kwargs  # noqa: F401  (a shared fixture)
from tests.protected.factories import clear, district19

pytestmark = pytest.mark.django_db

HEALTH = "CANARY-HEALTH-3141"
INCOME = 9_876_543
LETTER = "CANARY-LETTER-5150"
PRISON_NAME = "CANARY-PROG-PRISON"
WAGE = 7_654_321
RECOVERY_NAME = "CANARY-PROG-RECOVERY"
OUTCOME = "CANARY-OUTCOME-FAMILY"
SESSION_NOTE = "CANARY-SESSION-NOTE"
CASE_NOTE = "CANARY-CASENOTE-2718"
MOTHER = "CANARY-MOTHER-6061"  # the release campaign: her name, prison, offence, creditor
MOTHER_PRISON = "CANARY-RELEASE-PRISON"
OFFENCE = "CANARY-OFFENCE-9090"
CREDITOR = "CANARY-CREDITOR-1212"


def _number_forms(n: int) -> list[str]:
    plain = str(n)
    grouped = f"{n:,}"
    return [
        plain,
        grouped,
        to_persian_digits(plain),
        to_persian_digits(grouped.replace(",", "٬")),
        to_persian_digits(grouped),
    ]


def _text_forms(s: str) -> list[str]:
    return [s, to_persian_digits(s)]


# canary → (group, the strings it may be rendered as)
CANARIES = {
    "health": ("sensitive", _text_forms(HEALTH)),
    "income": ("sensitive", _number_forms(INCOME)),
    "letter": ("prison", _text_forms(LETTER)),
    "wage": ("prison", _number_forms(WAGE)),
    "prison_name": ("prison_name", _text_forms(PRISON_NAME)),
    "outcome": ("recovery", _text_forms(OUTCOME)),
    "session_note": ("recovery", _text_forms(SESSION_NOTE)),
    "recovery_name": ("recovery_name", _text_forms(RECOVERY_NAME)),
    "case_note": ("case_note", _text_forms(CASE_NOTE)),
    "mother": ("release", _text_forms(MOTHER)),
    "mother_prison": ("release", _text_forms(MOTHER_PRISON)),
    "offence": ("release", _text_forms(OFFENCE)),
    "creditor": ("release", _text_forms(CREDITOR)),
}


def _body(response) -> str:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if data[:2] == b"PK":  # an xlsx file: read every part of it
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return data.decode("utf-8", "replace")


class World:
    """The planted canaries and the people who look at them."""

    def __init__(self, kwargs, make_user):
        from tavana.people.models import Person

        self.kwargs = kwargs
        self.person = Person.objects.get(pk=kwargs["people:detail"]["person_id"])
        self.person.health_notes = HEALTH
        self.person.monthly_income = INCOME
        self.person.national_code = "0013542419"
        self.person.save()
        Programme.objects.filter(code=Programme.PRISON).update(name=PRISON_NAME)
        Programme.objects.filter(code=Programme.RECOVERY).update(name=RECOVERY_NAME)
        self.prison = Participant.objects.get(person=self.person, programme__code=Programme.PRISON)
        self.recovery = Participant.objects.get(
            person=self.person, programme__code=Programme.RECOVERY
        )
        PrisonReferral.objects.filter(participant=self.prison).update(letter_number=LETTER)

        self.users: dict[str, object] = {}
        for role in roles.ROLES:
            self.users[role] = self._user(make_user, role, f"canary_{role}")
        self.users["prison_cleared"] = self._user(make_user, roles.SOCIAL_WORKER, "c_prison")
        self.users["recovery_cleared"] = self._user(make_user, roles.CENTRE_MANAGER, "c_recov")
        self.users["glass"] = self._user(make_user, roles.SOCIAL_WORKER, "c_glass")
        clear(self.users["prison_cleared"], Programme.PRISON)
        clear(self.users["recovery_cleared"], Programme.RECOVERY)
        self.users["release_cleared"] = self._user(make_user, roles.SOCIAL_WORKER, "c_release")
        clear(self.users["release_cleared"], Programme.RELEASE)
        self._plant_release(kwargs)

        # protected records written the way staff write them (through the services,
        # so the audit log holds the values too and its pages are checked as well)
        services.record_add(
            actor=self.users["prison_cleared"],
            participant=self.prison,
            kind="wage",
            data={
                "year": 1403,
                "month": 5,
                "days_worked": 21,
                "hours": Decimal("168"),
                "wage_toman": WAGE,
                "paid_on": dt.date(2024, 8, 25),
            },
        )
        services.record_add(
            actor=self.users["recovery_cleared"],
            participant=self.recovery,
            kind="contact",
            data={
                "contacted_on": dt.date(2024, 6, 1),
                "who": "خواهر",
                "channel": "visit",
                "outcome": OUTCOME,
            },
        )
        services.record_add(
            actor=self.users["recovery_cleared"],
            participant=self.recovery,
            kind="session",
            data={
                "held_on": dt.date(2024, 6, 2),
                "kind": "individual",
                "minutes": 60,
                "notes": SESSION_NOTE,
            },
        )
        self.has_casework = apps.is_installed("tavana.casework")
        if self.has_casework:
            from tavana.casework.models import CaseNote

            CaseNote.objects.create(
                person=self.person,
                author=self.users[roles.SOCIAL_WORKER],
                sensitivity=CaseNote.SENSITIVE,
                text=CASE_NOTE,
            )

    def _plant_release(self, kwargs) -> None:
        """Her release case (the route kwargs' sample case), linked to her registry
        record so a break-the-glass grant for her opens it."""
        from tavana.protected.release.models import Debt, ReleaseCase

        case_id = kwargs["release:case"]["case_id"]
        ReleaseCase.objects.filter(pk=case_id).update(
            last_name=MOTHER, prison=MOTHER_PRISON, offence_note=OFFENCE, person=self.person
        )
        Debt.objects.filter(case_id=case_id).update(creditor=CREDITOR)

    @staticmethod
    def _user(make_user, role, username):
        user = make_user(role, username=username)
        user.districts.set([district19()])
        return user

    def role_of(self, who: str) -> str:
        return self.users["glass" if who.startswith("glass") else who].role


def _allowed(world: World, who: str, name: str, query: str, group: str) -> bool:
    """Where each kind of canary may appear."""
    role = world.role_of(who) if who else None
    page = not name.startswith(("api:", "people_export:", "search:"))
    protected_page = name.startswith("protected:") or name == "people:detail"
    sees_prison = who in ("prison_cleared", "glass_live")
    sees_recovery = who in ("recovery_cleared", "glass_live")
    if group == "sensitive":
        if "include=sensitive" not in query or not matrix.can(role, "person.sensitive"):
            return name == "people:sensitive" and matrix.can(role, "person.sensitive")
        return name in ("api:person", "people_export:persons")
    if group == "prison":
        return sees_prison and protected_page
    if group == "recovery":
        return sees_recovery and protected_page
    if group in ("prison_name", "recovery_name"):
        # the clearance page names the programmes (not the women) to who assigns staff
        if name == "accounts:clearances" and matrix.can(role, "accounts.clear"):
            return True
        # …and cleared staff see their programmes' names on their home page
        shown = protected_page or name in ("core:home", "portal:front")  # (/ is their home)
        return (sees_prison if group == "prison_name" else sees_recovery) and shown
    if group == "release":
        # only staff cleared for the release campaign, on its staff pages (never the
        # donors' or the public pages, never figures, their export or the API); a live
        # grant opens her case
        staff_page = name.startswith("release:") and name not in ("release:figures",
                                                                  "release:export")  # fmt: skip
        return staff_page and (
            who == "release_cleared" or (who == "glass_live" and name == "release:case")
        )
    if group == "case_note":
        return page and matrix.can(role, "casework.notes")
    raise AssertionError(group)


def _requests(world: World, who: str) -> list[tuple[str, str, str, str]]:
    """(url name, url, query, method) for every route, plus the variants that widen
    what a route shows (sensitive fields, searches, statements, grants)."""
    out = []
    for name in matrix.ROUTES:
        url = reverse(name, kwargs=world.kwargs.get(name, {}))
        out.append((name, url, "", "GET"))
    p = world.person
    extra = {
        "search:persons": [f"q={p.first_name} {p.last_name}", f"q={p.national_code}"],
        "api:persons": [f"q={p.last_name}", f"q={p.national_code}"],
        "api:person": ["include=sensitive&reason=ارزیابی نیاز"],
        "people_export:persons": [
            "include=sensitive&reason=ارزیابی نیاز",
            f"q={p.national_code}",
        ],
        "protected:statement": ["from_year=1403&from_month=1&to_year=1403&to_month=12"],
        "audit:log": [f"person={p.pk}"],
    }
    for name, queries in extra.items():
        if name in matrix.ROUTES:
            url = reverse(name, kwargs=world.kwargs.get(name, {}))
            out += [(name, url, q, "GET") for q in queries]
    # the route kwargs point at her prison membership; walk the recovery one too
    for name in ("protected:participant", "protected:programme"):
        kw = (
            {"participant_id": world.recovery.pk}
            if name == "protected:participant"
            else {"code": Programme.RECOVERY}
        )
        out.append((name, reverse(name, kwargs=kw), "", "GET"))
    # …and the clearance page of each programme (the route kwargs name children's data)
    for code in (Programme.PRISON, Programme.RECOVERY, Programme.RELEASE):
        url = reverse("accounts:clearances", kwargs={"area": code})
        out.append(("accounts:clearances", url, "", "GET"))
    if "people:sensitive" in matrix.ROUTES:
        url = reverse("people:sensitive", kwargs=world.kwargs["people:sensitive"])
        out.append(("people:sensitive", url, "", "POST"))
    if who.startswith("glass"):
        for grant in EmergencyAccess.objects.filter(user=world.users["glass"]):
            url = reverse("protected:emergency_grant", kwargs={"grant_id": grant.pk})
            out.append(("protected:emergency_grant", url, "", "GET"))
            for pt in (world.prison, world.recovery):
                url = reverse("protected:participant", kwargs={"participant_id": pt.pk})
                out.append(("protected:participant", url, "", "GET"))
    return out


def _walk(client, world: World, who: str, seen: set, violations: list) -> None:
    user_key = "glass" if who.startswith("glass") else who
    client.force_login(world.users[user_key])
    for name, url, query, method in _requests(world, who):
        if method == "POST":
            response = client.post(url, {"reason": "بررسی درخواست کمک هزینهٔ درمان"})
        else:
            response = client.get(f"{url}?{query}" if query else url)
        if name in HEALTH_ROUTES:  # 503 there means "no worker beats", its answer here
            continue
        assert response.status_code < 500, (who, name, query, response.status_code)
        body = _body(response)
        for canary, (group, forms) in CANARIES.items():
            if any(f in body for f in forms):
                seen.add((who, canary))
                if not _allowed(world, who, name, query, group):
                    violations.append(f"{canary} shown to {who} at {name}?{query}")


def test_canaries_appear_only_where_allowed(client, make_user, route_kwargs):  # noqa: F811
    from tavana.core.sms import MemorySmsBackend

    MemorySmsBackend.outbox.clear()
    world = World(route_kwargs, make_user)
    seen: set = set()
    violations: list[str] = []
    for who in [*roles.ROLES, "prison_cleared", "recovery_cleared", "release_cleared"]:
        _walk(client, world, who, seen, violations)

    # break the glass: nothing before the grant, everything of hers while it is
    # live, nothing again after it expires
    _walk(client, world, "glass_before", seen, violations)
    now = timezone.now()
    grant = services.emergency_grant(
        actor=world.users["glass"],
        person=world.person,
        reason="خطر فوری برای فرزندانش گزارش شده است و باید خانواده را بیابیم",
        now=now,
    )
    _walk(client, world, "glass_live", seen, violations)
    EmergencyAccess.objects.filter(pk=grant.pk).update(expires_at=now - dt.timedelta(seconds=1))
    _walk(client, world, "glass_after", seen, violations)

    assert not violations, "\n".join(sorted(set(violations)))
    # …and the canaries do show where they should (so the walk is not vacuous)
    for who, canary in [
        ("prison_cleared", "letter"),
        ("prison_cleared", "wage"),
        ("prison_cleared", "prison_name"),
        ("recovery_cleared", "outcome"),
        ("recovery_cleared", "session_note"),
        ("recovery_cleared", "recovery_name"),
        ("release_cleared", "mother"),
        ("release_cleared", "mother_prison"),
        ("release_cleared", "offence"),
        ("release_cleared", "creditor"),
        ("glass_live", "mother"),
        ("glass_live", "letter"),
        ("glass_live", "outcome"),
        (roles.ADMINISTRATOR, "health"),
        (roles.ADMINISTRATOR, "income"),
        (roles.SOCIAL_WORKER, "health"),
    ]:
        assert (who, canary) in seen, (who, canary)
    for who in ("glass_before", "glass_after", roles.REGISTRAR, roles.AUDITOR):
        assert not {c for w, c in seen if w == who} - {"health", "income", "case_note"}, who
    assert not any(
        any(f in m.text for _, forms in CANARIES.values() for f in forms)
        for m in MemorySmsBackend.outbox
    )
    from tavana.notifications.models import SmsOutbox

    queued = list(SmsOutbox.objects.values_list("text", flat=True))
    assert not any(f in t for t in queued for _, forms in CANARIES.values() for f in forms)


def test_search_and_export_never_carry_protected_canaries(client, make_user, route_kwargs):  # noqa: F811
    """Directly, with every filter that could match her: the programme's records
    and names are not in the registry's search results or in the xlsx."""
    world = World(route_kwargs, make_user)
    for who in (roles.ADMINISTRATOR, roles.REGISTRAR, "prison_cleared", "recovery_cleared",
                "release_cleared"):  # fmt: skip
        client.force_login(world.users[who])
        urls = []
        if "search:persons" in matrix.ROUTES:
            urls += [reverse("search:persons") + f"?q={world.person.national_code}"]
        if "people_export:persons" in matrix.ROUTES:
            urls += [
                reverse("people_export:persons"),
                reverse("people_export:persons") + "?include=sensitive",
            ]
        urls += [reverse("api:persons"), reverse("api:person", args=[world.person.pk])]
        for url in urls:
            body = _body(client.get(url))
            for canary in ("letter", "wage", "prison_name", "outcome", "recovery_name",
                           "mother", "mother_prison", "offence"):  # fmt: skip
                assert not any(f in body for f in CANARIES[canary][1]), (who, url, canary)
