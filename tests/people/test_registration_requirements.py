"""What registering a woman requires, and a registration form that tells every
fault at once: the district; the national code or, without one, another
document, its number and the reason (checked for duplicates like the code);
text over its limit refused with the limit in Persian digits; a Persian prompt
for an empty choice."""

import re

import pytest
from django import forms
from django.urls import reverse

from tavana.audit.models import AuditEntry
from tavana.core.domain.identifiers import make_national_code
from tavana.core.errors import ServiceError
from tavana.core.forms import EMPTY_CHOICE, StyledForm
from tavana.core.models import District
from tavana.people import services
from tavana.people.domain.fields import (
    NEED_DISTRICT,
    NEED_IDENTITY,
    check_person_fields,
    registration_identity_errors,
)
from tavana.people.models import Person
from tests.field_errors import errors_untied

pytestmark = pytest.mark.django_db


@pytest.fixture
def card_holder(registrar):
    """A woman registered with a residence card, no national code."""
    return services.person_create(
        actor=registrar,
        data={"first_name": "زهرا", "last_name": "احمدی", "district": "4",
              "other_id_kind": "residence", "other_id": "AB12345", "no_code_reason": "تبعه"},
        registration={"channel": "staff", "basis": "carries"},
    )  # fmt: skip


def typed(**over):
    data = {
        "national_code": "",
        "first_name": "فاطمه",
        "last_name": "کریمی",
        "father_name": "حسن",
        "birth_date": "",
        "mobile": "",
        "district": "4",
        "channel": "staff",
        "basis": "carries",
        "consents": ["services"],
    }
    data.update(over)
    return data


def feedback(body: str) -> dict[str, str]:
    """The message shown beside each field (data-field marks whose it is)."""
    found = re.findall(r'data-field="(\w+)">([^<]*)<', body)
    return {name: text for name, text in found}


def test_every_fault_is_shown_at_once_beside_its_field_keeping_what_was_typed(client, registrar):
    client.force_login(registrar)
    response = client.post(
        reverse("people:register"),
        typed(last_name="", district="", basis="", mobile="0912", father_name="حسن۲"),
    )
    body = response.content.decode()
    shown = feedback(body)
    # the form's own fault (no basis) and the service's, in one answer
    assert set(shown) >= {"last_name", "district", "national_code", "mobile", "father_name"}
    assert shown["district"] in (NEED_DISTRICT, services.NO_DISTRICT)
    assert shown["national_code"] == NEED_IDENTITY
    assert "مبنای ثبت‌نام" in body and body.count('role="alert"') >= 6
    assert 'value="فاطمه"' in body and 'value="0912"' in body
    assert Person.objects.count() == 0 and AuditEntry.objects.count() == 0


def test_a_woman_is_not_registered_with_a_name_and_basis_only(registrar):
    with pytest.raises(ServiceError) as e:
        services.person_create(
            actor=None,
            data={"first_name": "فاطمه", "last_name": "کریمی"},
            registration={"channel": "staff", "basis": "carries"},
        )
    assert e.value.errors == {"district": NEED_DISTRICT, "national_code": NEED_IDENTITY}
    assert Person.objects.count() == 0


def test_without_a_national_code_another_document_and_its_reason_are_asked(client, registrar):
    client.force_login(registrar)
    response = client.post(reverse("people:register"), typed(other_id="AB 12-345"))
    shown = feedback(response.content.decode())
    assert set(shown) == {"other_id_kind", "no_code_reason"}
    assert errors_untied(response.content.decode()) == []
    response = client.post(
        reverse("people:register"),
        typed(other_id="ab 12-۳۴۵", other_id_kind="residence", no_code_reason="تبعهٔ افغانستان"),
    )
    woman = Person.objects.get()
    assert response.status_code == 302 and woman.other_id == "AB12345"
    assert woman.national_code is None and woman.no_code_reason == "تبعهٔ افغانستان"
    page = client.get(reverse("people:detail", args=[woman.pk])).content.decode()
    assert "کارت اقامت اتباع" in page and "تبعهٔ افغانستان" in page


