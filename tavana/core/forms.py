"""Form fields that accept what people type in Iran and store plain values."""

from django import forms

from tavana.core.domain.jalali import InvalidDate, format_jalali, parse_jalali
from tavana.core.domain.persian_text import clean, to_ascii_digits


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


class StyledForm(forms.Form):
    """Adds Bootstrap classes and marks invalid fields, so templates stay plain."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
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
        super().add_error(field, error)
        if field and field in self.fields:
            widget = self.fields[field].widget
            if "is-invalid" not in widget.attrs.get("class", ""):
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"
            widget.attrs["aria-invalid"] = "true"
