from django import forms

from tavana.core.forms import NumberTextInput, PersianCharField, StyledForm

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


class ThresholdsForm(StyledForm):
    note = PersianCharField(label="چرا تغییر می‌کند", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .domain.assessment import Thresholds

        for name, label in Thresholds.LABELS.items():
            self.fields[name] = forms.DecimalField(
                label=label,
                min_value=0.01,
                max_value=1,
                decimal_places=2,
                localize=False,
                widget=NumberTextInput({"class": "form-control"}, decimal=True),
                error_messages={
                    "min_value": "عددی میان ۰ و ۱ بنویسید (مثلاً ۰٫۶).",
                    "max_value": "عددی میان ۰ و ۱ بنویسید (مثلاً ۰٫۶).",
                    "invalid": "عددی میان ۰ و ۱ بنویسید (مثلاً ۰٫۶).",
                    "max_decimal_places": "حداکثر دو رقم اعشار.",
                    "required": "این آستانه را بنویسید.",
                },
            )
        self.order_fields([*Thresholds.LABELS, "note"])

    def _clean_fields(self):
        from tavana.core.domain.persian_text import to_ascii_digits

        if self.is_bound:
            data = self.data.copy()
            for name in self.fields:
                if name in data:
                    data[name] = to_ascii_digits(data[name]).replace("٫", ".").replace("/", ".")
            self.data = data
        super()._clean_fields()


class QuestionForm(StyledForm):
    text = PersianCharField(label="متن پرسش", max_length=300)
    domain = forms.ChoiceField(label="حوزه")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from tavana.core.domain.persian_text import to_persian_digits

        from .domain.assessment import DOMAINS

        self.fields["domain"].choices = [("", "—"), *DOMAINS]
        for i in range(1, 5):
            self.fields[f"option_{i}"] = PersianCharField(
                label=f"پاسخ {to_persian_digits(i)}", max_length=200, required=i <= 2
            )
            self.fields[f"score_{i}"] = forms.TypedChoiceField(
                label=f"امتیاز نیاز پاسخ {to_persian_digits(i)} (۰ بی‌نیاز تا ۳ نیاز شدید)",
                choices=[(s, to_persian_digits(s)) for s in range(4)],
                coerce=int,
                required=False,
            )
        for f in self.fields.values():
            css = "form-select" if isinstance(f.widget, forms.Select) else "form-control"
            f.widget.attrs.setdefault("class", css)

    def question_data(self) -> dict:
        d = self.cleaned_data
        return {
            "text": d["text"],
            "domain": d["domain"],
            "options": [(d.get(f"option_{i}") or "", d.get(f"score_{i}")) for i in range(1, 5)],
        }


class ServiceTypeForm(StyledForm):
    code = forms.CharField(
        label="کد (لاتین، یکتا)", max_length=40, widget=forms.TextInput(attrs={"dir": "ltr"})
    )
    name = PersianCharField(label="نام خدمت", max_length=150)
    programme = forms.ModelChoiceField(label="برنامه", queryset=None, empty_label="—")
    org_unit = forms.ModelChoiceField(
        label="واحد سازمانی", queryset=None, required=False, empty_label="—"
    )
    default_unit = forms.ChoiceField(label="واحد شمارش")
    active = forms.BooleanField(label="فعال", required=False, initial=True)

    def __init__(self, *args, adding: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        from tavana.accounts.models import OrgUnit

        from .models import Programme, ServiceType

        self.fields["programme"].queryset = Programme.objects.filter(active=True)
        self.fields["org_unit"].queryset = OrgUnit.objects.filter(active=True)
        self.fields["default_unit"].choices = ServiceType.UNIT_CHOICES
        if not adding:
            del self.fields["code"]


class ProgrammeUnitForm(StyledForm):
    org_unit = forms.ModelChoiceField(label="واحد سازمانی", queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from tavana.accounts.models import OrgUnit

        self.fields["org_unit"].queryset = OrgUnit.objects.filter(active=True)
