"""Her correction request and consent withdrawal: what she types, parsed."""

from django import forms

from tavana.core.forms import PersianCharField, StyledForm
from tavana.people.services_herself import REASON_MAX, SELF_FIELD_CHOICES


class CorrectionForm(StyledForm):
    field = forms.ChoiceField(
        label="چه چیزی درست نیست؟",
        choices=[("", "— برگزینید —"), *SELF_FIELD_CHOICES],
        error_messages={"required": "برگزینید کدام مورد باید درست شود."},
    )
    value = forms.CharField(
        label="مقدار درست",
        max_length=300,
        error_messages={
            "required": "مقدار درست را بنویسید.",
            "max_length": "بیش از ۳۰۰ نویسه است؛ کوتاه‌تر بنویسید.",
        },
        help_text="تاریخ را به شکل ۱۳۶۵/۰۴/۱۲ و منطقه را با شماره‌اش بنویسید.",
    )
    reason = PersianCharField(
        label="چرا باید اصلاح شود؟",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "بنویسید چرا این مورد باید اصلاح شود.",
            "max_length": "توضیح بیش از ۵۰۰ نویسه است؛ کوتاه‌تر بنویسید.",
        },
        help_text="مثلاً «در شناسنامه‌ام این‌طور نوشته شده است». کارشناس مرکز آن را می‌خواند.",
    )
