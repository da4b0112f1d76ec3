from django import forms

from tavana.audit.models import AuditEntry
from tavana.core.forms import DigitsField, JalaliDateField, PersianCharField, StyledForm


class AuditFilterForm(StyledForm):
    person = DigitsField(label="شناسهٔ فرد", required=False)
    user = PersianCharField(label="نام کاربری", required=False)
    action = PersianCharField(label="کنش", required=False)
    kind = forms.ChoiceField(
        label="نوع", required=False, choices=[("", "همه")] + AuditEntry.KIND_CHOICES
    )
    start = JalaliDateField(label="از تاریخ", required=False)
    end = JalaliDateField(label="تا تاریخ", required=False)

    def clean_person(self):
        value = self.cleaned_data.get("person")
        if value and not value.isdigit():
            raise forms.ValidationError("شناسهٔ فرد باید عدد باشد.")
        return int(value) if value else None

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "«تا تاریخ» نباید پیش از «از تاریخ» باشد.")
        return data
