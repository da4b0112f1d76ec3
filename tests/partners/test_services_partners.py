"""Agreements, reminders, projects and the portfolio through the services."""

import datetime as dt

import pytest

from tavana.audit.models import AuditEntry
from tavana.casework.models import Referral
from tavana.core.errors import ServiceError
from tavana.notifications.models import Notification, SmsOutbox
from tavana.notifications.services import reminders_run
from tavana.partners import services
from tavana.partners.domain import agreements as rules
from tavana.partners.models import Agreement, Organisation, Portfolio, Project

from . import factories as f

pytestmark = pytest.mark.django_db
TODAY = f.TODAY


def test_casework_organisations_moved_here_with_their_ids():
    codes = set(Organisation.objects.values_list("code", flat=True))
    assert {"relief_committee", "welfare_org", "charities"} <= codes
    assert Referral._meta.get_field("to_partner").related_model is Organisation


def test_an_agreement_without_an_end_runs_one_solar_year_and_follows_the_calendar():
    a = f.agreement(starts_ago=10)
    assert a.ends_on == rules.default_end(a.starts_on)
    assert a.status == rules.ACTIVE  # signed, and the start has passed
    assert [c.target for c in a.status_changes.all()] == [rules.DRAFT, rules.SIGNED, rules.ACTIVE]
    assert services.agreements_follow_calendar(on=a.ends_on - dt.timedelta(days=59)) == 1
    a.refresh_from_db()
    assert a.status == rules.EXPIRING
    services.agreements_follow_calendar(on=a.ends_on + dt.timedelta(days=1))
    a.refresh_from_db()
    assert a.status == rules.EXPIRED
    assert AuditEntry.objects.filter(action="partners.agreement_create").count() == 1


def test_bad_terms_are_refused_with_each_field_and_nothing_is_written():
    with pytest.raises(ServiceError) as e:
        services.agreement_create(
            actor=f.manager(),
            data={"organisation": None, "kind": "memorandum", "title": "", "owner": None,
                  "starts_on": TODAY, "ends_on": TODAY - dt.timedelta(days=1)},
        )  # fmt: skip
    assert set(e.value.errors) >= {"organisation", "title", "owner", "ends_on"}
    assert not Agreement.objects.exists()


def test_reminders_sixty_and_thirty_days_before_the_end_in_app_and_by_sms(settings):
    owner = f.manager("owner-of-agreement")
    a = f.agreement(owner=owner, starts_ago=300)
    ends = a.ends_on
    reminders_run(today=ends - dt.timedelta(days=61))
    assert not Notification.objects.filter(recipient=owner).exists()
    reminders_run(today=ends - dt.timedelta(days=60))
    first = Notification.objects.get(recipient=owner, kind="partners.agreement_ending")
    assert "۶۰ روز دیگر" in first.text and first.link == f"/partners/agreements/{a.pk}/"
    assert SmsOutbox.objects.filter(mobile=owner.mobile).count() == 1
    reminders_run(today=ends - dt.timedelta(days=45))  # the same reminder, not a new SMS
    assert SmsOutbox.objects.filter(mobile=owner.mobile).count() == 1
    reminders_run(today=ends - dt.timedelta(days=30))
    open_ = Notification.objects.filter(recipient=owner, resolved_at__isnull=True)
    assert open_.count() == 1 and "۳۰ روز دیگر" in open_.get().text
    assert SmsOutbox.objects.filter(mobile=owner.mobile).count() == 2
    # a renewal settles it: the reminder leaves the inbox
    renewal = services.agreement_create(
        actor=owner,
        data={"organisation": a.organisation, "kind": a.kind, "title": "تمدید",
              "starts_on": ends + dt.timedelta(days=1), "owner": owner},
        renews=a,
    )  # fmt: skip
    a.refresh_from_db()
    assert a.status == rules.RENEWED and renewal.renews == a
    reminders_run(today=ends - dt.timedelta(days=29))
    assert not Notification.objects.filter(recipient=owner, resolved_at__isnull=True).exists()


