from django import forms

from tavana.core.forms import PersianCharField, StyledForm

from .models import SupportLevel


class LevelForm(StyledForm):
    code = forms.CharField(
        label="کد (لاتین، یکتا)", max_length=30, widget=forms.TextInput(attrs={"dir": "ltr"})
    )
    name = PersianCharField(label="نام سطح", max_length=100)
    description = PersianCharField(label="توضیح", max_length=300, required=False)
    reassess_months = forms.IntegerField(
        widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
        label="ارزیابی دوباره پس از (ماه)",
        min_value=1,
        max_value=36,
        error_messages={
            "min_value": "فاصلهٔ ارزیابی دوباره باید از ۱ تا ۳۶ ماه باشد.",
            "max_value": "فاصلهٔ ارزیابی دوباره باید از ۱ تا ۳۶ ماه باشد.",
            "invalid": "عدد ماه را بنویسید.",
            "required": "عدد ماه را بنویسید.",
        },
    )
    after = forms.ModelChoiceField(
        label="جای آن: بالای سطح", queryset=SupportLevel.objects.none(), required=False,
        empty_label="— (پایین‌ترین سطح)",
    )  # fmt: skip
    active = forms.BooleanField(label="فعال", required=False, initial=True)

    def __init__(self, *args, adding: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if adding:
            self.fields["after"].queryset = SupportLevel.objects.all()
            del self.fields["active"]
        else:
            del self.fields["code"], self.fields["after"]
