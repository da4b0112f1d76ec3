"""Sub-features live in sub-packages with their own urls (as tavana/people/ does:
importing/, search/, export/), not in flat `views_x.py` / `forms_x.py` files told
apart by a prefix (issue 13). Youth and portal were moved so; their addresses and
reverse names are exactly what they were before the move (the table below was
taken from the flat urls.py files), and each page is served from its sub-package.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import resolve, reverse

TAVANA = Path(__file__).resolve().parents[1] / "tavana"

# name: (arguments, address, the module serving it)
ADDRESSES = {
    "youth:home": ((), "/youth/", "tavana.youth.views"),
    "youth:child": ((7,), "/youth/children/7/", "tavana.youth.views"),
    "youth:school_year_new": ((7,), "/youth/children/7/school/", "tavana.youth.views"),
    "youth:transfer_new": ((7,), "/youth/children/7/transfer/", "tavana.youth.views"),
    "youth:result_new": ((7,), "/youth/children/7/results/", "tavana.youth.views"),
    "youth:intervention_new": ((3,), "/youth/flags/3/intervention/", "tavana.youth.views"),
    "youth:schools": ((), "/youth/schools/", "tavana.youth.views"),
    "youth:import": ((), "/youth/import/", "tavana.youth.importing.views"),
    "youth:import_result": (("ab12",), "/youth/import/ab12/", "tavana.youth.importing.views"),
    "youth:import_report": (
        ("ab12",),
        "/youth/import/ab12/rejected.xlsx",
        "tavana.youth.importing.views",
    ),
    "youth:gifted": ((), "/youth/gifted/", "tavana.youth.programmes.views"),
    "youth:application_new": ((7,), "/youth/children/7/gifted/", "tavana.youth.programmes.views"),
    "youth:application": ((5,), "/youth/gifted/5/", "tavana.youth.programmes.views"),
    "youth:grants": ((), "/youth/support/", "tavana.youth.programmes.views"),
    "youth:grant_decide": ((5,), "/youth/support/5/decide/", "tavana.youth.programmes.views"),
    "youth:budget_line": ((2,), "/youth/support/lines/2/", "tavana.youth.programmes.views"),
    "youth:payment_file": (
        (2,),
        "/youth/support/lines/2/payments/",
        "tavana.youth.programmes.views",
    ),
    "youth:teens": ((), "/youth/teens/", "tavana.youth.programmes.views"),
    "youth:teen_programme": ((4,), "/youth/teens/4/", "tavana.youth.programmes.views"),
    "youth:talent": ((), "/youth/talent/", "tavana.youth.programmes.views"),
    "youth:talent_round": ((4,), "/youth/talent/4/", "tavana.youth.programmes.views"),
    "youth:indicators": ((), "/youth/indicators/", "tavana.youth.views"),
    "youth:indicator": ((9,), "/youth/indicators/9/", "tavana.youth.views"),
    "portal:front": ((), "/", "tavana.portal.views"),
    "portal:sign_in": ((), "/my/sign-in/", "tavana.portal.views"),
    "portal:code": ((), "/my/code/", "tavana.portal.views"),
    "portal:choose": ((), "/my/choose/", "tavana.portal.views"),
    "portal:sign_out": ((), "/my/sign-out/", "tavana.portal.views"),
    "portal:me": ((), "/my/", "tavana.portal.views"),
    "portal:courses": ((), "/my/courses/", "tavana.portal.views"),
    "portal:course_enrol": ((3,), "/my/courses/3/enrol/", "tavana.portal.views"),
    "portal:certificate": ((3,), "/my/certificates/3/", "tavana.portal.views"),
    "portal:corrections": ((), "/my/corrections/", "tavana.portal.corrections.views"),
    "portal:correction_new": ((), "/my/corrections/new/", "tavana.portal.corrections.views"),
    "portal:bazaars": ((), "/my/bazaars/", "tavana.portal.bazaars.views"),
    "portal:bazaar_apply": ((6,), "/my/bazaars/rounds/6/apply/", "tavana.portal.bazaars.views"),
    "portal:booth_accept": ((8,), "/my/booths/8/accept/", "tavana.portal.bazaars.views"),
    "portal:booth_decline": ((8,), "/my/booths/8/decline/", "tavana.portal.bazaars.views"),
    "portal:work": ((), "/my/work/", "tavana.portal.work.views"),
    "portal:inbox": ((), "/my/messages/", "tavana.portal.inbox.views"),
    "portal:consents": ((), "/my/consents/", "tavana.portal.consents.views"),
    "portal:consent_withdraw": (
        ("sms",),
        "/my/consents/sms/withdraw/",
        "tavana.portal.consents.views",
    ),
    "portal:consent_give": (("sms",), "/my/consents/sms/give/", "tavana.portal.consents.views"),
    "portal:service_worker": ((), "/sw.js", "tavana.portal.pwa.views"),
    "portal:next": ((), "/my/next/", "tavana.portal.pwa.views"),
    "portal:my_data": ((), "/my/data/", "tavana.portal.data.views"),
    "portal:my_data_download": (("json",), "/my/data/json/", "tavana.portal.data.views"),
}


@pytest.mark.parametrize("name", sorted(ADDRESSES))
def test_the_address_and_name_are_unchanged_and_served_from_the_sub_package(name):
    args, address, module = ADDRESSES[name]
    assert reverse(name, args=args) == address
    match = resolve(address)
    assert f"{match.namespace}:{match.url_name}" == name
    assert match.func.__module__ == module


def _named_routes(namespace: str) -> set[str]:
    from django.urls import get_resolver

    def walk(patterns, ns):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                yield from walk(p.url_patterns, p.namespace or ns)
            elif p.name and ns == namespace:
                yield f"{ns}:{p.name}"

    return set(walk(get_resolver().url_patterns, None))


@pytest.mark.parametrize("namespace", ["youth", "portal"])
def test_the_table_names_every_page_of_the_namespace(namespace):
    """A page added or dropped shows here (the table is the whole namespace)."""
    table = {n for n in ADDRESSES if n.startswith(f"{namespace}:")}
    assert _named_routes(namespace) == table


FLAT = re.compile(r"^(views|forms|urls|selectors|models)_\w+\.py$")
# Older contexts' flat prefix modules, until each is moved into a sub-package.
# An entry fails the test once its file is gone, so it is removed.
PENDING = {
    "accounts/views_account.py",
    "accounts/views_admin.py",
    "bazaars/views_venues.py",
    "casework/forms_config.py",
    "casework/views_config.py",
}


def test_no_context_tells_sub_features_apart_by_a_filename_prefix():
    flat = {str(p.relative_to(TAVANA)) for p in TAVANA.glob("*/*.py") if FLAT.match(p.name)}
    assert not flat - PENDING, f"make sub-packages with their own urls: {sorted(flat - PENDING)}"
    assert not PENDING - flat, f"moved: remove from PENDING: {sorted(PENDING - flat)}"