def test_the_same_document_typed_another_way_is_a_duplicate_with_a_link(
    client, registrar, card_holder
):
    first = card_holder
    client.force_login(registrar)
    response = client.post(
        reverse("people:register"),
        typed(other_id="ab-12 ۳۴۵", other_id_kind="residence", no_code_reason="تبعه"),
    )
    body = response.content.decode()
    assert feedback(body)["other_id"].startswith("فردی با همین مدرک")
    assert reverse("people:detail", args=[first.pk]) in body
    assert Person.objects.count() == 1


def test_the_same_code_and_a_missing_district_are_told_together(client, registrar):
    code = make_national_code("001234567")
    services.person_create(
        actor=registrar,
        data={"first_name": "زهرا", "last_name": "احمدی", "district": "4", "national_code": code},
    )
    client.force_login(registrar)
    body = client.post(
        reverse("people:register"), typed(national_code=code, district="")
    ).content.decode()
    shown = feedback(body)
    assert shown["national_code"].startswith("فردی با این کد ملی") and "district" in shown


def test_text_over_its_limit_is_refused_with_the_limit_and_kept(client, registrar):
    client.force_login(registrar)
    long_name = "ن" * 120
    response = client.post(
        reverse("people:register"),
        typed(national_code=make_national_code("002345678"), first_name=long_name),
    )
    body = response.content.decode()
    assert "۱۰۰" in feedback(body)["first_name"] and "۱۲۰" in feedback(body)["first_name"]
    assert f'value="{long_name}"' in body
    assert 'maxlength="100"' not in body  # the browser no longer cuts it silently
    assert Person.objects.count() == 0


def test_the_domain_says_the_limit_in_persian_digits():
    checked = check_person_fields({"address": "خ" * 301}, partial=True)
    assert checked.errors["address"] == "نشانی حداکثر ۳۰۰ نویسه است؛ ۳۰۱ نویسه نوشته شده."


def test_registration_identity_rule_is_pure():
    assert registration_identity_errors({"district": 4, "national_code": "0012345679"}, {}) == {}
    assert (
        registration_identity_errors(
            {
                "district": 4,
                "other_id_kind": "passport",
                "other_id": "X12345",
                "no_code_reason": "…",
            },
            {},
        )
        == {}
    )
    assert set(registration_identity_errors({"other_id": "X12345"}, {})) == {
        "district", "other_id_kind", "no_code_reason",
    }  # fmt: skip
    # a field already refused is not asked for twice
    assert registration_identity_errors({}, {"national_code": "…", "district": "…"}) == {}


def test_an_empty_choice_reads_a_persian_prompt_everywhere(district):
    class Sample(StyledForm):
        where = forms.ModelChoiceField(queryset=District.objects.all())
        kind = forms.ChoiceField(choices=[("", "---------"), ("a", "الف")])
        name = forms.CharField(max_length=5)

    html = str(Sample())
    assert "---------" not in html and html.count(EMPTY_CHOICE) == 2
    form = Sample({"where": district.pk, "kind": "a", "name": "abcdefg"})
    assert not form.is_valid()
    assert form.errors["name"] == ["حداکثر ۵ نویسه پذیرفته است؛ ۷ نویسه نوشته شده."]


def test_while_typing_the_same_document_shows_the_woman_who_holds_it(
    client, registrar, card_holder
):
    her = card_holder
    client.force_login(registrar)
    body = client.get(
        reverse("people:register_check"),
        {"first_name": "مینا", "last_name": "کریمی", "other_id_kind": "residence",
         "other_id": "ab-12۳۴۵"},
    ).content.decode()  # fmt: skip
    assert reverse("people:detail", args=[her.pk]) in body
    assert "همین مدرک شناسایی پیش‌تر ثبت شده است" in body
