"""Form fields that accept what people type in Iran and store plain values, and
the base form every page uses (Bootstrap classes, invalid fields marked, a
service's refusal shown beside its fields)."""

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from django import forms
from django.core import validators

from tavana.core.domain.jalali import InvalidDate, format_jalali, parse_jalali
from tavana.core.domain.numbers import DECIMAL, persian_numbers, read_number
from tavana.core.domain.persian_text import clean, to_ascii_digits, to_persian_digits
from tavana.core.errors import ServiceError


class JalaliDateInput(forms.TextInput):
    """A text box with the self-hosted Jalali date picker attached (data-jdp)."""

    def __init__(self, attrs=None):
        base = {
            "data-jdp": "",
            "placeholder": "سال/ماه/روز",
            "autocomplete": "off",
            "inputmode": "numeric",
            "dir": "ltr",
        }
        base.update(attrs or {})
        super().__init__(base)

    def format_value(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, str):
            return value  # what the person typed, kept on a failed submit
        return format_jalali(value)


class TypedNumber(str):
    """A number box's value read as ASCII (what the field parses) that remembers
    what the person typed, so a form shown again after an error keeps it."""

    typed: str

    def __new__(cls, typed: str) -> "TypedNumber":
        value = super().__new__(cls, read_number(typed))
        value.typed = typed
        return value


class NumberTextInput(forms.TextInput):
    """A number box that takes any digit script: Chromium's `<input type=number>`
    refuses Persian digits (۱۲ cannot even be typed), so every number field is a
    text box with the numeric (or decimal) keyboard on a phone. It reads ۰-۹ and
    ٠-٩ as 0-9, «٫» as the point and drops «٬» and «,» between thousands; the
    field's own min/max/step are checked on the server, with a Persian message."""

    def __init__(self, attrs=None, *, decimal: bool = False):
        base = {"inputmode": "decimal" if decimal else "numeric", "dir": "ltr"}
        base.update(attrs or {})
        super().__init__(base)

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return TypedNumber(value) if isinstance(value, str) else value

    def format_value(self, value):
        if isinstance(value, TypedNumber):
            return value.typed
        if value in (None, ""):
            return None
        text = format(value, "f") if isinstance(value, Decimal) else str(value)
        return to_persian_digits(text).replace(".", DECIMAL)


def number_widget(field: forms.Field) -> None:
    """Swap a number field's `<input type=number>` for a `NumberTextInput`
    (DecimalField and FloatField are IntegerFields in Django: asked first, they
    get the decimal keyboard); a plain text box a form chose for the same reason
    gets the same reading. Other attributes the form set are kept."""
    if not isinstance(field, forms.IntegerField):
        return
    if not (isinstance(field.widget, forms.NumberInput) or type(field.widget) is forms.TextInput):
        return  # hidden, a choice, or a box of its own
    decimal = isinstance(field, forms.DecimalField | forms.FloatField)
    old = field.widget
    attrs = {k: v for k, v in old.attrs.items() if k not in ("min", "max", "step", "type")}
    widget = NumberTextInput(attrs, decimal=decimal)
    widget.is_required = old.is_required
    widget.is_localized = old.is_localized
    field.widget = widget


class JalaliDateField(forms.Field):
    """Accepts YYYY/MM/DD or YYYY-MM-DD in any digit script; cleans to a Gregorian date."""

    widget = JalaliDateInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if hasattr(value, "year"):
            return value
        try:
            return parse_jalali(str(value))
        except InvalidDate as e:
            raise forms.ValidationError(e.message, code="invalid_date") from e


class PersianCharField(forms.CharField):
    """Free text: Arabic letters, stray half-spaces and bidi marks are tidied."""

    def to_python(self, value):
        value = super().to_python(value)
        return clean(value) if value else value


class DigitsField(forms.CharField):
    """Numbers typed in any digit script are stored with ASCII digits."""

    def to_python(self, value):
        value = super().to_python(value)
        return to_ascii_digits(value).strip() if value else value


def _persian_one(e: forms.ValidationError) -> forms.ValidationError:
    message = e.message % e.params if e.params else e.message
    return forms.ValidationError(persian_numbers(message), code=e.code)