def test_a_project_moves_with_history_and_a_reason_where_needed():
    p = f.project(f.agreement())
    with pytest.raises(ServiceError) as e:
        services.project_move(actor=f.manager(), project=p, target="done")
    assert "status" in e.value.errors
    services.project_move(actor=f.manager(), project=p, target="planned")
    with pytest.raises(ServiceError) as e:
        services.project_move(actor=f.manager(), project=p, target="on_hold")
    assert "reason" in e.value.errors
    services.project_move(actor=f.manager(), project=p, target="on_hold", reason="بودجه نرسید")
    assert [c.target for c in p.status_changes.all()] == ["candidate", "planned", "on_hold"]


def test_milestones_and_indicators():
    p = f.project(f.agreement())
    m = services.milestone_add(actor=f.manager(), project=p, title="طراحی", due_on=TODAY)
    services.milestone_done(actor=f.manager(), milestone=m)
    with pytest.raises(ServiceError):
        services.milestone_done(actor=f.manager(), milestone=m)
    i = services.indicator_add(
        actor=f.manager(), project=p, data={"kind": "output", "name": "زنان", "target": 100}
    )
    with pytest.raises(ServiceError) as e:
        services.measurement_add(
            actor=f.manager(), indicator=i, value=5, measured_on=TODAY + dt.timedelta(days=3)
        )
    assert "measured_on" in e.value.errors
    services.measurement_add(actor=f.manager(), indicator=i, value=40, measured_on=TODAY)
    from tavana.partners.selectors import project_indicators

    (shown,) = project_indicators(project=p)
    assert shown.progress == 40 and shown.latest.value == 40


def _portfolio(a, **limits):
    base = {"budget": 500, "staff": 10, "min_count": 2, "max_count": 3, "quick_only": True}
    base.update(limits)
    return services.portfolio_save(
        actor=f.manager(), agreement=a, year=1404, limits=base,
        weights={"value": 4, "feasibility": 3, "speed": 3, "cost": 2},
    )  # fmt: skip


def test_the_manager_accepts_the_proposal_and_the_projects_are_planned():
    a = f.agreement()
    best = [f.project(a, title=f"پروژه {i}", value=5 - i % 3, budget=150) for i in range(5)]
    slow = f.project(a, title="بلندمدت", horizon="long", value=5)
    p = services.portfolio_propose(actor=f.manager(), portfolio=_portfolio(a))
    assert p.proposal["feasible"] and len(p.proposal["chosen"]) == 3
    assert slow.pk not in p.proposal["chosen"]
    assert len(p.proposal["lines"]) == 6
    services.portfolio_decide(actor=f.manager(), portfolio=p, chosen_ids=p.proposal["chosen"])
    p.refresh_from_db()
    assert p.status == Portfolio.DECIDED and p.decision == Portfolio.ACCEPTED
    planned = set(Project.objects.filter(status="planned").values_list("pk", flat=True))
    assert planned == set(p.proposal["chosen"])
    assert best  # the others stay candidates for next year
    assert AuditEntry.objects.filter(action="partners.portfolio_decide").count() == 1


def test_a_changed_choice_needs_a_reason_and_keeps_the_limits():
    a = f.agreement()
    ps = [f.project(a, title=f"پروژه {i}", value=5 - i, budget=200) for i in range(4)]
    p = services.portfolio_propose(actor=f.manager(), portfolio=_portfolio(a, max_count=2))
    other = [ps[0].pk, ps[3].pk]
    assert sorted(other) != sorted(p.proposal["chosen"])
    with pytest.raises(ServiceError) as e:
        services.portfolio_decide(actor=f.manager(), portfolio=p, chosen_ids=other)
    assert "reason" in e.value.errors
    with pytest.raises(ServiceError) as e:
        services.portfolio_decide(
            actor=f.manager(), portfolio=p, chosen_ids=[x.pk for x in ps[:3]], reason="x"
        )
    assert "chosen" in e.value.errors
    services.portfolio_decide(
        actor=f.manager(), portfolio=p, chosen_ids=other, reason="اولویت شهردار"
    )
    p.refresh_from_db()
    assert p.decision == Portfolio.CHANGED and p.reason == "اولویت شهردار"
    entry = AuditEntry.objects.get(action="partners.portfolio_decide")
    assert entry.after["chosen"] == sorted(other) and entry.reason == "اولویت شهردار"
