from django import forms

from tavana.audit.labels import ACTION_LABELS
from tavana.audit.models import AuditEntry
from tavana.core.forms import JalaliDateField, PersianCharField, StyledForm


class AuditFilterForm(StyledForm):
    person = PersianCharField(label="فرد (نام، کد ملی یا شناسه)", required=False, max_length=100)
    user = PersianCharField(label="کارمند (نام یا نام کاربری)", required=False, max_length=100)
    action = forms.ChoiceField(label="کنش", required=False, choices=())
    kind = forms.ChoiceField(
        label="نوع", required=False, choices=[("", "همه")] + AuditEntry.KIND_CHOICES
    )
    start = JalaliDateField(label="از تاریخ", required=False)
    end = JalaliDateField(label="تا تاریخ", required=False)

    def __init__(self, *args, hidden: str | tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        # actions by their Persian names, not their codes (less those the reader
        # may not see: the protected programmes' for all but the auditor)
        labels = sorted(
            ((code, label) for code, label in ACTION_LABELS.items() if not code.startswith(hidden)),
            key=lambda kv: kv[1],
        )
        self.fields["action"].choices = [("", "همه")] + labels

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "«تا تاریخ» نباید پیش از «از تاریخ» باشد.")
        return data
