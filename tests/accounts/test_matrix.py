"""The permission matrix is exhaustive and every route obeys it."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tavana.accounts import matrix, roles
from tavana.accounts.models import User
from tavana.core.health import HEALTH_ROUTES
from tavana.core.models import JobProgress


def _url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _url_names(p, ns)
        elif isinstance(p, URLPattern):
            yield f"{namespace}{p.name}" if p.name else f"{namespace}<unnamed {p.pattern}>"


def test_every_route_is_in_the_matrix():
    names = set(_url_names())
    missing = sorted(names - set(matrix.ROUTES))
    assert not missing, f"routes missing from accounts/matrix.py ROUTES: {missing}"
    stale = sorted(set(matrix.ROUTES) - names)
    assert not stale, f"matrix names routes that do not exist: {stale}"


def test_every_action_names_known_roles():
    for action, (label, allowed) in matrix.ACTIONS.items():
        assert label, action
        assert allowed <= set(roles.ROLES), action
    for action in matrix.ROUTES.values():
        assert action == matrix.PUBLIC or action in matrix.ACTIONS


@pytest.fixture
def route_kwargs(db):
    from tavana.people.models import ChangeRequest, DuplicateCandidate, Person
    from tests.accounts.factories import accounts_route_kwargs
    from tests.bazaars.factories import bazaar_route_kwargs
    from tests.campaign.factories import campaign_route_kwargs
    from tests.casework.factories import casework_route_kwargs
    from tests.partners.factories import partners_route_kwargs
    from tests.production.factories import production_route_kwargs
    from tests.protected.factories import protected_route_kwargs
    from tests.training.factories import training_route_kwargs
    from tests.youth.factories import youth_route_kwargs

    job = JobProgress.objects.create(task_id="t-matrix", kind="test", total=10, done=3)
    from tavana.core.models import District

    # in district 19, the district of the walkers' users (a person with no district
    # is in no one's districts: docs/security.md, finding 5)
    d19, _ = District.objects.get_or_create(number=19, defaults={"name": "منطقهٔ ۱۹"})
    a = Person.objects.create(
        first_name="زهرا", last_name="احمدی", name_key="زهرا احمدی", district=d19
    )
    b = Person.objects.create(
        first_name="زهرا", last_name="احمدي", name_key="زهرا احمدی", district=d19
    )
    requester = User.objects.create_user(username="matrix-requester", role=roles.REGISTRAR)
    cr = ChangeRequest.objects.create(
        person=a,
        changes={"first_name": ["زهرا", "زهره"]},
        reason="اشتباه تایپی",
        requested_by=requester,
    )
    dup = DuplicateCandidate.objects.create(person_a=a, person_b=b, score=0.9, reasons=[])
    person = {"person_id": a.pk}
    return {
        "core:job_progress": {"task_id": job.task_id},
        "people_import:job": {"job_id": job.task_id},
        "people_import:summary": {"job_id": job.task_id},
        "people_import:report": {"job_id": job.task_id},
        "people:detail": person,
        "people:edit": person,
        "people:sensitive": person,
        "people:consents": person,
        "people:child_add": person,
        "people:change_request_new": person,
        "people:change_request": {"cr_id": cr.pk},
        "people:duplicate": {"candidate_id": dup.pk},
        **_api_route_kwargs(a, cr),
        **casework_route_kwargs(a),
        **protected_route_kwargs(a),
        **training_route_kwargs(a),
        **bazaar_route_kwargs(a),
        **campaign_route_kwargs(a),
        **partners_route_kwargs(),
        **production_route_kwargs(),
        **youth_route_kwargs(a),
        "notifications:open": {"notification_id": 999999},
        "notifications:template": {"code": "bazaars.waitlist"},
        **accounts_route_kwargs(),
        "portal:course_enrol": {"course_id": 999999},
        "portal:certificate": {"enrolment_id": 999999},
        "portal:bazaar_apply": {"round_id": 999999},
        "portal:booth_accept": {"assignment_id": 999999},
        "portal:booth_decline": {"assignment_id": 999999},
        "portal:consent_withdraw": {"purpose": "sms"},
        "portal:consent_give": {"purpose": "sms"},
        "portal:my_data_download": {"fmt": "xlsx"},
    }


def _api_route_kwargs(person, cr):
    from tavana.people.models import Household, Membership

    household = Household.objects.create()
    Membership.objects.create(
        household=household, person=person, relation=Membership.HEAD, start_date="2024-01-01"
    )
    return {
        "api:person": {"person_id": person.pk},
        "api:household": {"household_id": household.pk},
        "api:household_members": {"household_id": household.pk},
        "api:change_request": {"cr_id": cr.pk},
        "api:partner_indicator": {"code": "women"},
        "api:production_order": {"order_id": 999999},
        "api:production_item_work": {"item_id": 999999},
    }


def _is_api(name: str) -> bool:
    """API routes answer an anonymous caller 401 (no login page for scripts)."""
    return name.startswith("api:")


def _is_login_redirect(response):
    return response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("role", roles.ROLES + [None])
def test_every_route_answers_every_role_as_the_matrix_says(role, client, make_user, route_kwargs):
    if role:
        client.force_login(make_user(role))
    for name, action in matrix.ROUTES.items():
        url = reverse(name, kwargs=route_kwargs.get(name, {}))
        response = client.get(url)
        if action == matrix.PUBLIC:
            allowed = True
        elif role is None and _is_api(name):
            assert response.status_code == 401, (name, response.status_code)
            continue
        elif role is None:
            assert _is_login_redirect(response), (name, response.status_code)
            continue
        else:
            allowed = matrix.can(role, action)
        if allowed:
            assert response.status_code != 403 and not _is_login_redirect(response), (
                name,
                role,
                response.status_code,
            )
            # /health/workers/ says 503 when no worker beats, as here: that is its answer.
            assert response.status_code < 500 or name in HEALTH_ROUTES, (name, role)
        else:
            assert response.status_code == 403, (name, role, response.status_code)
            assert "دسترسی مجاز نیست" in response.content.decode()
