"""The shared field template ties each field to its help and its error, so a
screen reader reads the Persian message with the field: the input with an error
carries aria-invalid, and aria-describedby (on the input, or on the fieldset of
a group of radio buttons or checkboxes) names elements that exist and hold the
message. Pages that draw a field by hand are checked in their own tests with the
same `errors_untied`."""

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse

from tavana.core.forms import PersianCharField, StyledForm
from tests.field_errors import errors_untied, messages_of

COLOURS = [("red", "سرخ"), ("blue", "آبی")]


class EveryKindForm(StyledForm):
    name = PersianCharField(label="نام", max_length=5, help_text="نام کوچک او")
    notes = forms.CharField(label="یادداشت", widget=forms.Textarea)
    colour = forms.ChoiceField(label="رنگ", choices=[("", "")] + COLOURS)
    agreed = forms.BooleanField(label="می‌پذیرم")
    size = forms.ChoiceField(label="اندازه", choices=COLOURS, widget=forms.RadioSelect)
    tags = forms.MultipleChoiceField(
        label="برچسب‌ها",
        choices=COLOURS,
        widget=forms.CheckboxSelectMultiple,
        help_text="یکی یا بیشتر",
    )
    many = forms.MultipleChoiceField(label="چندتایی", choices=COLOURS)

    def clean(self):
        data = super().clean()
        self.add_error("notes", "یادداشت دوم را هم بنویسید.")  # two messages on one field
        return data


def _page(form) -> str:
    return "".join(render_to_string("core/_field.html", {"field": bf}) for bf in form)


def test_every_kind_of_field_is_tied_to_its_persian_error_and_help():
    form = EveryKindForm({"name": "نامی بلندتر", "colour": "green", "size": "x", "many": ["x"]})
    assert not form.is_valid()
    html = _page(form)
    assert errors_untied(html) == []
    shown = messages_of(html)
    # every input of every field, radio buttons and checkboxes one by one
    assert set(shown) == set(form.fields)
    for name, errors in form.errors.items():
        for message in errors:
            assert message in shown[name], (name, message)
    assert "۵" in shown["name"]  # the limit, in Persian digits
    assert 'id="id_name_helptext"' in html and "نام کوچک او" in html
    assert 'aria-describedby="id_tags_helptext id_tags_error"' in html  # its fieldset
    assert html.count('aria-invalid="true"') == 1 + 1 + 1 + 1 + 2 + 2 + 1  # radios, boxes each


def test_a_valid_field_names_its_help_and_no_error():
    form = EveryKindForm({"name": "مینا"})
    form.is_valid()
    html = render_to_string("core/_field.html", {"field": form["name"]})
    assert 'aria-describedby="id_name_helptext"' in html and 'id="id_name_helptext"' in html
    assert "aria-invalid" not in html and "_error" not in html


@pytest.mark.parametrize(
    "html",
    [
        # the shape the shared template had: a message no input names
        '<input name="a" class="is-invalid" aria-invalid="true" aria-describedby="id_a_error">'
        '<div class="invalid-feedback d-block" role="alert">این فیلد لازم است.</div>',
        # marked invalid for the eye only
        '<input name="a" class="form-control is-invalid">'
        '<div class="invalid-feedback d-block" id="e" role="alert">لازم است.</div>',
        # tied to an English message
        '<input name="a" aria-invalid="true" aria-describedby="e">'
        '<div class="invalid-feedback" id="e">This field is required.</div>',
    ],
)
def test_the_check_finds_an_error_a_screen_reader_would_miss(html):
    assert errors_untied(html) != []


@pytest.mark.django_db
def test_the_sign_in_page_ties_its_errors(client):
    get_user_model().objects.create_user(username="mina", password="pass-for-tests-1403")
    r = client.post(reverse("accounts:login"), {"username": "", "password": ""})
    html = r.content.decode()
    assert errors_untied(html) == []
    assert set(messages_of(html)) == {"username", "password"}
