"""The pipeline, linking to the registry (never a second person), matching review
and the mentoring log, through the services and the coordinator's pages."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tavana.accounts import roles
from tavana.audit.models import AuditEntry
from tavana.campaign import services
from tavana.campaign.models import Match, SignUp
from tavana.core.errors import ServiceError
from tavana.people.models import Person, Registration

from .factories import accepted, category, district, mentor, signup

pytestmark = pytest.mark.django_db


def test_the_pipeline_moves_only_along_its_table(make_user):
    admin = make_user(roles.ADMINISTRATOR)
    s = signup()
    services.signup_move(actor=admin, signup=s, target="contacted", note="تماس تلفنی")
    with pytest.raises(ServiceError):
        services.signup_move(actor=admin, signup=s, target="started")
    s.refresh_from_db()
    assert s.stage == "contacted"
    assert [(c.source, c.target) for c in s.stage_changes.all()] == [
        ("", "new"),
        ("new", "contacted"),
    ]
    assert AuditEntry.objects.filter(action="campaign.stage").count() == 1


def test_a_first_session_moves_her_to_mentoring_and_dates_it(make_user):
    trainer = make_user(roles.TRAINER)
    s = signup()
    m = accepted(s, mentor(user=trainer))
    services.session_record(
        actor=trainer, match=m, data={"date": dt.date(2024, 5, 2), "minutes": 45, "notes": "ایده"}
    )
    services.session_record(
        actor=trainer, match=m, data={"date": dt.date(2024, 5, 1), "minutes": 30}
    )
    s.refresh_from_db()
    assert s.stage == "mentored" and s.first_mentoring_on == dt.date(2024, 5, 1)
    assert s.stage_changes.filter(target="mentored").count() == 1


def test_linking_to_the_person_she_already_is_creates_nobody(client_as):
    c = client_as(roles.ADMINISTRATOR)
    d = district(4)
    p = Person.objects.create(
        first_name="سارا", last_name="کریمی", name_key="سارا کریمی", first_key="سارا",
        last_key="کریمی", mobile="09121112233", district=d,
    )  # fmt: skip
    s = signup()
    url = reverse("campaign:signup_link", args=[s.pk])
    html = c.get(url).content.decode()
    assert 'data-testid="candidates"' in html and f'value="{p.pk}"' in html
    r = c.post(url, {"person_id": p.pk})
    assert r.status_code == 302
    s.refresh_from_db()
    assert s.person == p and Person.objects.count() == 1
    assert AuditEntry.objects.filter(action="campaign.link", person_id=p.pk).exists()
    # Once linked, nothing else can be registered from her.
    assert c.post(url, {"confirm": "none-of-them"}).status_code == 302
    assert Person.objects.count() == 1


def test_registering_a_new_woman_needs_the_confirm_step(client_as):
    c = client_as(roles.ADMINISTRATOR)
    s = signup(primary_earner=True)
    url = reverse("campaign:signup_link", args=[s.pk])
    assert 'data-testid="no-candidates"' in c.get(url).content.decode()
    r = c.post(url, {})
    assert r.status_code == 400 and "بررسی و تأیید" in r.content.decode()
    assert Person.objects.count() == 0
    assert c.post(url, {"confirm": "none-of-them"}).status_code == 302
    s.refresh_from_db()
    person = Person.objects.get()
    assert s.person == person and person.mobile == s.mobile
    reg = person.registration
    assert reg.channel == Registration.CAMPAIGN and reg.primary_earner
    assert reg.basis == Registration.CARRIES


def test_a_centre_manager_links_but_does_not_register(make_user):
    cm = make_user(roles.CENTRE_MANAGER)
    cm.districts.set([district(4)])
    s = signup()
    with pytest.raises(ServiceError):
        services.signup_register(actor=cm, signup=s, candidates_seen=True)
    assert Person.objects.count() == 0


def test_coordinator_proposes_then_accepts_adjusts_and_rejects(client_as):
    c = client_as(roles.ADMINISTRATOR)
    pottery = category()
    first = signup(first_name="الف", mobile="09120000001", primary_earner=True, cat=pottery)
    second = signup(first_name="ب", mobile="09120000002")
    third = signup(first_name="پ", mobile="09120000003", number=9)
    expert = mentor(name="استاد سفال", numbers=(7,), cats=(pottery,), capacity=1)
    near = mentor(name="تسهیلگر منطقه", numbers=(4,), capacity=2)
    r = c.post(reverse("campaign:matching"))
    assert r.status_code == 302
    pairs = {m.signup_id: m for m in Match.objects.filter(status=Match.PROPOSED)}
    assert pairs[first.pk].mentor == expert
    assert pairs[second.pk].mentor == near
    assert third.pk not in pairs  # nobody fits district 9
    html = c.get(reverse("campaign:matching")).content.decode()
    assert html.count('data-testid="pair"') == 2

    c.post(reverse("campaign:match_decide", args=[pairs[first.pk].pk]), {"decision": "accept"})
    c.post(
        reverse("campaign:match_decide", args=[pairs[second.pk].pk]),
        {"decision": "adjust", "mentor": near.pk},
    )
    statuses = dict(Match.objects.values_list("signup_id", "status"))
    assert statuses == {first.pk: "accepted", second.pk: "accepted"}
    assert AuditEntry.objects.filter(action="campaign.match_accept").count() == 1
    assert AuditEntry.objects.filter(action="campaign.match_adjust").count() == 1
    # A new run proposes nothing for women who have a mentor, and the expert is full.
    c.post(reverse("campaign:matching"))
    assert not Match.objects.filter(status=Match.PROPOSED, signup__in=[first, second]).exists()


def test_a_rejected_pair_is_recorded_and_a_full_mentor_cannot_be_forced(make_user):
    admin = make_user(roles.ADMINISTRATOR)
    m = mentor(capacity=1)
    a, b = signup(mobile="09120000001"), signup(mobile="09120000002")
    accepted(a, m)
    pair = Match.objects.create(signup=b, mentor=m)
    with pytest.raises(ServiceError):
        services.match_decide(actor=admin, match=pair, decision="accept")
    services.match_decide(actor=admin, match=pair, decision="reject")
    pair.refresh_from_db()
    assert pair.status == "rejected" and pair.decided_by == admin


def test_a_trainer_sees_and_logs_only_her_own_mentees(client, make_user):
    mine, theirs = make_user(roles.TRAINER, "mine"), make_user(roles.TRAINER, "theirs")
    s1, s2 = signup(mobile="09120000001"), signup(first_name="نازنین", mobile="09120000002")
    m1 = accepted(s1, mentor(user=mine))
    m2 = accepted(s2, mentor(user=theirs))
    client.force_login(mine)
    html = client.get(reverse("campaign:mentees")).content.decode()
    assert "سارا" in html and "نازنین" not in html
    assert client.get(reverse("campaign:session_new", args=[m2.pk])).status_code == 404
    r = client.post(
        reverse("campaign:session_new", args=[m1.pk]),
        {"date": "۱۴۰۳/۰۲/۱۲", "minutes": "۴۵", "notes": "", "next_step": "نمونه‌سازی"},
    )
    assert r.status_code == 302
    assert m1.sessions.get().next_step == "نمونه‌سازی"
    assert client.get(reverse("campaign:signups")).status_code == 403


def test_the_next_meeting_comes_after_the_session_and_a_wrong_one_is_kept(client, make_user):
    trainer = make_user(roles.TRAINER)
    m = accepted(signup(), mentor(user=trainer))
    client.force_login(trainer)
    url = reverse("campaign:session_new", args=[m.pk])
    data = {"date": "۱۴۰۳/۰۲/۱۲", "minutes": "۴۵", "next_on": "۱۴۰۳/۰۲/۱۰"}
    r = client.post(url, data)
    body = r.content.decode()
    assert r.status_code == 400 and "قرار بعدی باید پس از تاریخ همین جلسه باشد." in body
    assert 'value="۱۴۰۳/۰۲/۱۰"' in body and not m.sessions.exists()
    assert client.post(url, {**data, "next_on": "1403/2/19"}).status_code == 302
    assert m.sessions.get().next_on == dt.date(2024, 5, 8)
    audit = AuditEntry.objects.get(action="campaign.session")
    assert audit.after["next_on"] == "2024-05-08"


def test_a_centre_manager_sees_her_districts_only(client, make_user):
    cm = make_user(roles.CENTRE_MANAGER)
    cm.districts.set([district(4)])
    signup(first_name="چهارمی", mobile="09120000001", number=4)
    signup(first_name="نهمی", mobile="09120000002", number=9)
    client.force_login(cm)
    html = client.get(reverse("campaign:signups")).content.decode()
    assert "چهارمی" in html and "نهمی" not in html
    other = SignUp.objects.get(first_name="نهمی")
    assert client.get(reverse("campaign:signup", args=[other.pk])).status_code == 404


def test_figures_by_district_and_stage_with_time_to_first_mentoring(client_as, make_user):
    c = client_as(roles.ADMINISTRATOR)
    trainer = make_user(roles.TRAINER)
    m = mentor(user=trainer, capacity=10)
    for i, days in enumerate([2, 4, 10]):
        s = signup(mobile=f"0912000000{i}")
        services.session_record(
            actor=trainer,
            match=accepted(s, m),
            data={
                "date": timezone.localdate(s.created_at) + dt.timedelta(days=days),
                "minutes": 30,
            },
        )
    signup(mobile="09120000009", number=9)
    r = c.get(reverse("campaign:figures"))
    assert r.status_code == 200
    ctx = r.context
    assert ctx["total"] == 4
    assert ctx["waiting"]["median"] == 4 and ctx["waiting"]["count"] == 3
    by = {row["district"]: row["by_stage"] for row in ctx["rows"]}
    assert by == {4: [0, 0, 3, 0], 9: [1, 0, 0, 0]}
    assert 'id="campaign-data"' in r.content.decode()


def test_mentor_form_keeps_values_and_records_the_mentor(client_as):
    c = client_as(roles.ADMINISTRATOR)
    d = district(4)
    pottery = category()
    r = c.post(
        reverse("campaign:mentor_new"),
        {"name": "", "mobile": "09121234567", "weekly_capacity": "۳", "districts": [d.pk]},
    )
    assert r.status_code == 400
    assert "نام منتور" in r.content.decode() and 'value="09121234567"' in r.content.decode()
    r = c.post(
        reverse("campaign:mentor_new"),
        {
            "name": "مهری هنرمند",
            "weekly_capacity": "۳",
            "districts": [d.pk],
            "categories": [pottery.pk],
            "active": "on",
        },
    )
    assert r.status_code == 302
    html = c.get(reverse("campaign:mentors")).content.decode()
    assert "مهری هنرمند" in html and "سفال" in html
