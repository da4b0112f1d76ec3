import datetime as dt

import pytest
from django.urls import reverse

from tavana.accounts import roles
from tavana.audit.models import AuditEntry
from tavana.core.domain.identifiers import make_national_code
from tavana.core.errors import ServiceError
from tavana.core.models import District
from tavana.people import services
from tavana.people.duplicates import services as duplicates
from tavana.people.models import ChangeRequest, DuplicateCandidate, Membership, Person

pytestmark = pytest.mark.django_db

CODE = make_national_code("001234567")
CANARY_INCOME = 98765431
CANARY_HEALTH = "canary-health-7f3a"


@pytest.fixture
def districts(db):
    return {n: District.objects.create(number=n, name=f"منطقهٔ {n}") for n in (4, 9)}


@pytest.fixture
def registrar(make_user, districts):
    user = make_user(roles.REGISTRAR, username="zahra")
    user.districts.set([districts[4]])
    return user


@pytest.fixture
def woman(registrar):
    return services.person_create(
        actor=registrar,
        data={
            "national_code": CODE,
            "first_name": "مریم",
            "last_name": "رضایی‌پور",
            "father_name": "علی",
            "birth_date": "1360/05/10",
            "mobile": "09121112233",
            "district": "4",
            "monthly_income": str(CANARY_INCOME),
            "health_notes": CANARY_HEALTH,
        },
        registration={"channel": "staff", "basis": "carries"},
        household={"relation": Membership.HEAD},
    )


OTHER_CODE = make_national_code("003456789")


def form_data(**over):
    data = {
        "national_code": OTHER_CODE,
        "first_name": "فاطمه",
        "last_name": "كريمي",
        "father_name": "حسن",
        "birth_date": "۱۳۶۵/۰۴/۱۲",
        "mobile": "+98 912 000 1122",
        "district": "4",
        "channel": "staff",
        "basis": "carries",
        "consents": ["services"],
    }
    data.update(over)
    return data


def test_registrar_registers_a_woman_with_any_script(client, registrar):
    client.force_login(registrar)
    response = client.post(reverse("people:register"), form_data())
    person = Person.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "people:detail", args=[person.pk]
    )
    assert person.last_name == "کریمی" and person.as_typed["last_name"] == "كريمي"
    assert person.mobile == "09120001122" and person.birth_date == dt.date(1986, 7, 3)
    assert person.registration.channel == "staff" and person.consents.count() == 1
    assert AuditEntry.objects.filter(action="person.create", person_id=person.pk).exists()
    page = client.get(response["Location"]).content.decode()
    assert "۱۳۶۵/۰۴/۱۲" in page and "۰۹۱۲۰۰۰۱۱۲۲" in page