def _persian_error(error):
    """A form error (text, list, dict or ValidationError) with its numbers in Persian."""
    if isinstance(error, dict):
        return {k: _persian_error(v) for k, v in error.items()}
    if not isinstance(error, forms.ValidationError):
        error = forms.ValidationError(error)
    if hasattr(error, "error_dict"):
        return forms.ValidationError(
            {k: [_persian_one(e) for e in v] for k, v in error.error_dict.items()}
        )
    return forms.ValidationError([_persian_one(e) for e in error.error_list])


EMPTY_CHOICE = "— برگزینید —"
DJANGO_EMPTY = "---------"


class PersianMaxLength(validators.MaxLengthValidator):
    """Text over its limit is refused, saying the limit and what was typed in
    Persian digits (the browser is not asked to cut it silently)."""

    def __call__(self, value):
        length = len(value)
        if length > self.limit_value:
            raise forms.ValidationError(
                f"حداکثر {to_persian_digits(self.limit_value)} نویسه پذیرفته است؛ "
                f"{to_persian_digits(length)} نویسه نوشته شده.",
                code="max_length",
            )


class PersianMinLength(validators.MinLengthValidator):
    def __call__(self, value):
        length = len(value)
        if length < self.limit_value:
            raise forms.ValidationError(
                f"دست‌کم {to_persian_digits(self.limit_value)} نویسه بنویسید؛ "
                f"{to_persian_digits(length)} نویسه نوشته شده.",
                code="min_length",
            )


def persian_field(field: forms.Field) -> None:
    """One field as every form shows it: a Persian prompt for an empty choice, and
    length limits checked on the server with a Persian message instead of the
    browser cutting what was typed (or pasted) without a word; a number box that
    takes Persian digits (`number_widget`)."""
    number_widget(field)
    if getattr(field, "empty_label", None) == DJANGO_EMPTY:
        field.empty_label = EMPTY_CHOICE  # ModelChoiceField (re-renders its choices)
    choices = getattr(field, "choices", None)
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        if any(label == DJANGO_EMPTY for _, label in choices or ()):
            field.choices = [
                (v, EMPTY_CHOICE if label == DJANGO_EMPTY else label) for v, label in choices
            ]
    swapped = []
    for v in field.validators:
        if type(v) is validators.MaxLengthValidator:
            v = PersianMaxLength(v.limit_value)
        elif type(v) is validators.MinLengthValidator:
            v = PersianMinLength(v.limit_value)
        swapped.append(v)
    field.validators = swapped
    field.widget.attrs.pop("maxlength", None)


class StyledForm(forms.Form):
    """Adds Bootstrap classes and marks invalid fields, so templates stay plain;
    every field gets `persian_field` (Persian empty choice, limits with a message)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            persian_field(field)
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                css = "form-check-input"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()

    def full_clean(self):
        super().full_clean()
        for name in self._errors or {}:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"
                widget.attrs["aria-invalid"] = "true"

    def add_error(self, field, error):
        # Every message beside a field passes here (Django's own validators'
        # too, whose Persian wording carries Latin digits): numbers in Persian.
        super().add_error(field, _persian_error(error))
        if field and field in self.fields:
            widget = self.fields[field].widget
            if "is-invalid" not in widget.attrs.get("class", ""):
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"
            widget.attrs["aria-invalid"] = "true"

    def add_service_errors(
        self, errors: ServiceError | dict[str, str], *, fields: dict[str, str] | None = None
    ) -> None:
        """Each of a refusal's messages beside its field (or above the form);
        `fields` names the form's field for a service's argument of another name
        (e.g. {"child": "code"}: the child is found by the code typed)."""
        if isinstance(errors, ServiceError):
            errors = errors.errors
        for field, message in errors.items():
            field = (fields or {}).get(field, field)
            self.add_error(field if field in self.fields else None, message)

    @contextmanager
    def showing_service_errors(self, *, fields: dict[str, str] | None = None) -> Iterator[None]:
        """Run a service; if it refuses, its messages land on this form (a service
        argument's message on the field `fields` maps it to) and the view goes on
        to render the form again with what was typed."""
        try:
            yield
        except ServiceError as e:
            self.add_service_errors(e, fields=fields)


class LabelWordForm(StyledForm):
    word = PersianCharField(label="واژه یا عبارت", max_length=100)
    reason = PersianCharField(label="چرا برچسب است", max_length=200)
