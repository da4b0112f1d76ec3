"""Casework pages through the test client: permissions, Persian per-field
errors with the input kept, nothing half-written, sensitive reads audited."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tavana.accounts import roles
from tavana.audit.models import AuditEntry
from tavana.casework import services
from tavana.casework.models import (
    Assessment,
    CaseAssignment,
    CaseNote,
    Delivery,
    LevelChange,
    Referral,
    ServiceType,
    SupportStatus,
)
from tavana.partners.models import Organisation
from tests.field_errors import errors_untied

from .conftest import answer_ids

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def sw(client, worker):
    client.force_login(worker)
    client.user = worker
    return client


def _answers_post(**scores):
    return {f"q_{q}": str(o) for q, o in answer_ids(**scores).items()}


def test_social_worker_assesses_a_woman_and_accepts_the_suggestion(sw, woman):
    url = reverse("casework:assess", args=[woman.pk])
    page = sw.get(url)
    assert page.status_code == 200 and "ارزیابی نیاز" in page.content.decode()
    r = sw.post(url, {**_answers_post(skills=3), "assessed_on": "۱۴۰۳/۰۱/۱۵"})
    assert r.status_code == 302
    a = Assessment.objects.get(person=woman)
    assert a.decided_level.code == "skills" and a.assessed_on == dt.date(2024, 4, 3)
    page = sw.get(reverse("people:detail", args=[woman.pk])).content.decode()
    assert "مهارت‌آموزی" in page and 'data-testid="ladder-history"' in page


def test_assessment_preview_shows_the_suggestion_and_reasons(sw, woman):
    r = sw.post(
        reverse("casework:assess", args=[woman.pk]),
        {**_answers_post(psychosocial=3), "preview": "1"},
    )
    html = r.content.decode()
    assert r.status_code == 200 and "مشاوره و توانمندسازی روانی" in html and "نیاز روانی" in html
    assert not Assessment.objects.exists()


def test_bad_assessment_keeps_the_input_and_writes_nothing(sw, woman):
    post = _answers_post()
    missing = next(iter(post))
    post.pop(missing)
    post.update({"assessed_on": "1403/13/01", "override_reason": "دلیل نوشته‌شده"})
    r = sw.post(reverse("casework:assess", args=[woman.pk]), post)
    html = r.content.decode()
    assert r.status_code == 422
    assert "به این پرسش پاسخ دهید." in html
    assert 'data-field="assessed_on"' in html and "1403/13/01" in html
    assert "دلیل نوشته‌شده" in html
    assert errors_untied(html) == []
    assert not Assessment.objects.exists() and not SupportStatus.objects.exists()


def test_override_without_reason_is_refused_per_field(sw, woman):
    r = sw.post(
        reverse("casework:assess", args=[woman.pk]),
        {**_answers_post(psychosocial=3), "assessed_on": "1403/01/15", "decided_level": "skills"},
    )
    assert r.status_code == 422
    assert "دلیل را بنویسید" in r.content.decode()
    assert not Assessment.objects.exists()


def test_level_down_without_reason_then_with_one(sw, worker, woman):
    services.level_change(actor=worker, person=woman, level_code="growth", on=TODAY)
    url = reverse("casework:level_change", args=[woman.pk])
    r = sw.post(url, {"level": "skills", "date": "1403/01/15"})
    assert r.status_code == 422
    r = sw.post(url, {"level": "skills", "date": "", "reason": ""})
    assert r.status_code == 422 and 'data-field="date"' in r.content.decode()
    r = sw.post(url, {"level": "skills", "date": timezone.localdate().strftime("%Y-%m-%d")})
    assert r.status_code == 422  # a Gregorian date typed as Jalali is refused, or the reason is
    assert LevelChange.objects.filter(person=woman).count() == 1


def test_level_up_through_the_form(sw, worker, woman):
    services.level_change(
        actor=worker, person=woman, level_code="skills", on=TODAY - dt.timedelta(days=30)
    )
    from tavana.core.domain.jalali import format_jalali

    r = sw.post(
        reverse("casework:level_change", args=[woman.pk]),
        {"level": "facilitation", "date": format_jalali(TODAY)},
    )
    assert r.status_code == 302
    assert SupportStatus.objects.get(person=woman).level.code == "facilitation"


def test_delivery_form_accepts_persian_digits_and_names_bad_fields(sw, woman):
    service = ServiceType.objects.get(code="counselling_session")
    url = reverse("casework:delivery_new", args=[woman.pk])
    r = sw.post(url, {"service": service.pk, "delivered_on": "۱۴۰۳/۰۲/۰۱", "quantity": "abc"})
    assert r.status_code == 422 and "مقدار باید عدد باشد" in r.content.decode()
    r = sw.post(url, {"service": "", "delivered_on": "", "quantity": "0"})
    html = r.content.decode()
    assert "خدمت را انتخاب کنید." in html and "مقدار باید بیشتر از صفر باشد." in html
    assert not Delivery.objects.exists()
    r = sw.post(url, {"service": service.pk, "delivered_on": "۱۴۰۳/۰۲/۰۱", "quantity": "۱٫۵"})
    assert r.status_code == 302
    d = Delivery.objects.get()
    assert str(d.quantity) == "1.5" and d.unit == "session"


def test_centre_manager_records_a_service_but_cannot_assess(client, make_user, woman, d4):
    cm = make_user(roles.CENTRE_MANAGER)
    cm.districts.set([d4])
    client.force_login(cm)
    assert client.get(reverse("casework:delivery_new", args=[woman.pk])).status_code == 200
    assert client.get(reverse("casework:assess", args=[woman.pk])).status_code == 403
    page = client.get(reverse("people:detail", args=[woman.pk])).content.decode()
    assert 'data-testid="ladder-section"' in page
    assert 'data-testid="plan-section"' not in page  # case notes are not hers to read


def test_registrar_sees_no_casework_on_the_person_page(client, make_user, woman, d4, worker):
    services.note_create(actor=worker, person=woman, text="یادداشت عادی")
    reg = make_user(roles.REGISTRAR)
    reg.districts.set([d4])
    client.force_login(reg)
    page = client.get(reverse("people:detail", args=[woman.pk])).content.decode()
    assert "یادداشت عادی" not in page and "ladder-section" not in page


def test_sensitive_note_text_is_shown_only_on_request_and_audited(sw, worker, woman, client):
    note = services.note_create(
        actor=worker, person=woman, text="کانری-محرمانه-۷۷", sensitivity=CaseNote.SENSITIVE
    )
    page = sw.get(reverse("people:detail", args=[woman.pk])).content.decode()
    assert "کانری-محرمانه-۷۷" not in page and "محرمانه" in page
    r = sw.post(reverse("casework:note_reveal", args=[note.pk]))
    assert "کانری-محرمانه-۷۷" in r.content.decode()
    entry = AuditEntry.objects.get(action="casework.read_sensitive_note")
    assert entry.person_id == woman.pk and entry.actor_id == worker.pk


def test_sensitive_note_of_someone_out_of_scope_is_404(sw, make_user, d9):
    from tavana.people.models import Person

    far = Person.objects.create(
        first_name="سارا", last_name="کاظمی", name_key="سارا کاظمی", district=d9
    )
    other = make_user(roles.SOCIAL_WORKER, username="far-worker")
    note = services.note_create(actor=other, person=far, text="x", sensitivity="sensitive")
    assert sw.post(reverse("casework:note_reveal", args=[note.pk])).status_code == 404
    assert sw.get(reverse("casework:assess", args=[far.pk])).status_code == 404


def test_note_form_without_text_keeps_choice_and_says_so(sw, woman):
    r = sw.post(
        reverse("casework:note_new", args=[woman.pk]), {"text": "  ", "sensitivity": "sensitive"}
    )
    assert r.status_code == 422 and "متن یادداشت را بنویسید." in r.content.decode()
    assert not CaseNote.objects.exists()


def test_dashboard_and_home_list_overdue_followups_and_awaiting_referrals(sw, worker, woman):
    services.case_take(actor=worker, person=woman)
    services.goal_with_action_create(
        actor=worker,
        person=woman,
        title="درآمد پایدار",
        action="پیگیری وام خرد",
        follow_up_on=TODAY - dt.timedelta(days=3),
    )
    services.referral_create(
        actor=worker,
        person=woman,
        kind="refer",
        request="بستهٔ معیشتی",
        follow_up_on=TODAY,
        to_partner=Organisation.objects.get(code="welfare_org"),
    )
    dash = sw.get(reverse("casework:dashboard")).content.decode()
    assert "پیگیری وام خرد" in dash and "عقب‌افتاده" in dash
    assert "سازمان بهزیستی" in dash and "مریم رضایی" in dash
    home = sw.get(reverse("core:home")).content.decode()
    assert "پیگیری وام خرد" in home and "سازمان بهزیستی" in home


def test_dashboard_query_count_does_not_grow_with_the_caseload(
    sw, worker, d4, django_assert_max_num_queries
):
    from tavana.people.models import Person

    for i in range(15):
        p = Person.objects.create(
            first_name=f"زن{i}", last_name="نمونه", name_key=f"زن{i}", district=d4
        )
        services.case_take(actor=worker, person=p)
        services.goal_with_action_create(
            actor=worker, person=p, title="هدف", action="اقدام", follow_up_on=TODAY
        )
    with django_assert_max_num_queries(20):
        r = sw.get(reverse("casework:dashboard"))
    assert r.status_code == 200 and r.content.decode().count("اقدام") >= 15


def test_refer_and_transfer_through_the_pages(sw, client, worker, other_worker, woman):
    url = reverse("casework:referral_new", args=[woman.pk])
    r = sw.post(url, {"kind": "refer", "request": "", "follow_up_on": ""})
    html = r.content.decode()
    assert r.status_code == 422 and "شرح درخواست را بنویسید." in html
    relief = Organisation.objects.get(code="relief_committee")
    r = sw.post(
        url,
        {
            "kind": "refer",
            "to_partner": relief.pk,
            "request": "کمک معیشتی",
            "follow_up_on": "1499/01/01",
        },
    )
    assert r.status_code == 302
    ref = Referral.objects.get()
    detail = reverse("casework:referral", args=[ref.pk])
    r = sw.post(detail, {"status": "answered", "answer": ""})
    assert r.status_code == 422 and "متن پاسخ" in r.content.decode()
    r = sw.post(detail, {"status": "answered", "answer": "پرونده در کمیته تشکیل شد"})
    assert r.status_code == 302
    ref.refresh_from_db()
    assert ref.status == "answered" and not ref.awaiting

    services.case_take(actor=worker, person=woman)
    r = sw.post(
        url,
        {
            "kind": "transfer",
            "to_worker": other_worker.pk,
            "request": "تغییر محل",
            "follow_up_on": "1499/01/01",
        },
    )
    assert r.status_code == 302
    transfer = Referral.objects.get(kind="transfer")
    assert (
        sw.post(
            reverse("casework:referral", args=[transfer.pk]), {"status": "accepted"}
        ).status_code
        == 403
    )
    client.force_login(other_worker)
    r = client.post(reverse("casework:referral", args=[transfer.pk]), {"status": "accepted"})
    assert r.status_code == 302
    assert CaseAssignment.objects.get(end_date__isnull=True).worker == other_worker


def test_take_a_case_from_the_person_page(sw, worker, woman):
    r = sw.post(reverse("casework:case_take", args=[woman.pk]))
    assert r.status_code == 302
    assert CaseAssignment.objects.get().worker == worker
    page = sw.get(reverse("people:detail", args=[woman.pk])).content.decode()
    assert 'data-testid="case-owner"' in page
