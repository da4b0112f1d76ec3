"""Number boxes take what people type in Iran (non-negotiable 5).

Chromium's `<input type=number>` refuses Persian digits outright (۱۲ cannot be
typed), so every number field of every form is a text box with a numeric (or
decimal) keyboard that reads any digit script, «٫» as the point and drops
thousands separators; its min/max/step are checked on the server with a
Persian message, and a form shown again after an error keeps what was typed."""

import copy
import importlib
import inspect
import pkgutil
from decimal import Decimal

import pytest
from django import forms

import tavana
from tavana.core.domain.numbers import read_number
from tavana.core.forms import NumberTextInput, StyledForm, persian_field


class Sample(StyledForm):
    count = forms.IntegerField(label="تعداد", min_value=1, max_value=500)
    amount = forms.DecimalField(label="مقدار", min_value=0, max_digits=10, decimal_places=2)
    ratio = forms.FloatField(label="نسبت", required=False)
    hidden = forms.IntegerField(widget=forms.HiddenInput, required=False)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("۱۲", "12"),
        ("٣٤٥", "345"),
        ("۱۲٬۵۰۰", "12500"),
        ("1,250", "1250"),
        ("۲٫۵", "2.5"),
        ("٢٫٥", "2.5"),
        ("۲/۵", "2.5"),
        (" ۴۲ ", "42"),
        ("\u200f۷\u200e", "7"),
        ("−۳", "-3"),
        ("12", "12"),
        ("ده", "ده"),  # not a number: left for the field to refuse
        (None, ""),
    ],
)
def test_read_number(typed, read):
    assert read_number(typed) == read


def test_number_fields_are_text_boxes_with_a_numeric_keyboard():
    form = Sample()
    count, amount, ratio = form["count"], form["amount"], form["ratio"]
    for bf in (count, amount, ratio):
        assert isinstance(bf.field.widget, NumberTextInput)
        html = str(bf)
        assert 'type="text"' in html and 'type="number"' not in html
        assert 'dir="ltr"' in html and "form-control" in html
        # limits are the server's: nothing for the browser to refuse in English
        assert " min=" not in html and " max=" not in html and " step=" not in html
    assert 'inputmode="numeric"' in str(count)
    # DecimalField and FloatField subclass IntegerField: they still get the point
    assert 'inputmode="decimal"' in str(amount)
    assert 'inputmode="decimal"' in str(ratio)
    # a hidden number stays hidden
    assert isinstance(form.fields["hidden"].widget, forms.HiddenInput)


def test_any_digit_script_and_separators_are_read():
    form = Sample(data={"count": "۴۵۰", "amount": "۱٬۲۳۴٫۵", "ratio": "٠٫٢٥"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["count"] == 450
    assert form.cleaned_data["amount"] == Decimal("1234.5")
    assert form.cleaned_data["ratio"] == 0.25


def test_limits_are_checked_on_the_server_in_persian():
    form = Sample(data={"count": "۵۰۱", "amount": "۱"})
    assert not form.is_valid()
    message = form.errors["count"][0]
    assert "۵۰۰" in message and "500" not in message
    form = Sample(data={"count": "۲", "amount": "۱٫۲۳۴"})
    assert not form.is_valid()
    assert "amount" in form.errors  # more than two places after the point
    assert "۲" in form.errors["amount"][0]


def test_what_was_typed_is_kept_when_the_form_comes_back():
    form = Sample(data={"count": "۱۲٬۰۰۰", "amount": "دو", "ratio": "٢٫٥"})
    assert not form.is_valid()
    assert "amount" in form.errors and "count" in form.errors  # over 500; not a number
    assert 'value="۱۲٬۰۰۰"' in str(form["count"])
    assert 'value="دو"' in str(form["amount"])
    assert 'value="٢٫٥"' in str(form["ratio"])


def test_a_stored_number_is_shown_in_persian_digits():
    form = Sample(initial={"count": 12, "amount": Decimal("2.50"), "ratio": 0.5})
    assert 'value="۱۲"' in str(form["count"])
    assert 'value="۲٫۵۰"' in str(form["amount"])
    assert 'value="۰٫۵"' in str(form["ratio"])
    # and such a value, sent back unchanged, reads as the same number
    form = Sample(data={"count": "۱۲", "amount": "۲٫۵۰", "ratio": "۰٫۵"}, initial=form.initial)
    assert form.is_valid(), form.errors
    assert not form.has_changed()


def _form_modules():
    for info in pkgutil.walk_packages(tavana.__path__, "tavana."):
        last = info.name.rsplit(".", 1)[-1]
        if last.startswith("forms") and ".migrations" not in info.name:
            yield importlib.import_module(info.name)


def test_no_form_of_the_application_draws_a_browser_number_box():
    """Every number field any form declares becomes a text box that reads Persian
    digits (fields declared on the class; those added in __init__ are checked
    by their forms' own tests and use NumberTextInput by name)."""
    seen = 0
    for module in _form_modules():
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not issubclass(cls, StyledForm):
                continue
            for name, field in cls.base_fields.items():
                field = copy.deepcopy(field)
                persian_field(field)
                assert not isinstance(field.widget, forms.NumberInput), f"{cls.__name__}.{name}"
                if isinstance(field, forms.IntegerField) and not field.widget.is_hidden:
                    seen += 1
                    assert isinstance(field.widget, NumberTextInput | forms.Select), (
                        f"{cls.__name__}.{name}"
                    )
    assert seen > 20  # the walk found the application's number fields