def test_bad_input_names_each_field_keeps_typing_and_writes_nothing(client, registrar):
    client.force_login(registrar)
    response = client.post(
        reverse("people:register"),
        form_data(
            national_code="1234567890", first_name="", birth_date="1404/12/30", mobile="0912"
        ),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "رقم کنترل" in body or "کد ملی" in body
    assert "نام را وارد کنید" in body and "اسفند" in body
    assert 'value="1404/12/30"' in body and 'value="1234567890"' in body
    assert 'value="حسن"' in body
    assert Person.objects.count() == 0 and AuditEntry.objects.count() == 0


def test_second_person_with_same_national_code_is_refused_with_link(client, registrar, woman):
    client.force_login(registrar)
    response = client.post(reverse("people:register"), form_data(national_code=CODE))
    body = response.content.decode()
    assert "پیش‌تر ثبت شده" in body
    assert reverse("people:detail", args=[woman.pk]) in body
    assert Person.objects.count() == 1


def test_typing_shows_likely_duplicates_with_reasons(client, registrar, woman):
    client.force_login(registrar)
    body = client.get(
        reverse("people:register_check"),
        {
            "first_name": "مريم",
            "last_name": "رضایی پور",
            "father_name": "علی",
            "birth_date": "۱۳۶۰/۰۵/۱۰",
        },
    ).content.decode()
    assert "مریم رضایی‌پور" in body and "badge" in body
    body = client.get(reverse("people:register_check"), {"mobile": "9121112233"}).content.decode()
    assert "مریم" in body


def test_typing_finds_a_mistyped_code_and_a_name_spelled_by_ear(client, registrar, woman):
    """The check looks up the valid codes one typo away, and every spelling of the
    typed names the registry has seen (known to it once a scan has learnt them)."""
    from tavana.people import selectors
    from tavana.people.duplicates.tasks import scan_registry

    scan_registry()
    client.force_login(registrar)
    swapped = CODE[:4] + CODE[5] + CODE[4] + CODE[6:]
    body = client.get(reverse("people:register_check"), {"national_code": swapped}).content.decode()
    assert "مریم رضایی‌پور" in body
    found = selectors.person_candidates(
        actor=registrar,
        data={"first_name": "مریم", "last_name": "رزایی پور", "father_name": "علی"},
    )
    assert [c["id"] for c in found] == [woman.pk]
    assert "نام خانوادگی: هم‌آوا (احتمالاً از روی شنیدن نوشته شده)" in found[0]["reasons"]


def test_a_common_name_does_not_crowd_out_the_woman_being_typed(client, registrar, districts):
    """A large registry holds many women of one common name: the check judges the
    likeliest hits first (here her birth date), not whichever come first."""
    from tavana.people import selectors
    from tavana.people.domain.fields import person_keys

    namesakes = []
    for i in range(selectors.MAX_HITS + 20):
        values = {"first_name": "فاطمه", "last_name": "محمدی", "father_name": "رضا"}
        namesakes.append(
            Person(
                **values,
                **person_keys(values),
                birth_date=dt.date(1970, 1, 1) + dt.timedelta(days=i),
                district=districts[4],
            )
        )
    Person.objects.bulk_create(namesakes)
    her = services.person_create(
        actor=registrar,
        data={
            "first_name": "فاطمه",
            "last_name": "محمدی",
            "father_name": "حسین",
            "birth_date": "1362/02/20",
            "district": "4",
            "national_code": make_national_code("004567891"),
        },
        registration={"channel": "staff", "basis": "carries"},
        household={"relation": Membership.HEAD},
    )
    client.force_login(registrar)
    typed = {"first_name": "فاطمه", "last_name": "محمدي", "birth_date": "۱۳۶۲/۲/۲۰"}
    body = client.get(reverse("people:register_check"), typed).content.decode()
    assert reverse("people:detail", args=[her.pk]) in body


def test_out_of_scope_person_is_not_found(client, make_user, districts, woman):
    other = make_user(roles.REGISTRAR, username="nine")
    other.districts.set([districts[9]])
    client.force_login(other)
    assert client.get(reverse("people:detail", args=[woman.pk])).status_code == 404


def test_sensitive_fields_need_clearance_a_reason_and_are_audited(
    client, registrar, woman, make_user, districts
):
    client.force_login(registrar)
    page = client.get(reverse("people:detail", args=[woman.pk])).content.decode()
    assert str(CANARY_INCOME) not in page and CANARY_HEALTH not in page
    assert "نمایش اطلاعات حساس" not in page
    assert (
        client.post(reverse("people:sensitive", args=[woman.pk]), {"reason": "x"}).status_code
        == 403
    )
    worker = make_user(roles.SOCIAL_WORKER, username="sw")
    worker.districts.set([districts[4]])
    client.force_login(worker)
    page = client.get(reverse("people:detail", args=[woman.pk])).content.decode()
    assert CANARY_HEALTH not in page and "نمایش اطلاعات حساس" in page
    refused = client.post(reverse("people:sensitive", args=[woman.pk]), {"reason": ""})
    assert refused.status_code == 422 and CANARY_HEALTH not in refused.content.decode()
    shown = client.post(
        reverse("people:sensitive", args=[woman.pk]), {"reason": "ارزیابی نیاز"}
    ).content.decode()
    assert CANARY_HEALTH in shown and "۹۸٬۷۶۵٬۴۳۱" in shown
    read = AuditEntry.objects.get(action="person.read_sensitive")
    assert read.actor == worker and read.reason == "ارزیابی نیاز" and read.person_id == woman.pk
    # The log records that income changed, never its value.
    created = AuditEntry.objects.get(action="person.create", person_id=woman.pk)
    assert str(CANARY_INCOME) not in str(created.after)


def test_children_are_added_to_her_household_and_ages_derived(client, registrar, woman):
    client.force_login(registrar)
    form = client.get(reverse("people:child_add", args=[woman.pk])).content.decode()
    assert ">دختر<" in form and ">پسر<" in form  # a child's sex is not «زن/مرد»
    assert ">زن<" not in form and ">مرد<" not in form
    today = dt.date.today()
    born = f"{today.year - 621 - 8}/01/15"  # about eight years old, Jalali
    response = client.post(
        reverse("people:child_add", args=[woman.pk]),
        {
            "first_name": "سارا",
            "last_name": "رضایی‌پور",
            "father_name": "محمد",
            "birth_date": born,
            "sex": "F",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("people:detail", args=[woman.pk])).content.decode()
    assert "سارا رضایی‌پور" in page and 'data-testid="child-under-20"' in page
    child = Person.objects.get(first_name="سارا")
    assert (
        Membership.objects.get(person=child).household
        == Membership.objects.get(person=woman).household
    )


def test_identity_correction_needs_approval(client, registrar, woman, make_user):
    client.force_login(registrar)
    response = client.post(
        reverse("people:change_request_new", args=[woman.pk]),
        {
            "national_code": CODE,
            "first_name": "مریم",
            "last_name": "رضایی‌پور",
            "father_name": "علیرضا",
            "birth_date": "1360/05/10",
            "reason": "خطای تایپ",
        },
    )
    cr = ChangeRequest.objects.get()
    assert response.status_code == 302 and cr.changes == {"father_name": ["علی", "علیرضا"]}
    woman.refresh_from_db()
    assert woman.father_name == "علی"  # unchanged until approved
    # The maker cannot check her own request.
    assert (
        client.post(
            reverse("people:change_request", args=[cr.pk]), {"decision": "approve"}
        ).status_code
        == 403
    )
    admin = make_user(roles.ADMINISTRATOR, username="boss")
    client.force_login(admin)
    page = client.get(reverse("people:change_request", args=[cr.pk])).content.decode()
    assert "علیرضا" in page and "تأیید و اعمال" in page
    client.post(reverse("people:change_request", args=[cr.pk]), {"decision": "approve"})
    woman.refresh_from_db()
    cr.refresh_from_db()
    assert woman.father_name == "علیرضا" and cr.status == ChangeRequest.APPROVED
    assert AuditEntry.objects.filter(action="person.identity_corrected").exists()
    assert AuditEntry.objects.filter(action="change_request.approve").exists()


def test_rejection_needs_a_reason_and_changes_nothing(client, registrar, woman, make_user):
    cr = services.change_request_create(
        actor=registrar, person=woman, data={"first_name": "مهری"}, reason="به درخواست خودش"
    )
    client.force_login(make_user(roles.ADMINISTRATOR, username="boss"))
    page = client.post(reverse("people:change_request", args=[cr.pk]), {"decision": "reject"})
    assert "دلیل رد" in page.content.decode()
    client.post(
        reverse("people:change_request", args=[cr.pk]),
        {"decision": "reject", "note": "مدرک ناخوانا"},
    )
    woman.refresh_from_db()
    assert woman.first_name == "مریم"
    assert ChangeRequest.objects.get().status == ChangeRequest.REJECTED


def test_identity_fields_cannot_be_edited_directly(registrar, woman):
    with pytest.raises(ServiceError) as err:
        services.person_update(actor=registrar, person=woman, data={"first_name": "x"})
    assert "درخواست اصلاح" in err.value.errors["first_name"]


def test_merge_moves_relations_and_keeps_both_histories(client, registrar, woman):
    twin = services.person_create(
        actor=registrar,
        data={
            "first_name": "مريم",
            "last_name": "رضايي پور",
            "father_name": "علي",
            "birth_date": "1360/05/10",
            "mobile": "09351112233",
            "district": "4",
        },
        household={"relation": Membership.HEAD},
    )
    c = duplicates.duplicate_candidate_record(
        person_a_id=woman.pk, person_b_id=twin.pk, score=0.97, reasons=["نام یکسان"]
    )
    client.force_login(registrar)
    page = client.get(reverse("people:duplicate", args=[c.pk])).content.decode()
    assert "دو نفر متفاوت‌اند" in page
    assert "۹۷٪" in page and "نام یکسان" in page  # the probability and the reasons
    queue = client.get(reverse("people:duplicates")).content.decode()
    assert "۹۷٪" in queue and "قوی" in queue and "مدل آغازین" in queue
    response = client.post(reverse("people:duplicate", args=[c.pk]), {"action": "keep_a"})
    assert response.status_code == 302
    twin.refresh_from_db()
    assert twin.merged_into == woman
    assert Membership.objects.filter(person=woman).count() == 2
    assert AuditEntry.objects.filter(action="person.merge", person_id=woman.pk).exists()
    assert AuditEntry.objects.filter(action="person.merged_into", person_id=twin.pk).exists()
    # Opening the merged record lands on the kept person.
    assert client.get(reverse("people:detail", args=[twin.pk]))["Location"] == reverse(
        "people:detail", args=[woman.pk]
    )
    c.refresh_from_db()
    assert c.status == DuplicateCandidate.MERGED


def test_not_the_same_person_is_remembered(client, registrar, woman):
    sister = services.person_create(
        actor=registrar,
        data={
            "first_name": "مینا",
            "last_name": "رضایی‌پور",
            "father_name": "علی",
            "birth_date": "1362/01/01",
            "district": "4",
        },
    )
    c = duplicates.duplicate_candidate_record(
        person_a_id=sister.pk, person_b_id=woman.pk, score=0.6, reasons=["نام خانوادگی و پدر یکسان"]
    )
    client.force_login(registrar)
    client.post(reverse("people:duplicate", args=[c.pk]), {"action": "not_same"})
    c.refresh_from_db()
    assert c.status == DuplicateCandidate.NOT_SAME
    assert (
        duplicates.duplicate_candidate_record(
            person_a_id=woman.pk, person_b_id=sister.pk, score=0.7, reasons=[]
        )
        is None
    )
    assert "مینا" not in client.get(reverse("people:duplicates")).content.decode()


def test_registrar_cannot_register_outside_her_districts(client, registrar):
    client.force_login(registrar)
    body = client.post(reverse("people:register"), form_data(district="9")).content.decode()
    assert "محدودهٔ کاری شما نیست" in body and Person.objects.count() == 0


def test_reviewer_starts_a_registry_scan_and_sees_its_progress(
    client, registrar, woman, django_capture_on_commit_callbacks
):
    services.person_create(
        actor=registrar,
        data={
            "first_name": "مريم",
            "last_name": "رضايي پور",
            "father_name": "علي",
            "birth_date": "1360/05/10",
            "mobile": "09121112233",
            "district": "4",
        },
    )
    client.force_login(registrar)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people:duplicates"))
    assert response.status_code == 302
    assert DuplicateCandidate.objects.filter(status=DuplicateCandidate.OPEN).count() == 1
