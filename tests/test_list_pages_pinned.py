"""Every list page has its query count pinned (tests/query_counts.py), so a
query per row is noticed in review, in every context, the new ones too.

A list page is one whose rows grow with the data: the index of a context (its
rounds, orders, schools…), a woman's own lists in the portal, the API's lists,
and a record's page that lists what belongs to it (a venue's rounds, an
order's weeks of work). Each is named in LIST_PAGES and pinned by some test's
`assert_pinned(client, url, …)` call, found here by reading the tests (the url
written as `reverse("ns:name")`, a literal path, or a parametrized name).

Every page without a parameter in its URL is either a list (LIST_PAGES) or
named in NOT_LISTS with what it is, so a new context's index page cannot be
added without deciding; so is every page with one (a record's page: RECORDS
names those that list nothing that grows, and the forms, buttons and files
behind a record's address). PENDING lists pages known to be lists and not yet
pinned; an entry fails the test as soon as it is pinned, so it is removed.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

ROOT = Path(__file__).resolve().parents[1]
NAME = re.compile(r"[a-z_]+:[a-z_]+")
# a form that makes or changes a record, or a button's action: not a list
FORM_OR_ACTION = re.compile(r"[:_](new|edit|add|done|end|change|check|propose|read_all)$")

LIST_PAGES = {
    # staff: registry, casework, training, bazaars, businesses
    "people:change_requests", "people:duplicates", "search:persons", "audit:log",
    "people:detail",  # a section from every context
    "casework:dashboard", "casework:config_services", "casework:config_ladder",
    "casework:config_assessment", "training:courses", "training:course",
    "training:attendance", "training:centres", "training:capacity", "bazaars:home",
    "bazaars:applications", "bazaars:result", "bazaars:event", "bazaars:upcoming",
    "bazaars:venues", "bazaars:venue", "businesses:list", "businesses:categories",
    # accounts, core, notifications, insights
    "accounts:staff", "accounts:units", "accounts:clearances", "core:label_words",
    "notifications:inbox", "insights:dashboard",
    # campaign, protected programmes, the release campaign
    "campaign:signups", "campaign:mentors", "campaign:matching", "campaign:mentees",
    "protected:programme", "protected:emergency_log",
    "release:home", "release:donors", "release:ledger", "release:pool",
    "release_public:campaign",
    # partners, production, youth
    "partners:home", "partners:agreement", "partners:sharing_list", "production:home",
    "production:payrolls", "production:clients", "production:producers",
    "production:rates", "production:order", "youth:home", "youth:schools",
    "youth:gifted", "youth:grants", "youth:talent", "youth:teens", "youth:indicators",
    # a woman's own pages
    "portal:courses", "portal:corrections", "portal:bazaars", "portal:inbox",
    "portal:consents", "portal:work",
    # the API's lists
    "api:persons", "api:change_requests", "api:release_cases",
    "api:youth_risk_list", "api:production_orders",
    # a record's page with the rows that belong to it (2 rows and 10: one count)
    "youth:child", "youth:teen_programme", "youth:talent_round", "release:case",
    "release:donor", "production:payroll", "partners:project", "training:centre",
    "youth:budget_line", "release_public:donor", "people:consents", "bazaars:round",
    "partners:organisation", "youth:application", "businesses:producer", "partners:sharing",
    "api:household_members", "api:production_order", "api:youth_child",
    "accounts:staff_detail", "campaign:signup", "partners:portfolio", "protected:participant",
}  # fmt: skip

NOT_LISTS = {
    # a home, a dashboard of counts or cards, a form, a setting, a sign-in step
    "core:home", "portal:front", "portal:me", "portal:next", "portal:my_data",
    "accounts:admin", "accounts:account", "accounts:login", "accounts:logout",
    "accounts:two_factor", "accounts:two_factor_verify", "accounts:recovery_codes",
    "portal:sign_in", "portal:code", "portal:choose", "portal:sign_out",
    "people:register", "people_import:upload", "youth:import", "campaign:join",
    "notifications:policy", "notifications:digest", "training:verify",
    "protected:emergency",
    # figures: fixed tables by period, not rows of records
    "bazaars:figures", "campaign:figures", "release:figures", "api:release_figures",
    # machine endpoints
    "core:health", "core:health_live", "core:health_ready", "core:health_workers",
    "notifications:badge", "api:api-root",
    # the SMS templates the code registers (a fixed set; each shows its edited text)
    "notifications:templates",
    # a menu of the protected programmes (a fixed set of three) she is cleared for
    "protected:home",
    # one record: the data-sharing agreement a partner's token belongs to
    "api:partner_sharing", "api:openapi-json", "api:openapi-view",
}  # fmt: skip

# A record's page (a parameter in its address) that lists nothing that grows
# with the data, or is a form, a button's action or a file behind a record.
RECORDS = {
    # forms and buttons on a record (a POST, or a form of fixed fields)
    "accounts:password_set", "accounts:staff_activate", "accounts:staff_deactivate",
    "accounts:staff_password_reset", "accounts:staff_two_factor_reset",
    "bazaars:adjust", "bazaars:allocate", "bazaars:booth_record", "bazaars:booth_status",
    "bazaars:publish", "campaign:match_decide", "campaign:signup_link",
    "campaign:signup_stage", "casework:assess", "casework:case_take", "casework:enrol",
    "casework:config_level", "casework:config_programme_unit", "casework:config_question",
    "casework:config_service", "casework:note_reveal", "casework:other_support_withdraw",
    "notifications:open", "partners:agreement_sign", "partners:portfolio_decide",
    "partners:project_status", "partners:sharing_token", "partners:sharing_token_revoke",
    "portal:bazaar_apply", "portal:booth_accept", "portal:booth_decline",
    "portal:consent_give", "portal:consent_withdraw", "portal:course_enrol",
    "production:assignment_adjust", "production:material_move", "production:order_move",
    "production:payroll_approve", "production:plan_make", "production:worklog",
    "protected:enrol", "protected:goal_status", "protected:status", "release:case_move",
    "release:case_offer", "release:case_release", "release:entry_reverse",
    "release:pool_decide", "training:attendance_mark", "training:centre_move",
    "training:course_capacity", "training:course_finish", "training:course_unit",
    "training:enrol", "training:withdraw", "youth:grant_decide",
    "api:youth_results", "api:youth_interventions", "api:production_item_work",
    # files
    "youth:payment_file", "people_import:report", "portal:my_data_download",
    "partners:extract",
    # one record, or a fixed table of figures
    "casework:referral", "core:job_progress", "notifications:template",
    "people:change_request", "people:duplicate", "people_import:job", "portal:certificate",
    "partners:document", "production:statement", "protected:emergency_grant",
    "protected:statement", "release:followup", "release_public:receipt",
    "training:certificate", "businesses:business", "bazaars:demand", "api:person",
    "youth:indicator", "people:sensitive", "people_import:summary", "youth:import_result",
    "api:change_request", "api:household", "api:partner_indicator",
}  # fmt: skip

# lists not pinned yet (an entry fails as soon as it is pinned); the record
# pages of issue 13 are pinned now, so none is left
PENDING: set[str] = set()


def _patterns(resolver=None, prefix="", ns=None):
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            inner = ns
            if p.namespace:
                inner = f"{ns}:{p.namespace}" if ns else p.namespace
            yield from _patterns(p, prefix + str(p.pattern), inner)
        elif isinstance(p, URLPattern) and p.name:
            yield (f"{ns}:{p.name}" if ns else p.name), prefix + str(p.pattern)


def _constants(node) -> list[str]:
    return [c.value for c in ast.walk(node) if isinstance(c, ast.Constant) and type(c.value) is str]


def _pinned_in(tree: ast.AST) -> set[str]:
    """The url names and paths passed to assert_pinned in one test module."""
    parents = {c: n for n in ast.walk(tree) for c in ast.iter_child_nodes(n)}
    found: list[str] = []
    for call in ast.walk(tree):
        if not (isinstance(call, ast.Call) and getattr(call.func, "id", "") == "assert_pinned"):
            continue
        url = call.args[1] if len(call.args) > 1 else ast.Constant("")
        words = _constants(url)
        variables = {n.id for n in ast.walk(url) if isinstance(n, ast.Name)} - {"reverse"}
        fn = call
        while fn in parents and not isinstance(fn, ast.FunctionDef):
            fn = parents[fn]
        if not words and variables and isinstance(fn, ast.FunctionDef):
            # a parametrized name, or one assigned (or looped over) in the test
            for d in fn.decorator_list:
                words += _constants(d)
            for st in ast.walk(fn):
                targets = getattr(st, "targets", None) or [getattr(st, "target", None)]
                if any(getattr(t, "id", None) in variables for t in targets):
                    words += _constants(getattr(st, "value", None) or getattr(st, "iter", None))
        found += words
    names = {w for w in found if NAME.fullmatch(w)}
    for path in (w.split("?")[0] for w in found if w.startswith("/")):
        try:
            names.add(resolve(path).view_name)
        except Resolver404:  # a piece of a page's text, not its url
            pass
    return names


def pinned_pages() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "tests").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "assert_pinned(" in text and path.name != "query_counts.py":
            names |= _pinned_in(ast.parse(text))
    return names


@pytest.fixture(scope="module")
def pinned():
    return pinned_pages()


def test_every_list_page_is_pinned(pinned):
    missing = sorted(LIST_PAGES - pinned - PENDING)
    assert not missing, f"pin these with tests/query_counts.py assert_pinned: {missing}"
    done = sorted(PENDING & pinned)
    assert not done, f"pinned now: remove from PENDING: {done}"


def test_every_page_without_a_parameter_is_a_list_or_said_not_to_be():
    pages = {name for name, route in _patterns() if not name.startswith("admin:")}
    assert LIST_PAGES <= pages and NOT_LISTS <= pages, (LIST_PAGES | NOT_LISTS) - pages
    top = {
        name
        for name, route in _patterns()
        if "<" not in route
        and not name.startswith(("admin:", "api-"))
        and not FORM_OR_ACTION.search(name)
        and not route.endswith((".xlsx", ".js"))
    }
    unsaid = sorted(top - LIST_PAGES - NOT_LISTS)
    assert not unsaid, f"a list (LIST_PAGES, pinned) or not (NOT_LISTS)? {unsaid}"


def test_every_records_page_is_a_list_or_said_not_to_be():
    """A record's page that lists what belongs to it (a child's results, a case's
    gifts) is pinned like an index: a new one cannot be added without deciding."""
    pages = {name for name, route in _patterns() if not name.startswith("admin:")}
    assert RECORDS <= pages and PENDING <= pages, (RECORDS | PENDING) - pages
    assert not RECORDS & (LIST_PAGES | PENDING), RECORDS & (LIST_PAGES | PENDING)
    records = {
        name
        for name, route in _patterns()
        if "<" in route
        and not name.startswith(("admin:", "api-"))
        and not FORM_OR_ACTION.search(name)
        and not route.endswith((".xlsx", ".js"))
    }
    unsaid = sorted(records - LIST_PAGES - PENDING - RECORDS)
    assert not unsaid, f"lists rows (LIST_PAGES, pinned) or not (RECORDS)? {unsaid}"


def test_the_reader_finds_the_pins(pinned):
    """A reader that finds nothing cannot fail the first test."""
    assert {"bazaars:home", "youth:gifted", "production:clients", "release:home"} <= pinned
