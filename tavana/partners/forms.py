"""What staff type on the partners' pages (any digit script, Jalali dates)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from tavana.accounts import roles
from tavana.core.forms import DigitsField, JalaliDateField, PersianCharField, StyledForm

from .domain import portfolio as engine
from .domain import projects as project_rules
from .models import Agreement, Axis, Indicator, Obligation, Organisation

NUMBER = "عدد وارد کنید."


def _staff():
    """Staff who may be responsible for an agreement or a project."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(role__in=(roles.PARTNER_ANALYST, roles.AUDITOR))
        .order_by("last_name", "first_name")
    )


class IntField(DigitsField):
    default_error_messages = {"invalid": NUMBER}

    def __init__(self, *args, min_value: int | None = 0, **kwargs):
        self.min_value = min_value
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            n = int(value.replace(",", "").replace("٬", ""))
        except ValueError:
            raise forms.ValidationError(NUMBER, code="invalid") from None
        if self.min_value is not None and n < self.min_value:
            raise forms.ValidationError("عدد نمی‌تواند منفی باشد.", code="min")
        return n


class DecimalText(DigitsField):
    """A decimal number typed with any digits and «٫» or «.» as the separator."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return float(value.replace("٫", ".").replace("/", ".").replace(",", ""))
        except ValueError:
            raise forms.ValidationError(NUMBER, code="invalid") from None


class OrganisationForm(StyledForm):
    code = forms.SlugField(label="کد (لاتین، یکتا)", max_length=40)
    name = PersianCharField(label="نام سازمان", max_length=200)
    kind = forms.ChoiceField(label="نوع", choices=[("", "—"), *Organisation.KIND_CHOICES])
    phone = DigitsField(label="تلفن", max_length=30, required=False)
    email = forms.CharField(label="رایانامه", max_length=120, required=False)
    address = PersianCharField(label="نشانی", max_length=300, required=False)
    description = PersianCharField(
        label="شرح همکاری", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    programmes = forms.ModelMultipleChoiceField(
        label="برنامه‌هایی که با آن‌ها سروکار دارد",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    active = forms.BooleanField(label="فعال", required=False, initial=True)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "programmes"
        ].queryset = Organisation.programmes.field.related_model.objects.all()
        if editing:
            del self.fields["code"]


class ContactForm(StyledForm):
    name = PersianCharField(label="نام رابط", max_length=150)
    position = PersianCharField(label="سمت", max_length=150, required=False)
    phone = DigitsField(label="تلفن", max_length=30, required=False)
    email = forms.CharField(label="رایانامه", max_length=120, required=False)


class AgreementForm(StyledForm):
    organisation = forms.ModelChoiceField(
        label="طرف همکاری", queryset=Organisation.objects.filter(active=True), empty_label="—"
    )
    kind = forms.ChoiceField(label="نوع", choices=Agreement.KIND_CHOICES)
    title = PersianCharField(label="عنوان", max_length=250)
    number = DigitsField(label="شماره", max_length=60, required=False)
    summary = PersianCharField(
        label="موضوع و هدف", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    center_signatory = PersianCharField(label="امضاکنندهٔ مرکز", max_length=150, required=False)
    partner_signatory = PersianCharField(
        label="امضاکنندهٔ طرف همکاری", max_length=150, required=False
    )
    starts_on = JalaliDateField(label="تاریخ آغاز")
    ends_on = JalaliDateField(label="تاریخ پایان (خالی: یک سال خورشیدی)", required=False)
    signed_on = JalaliDateField(label="تاریخ امضا (اگر امضا شده)", required=False)
    owner = forms.ModelChoiceField(label="کارشناس مسئول", queryset=None, empty_label="—")
    axes = forms.ModelMultipleChoiceField(
        label="محورها", queryset=Axis.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _staff()
        self.fields["owner"].label_from_instance = lambda u: u.display_name


class SignForm(StyledForm):
    signed_on = JalaliDateField(label="تاریخ امضا")


class ObligationForm(StyledForm):
    party = forms.ChoiceField(label="تعهد کدام طرف", choices=Obligation.PARTY_CHOICES)
    text = PersianCharField(label="تعهد", max_length=400)
    due_on = JalaliDateField(label="موعد", required=False)


class DocumentForm(StyledForm):
    title = PersianCharField(label="عنوان سند", max_length=200)
    file = forms.FileField(label="فایل (PDF، تصویر، Word یا Excel؛ تا ۱۰ مگابایت)")


class ProjectForm(StyledForm):
    title = PersianCharField(label="عنوان", max_length=250)
    description = PersianCharField(
        label="شرح", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    axis = forms.ModelChoiceField(label="محور", queryset=None, empty_label="—")
    horizon = forms.ChoiceField(label="افق", choices=[("", "—"), *project_rules.HORIZONS])
    owner = forms.ModelChoiceField(
        label="مسئول در مرکز", queryset=None, required=False, empty_label="—"
    )
    partner_owner = PersianCharField(label="مسئول در طرف همکاری", max_length=150, required=False)
    budget = IntField(label="بودجه (تومان)", required=False)
    staff_months = DecimalText(label="نیروی انسانی (نفر-ماه)", required=False)
    value = forms.TypedChoiceField(
        label="ارزش و اثر", coerce=int, choices=[(i, i) for i in range(1, 6)], initial=3
    )
    feasibility = forms.TypedChoiceField(
        label="شدنی بودن", coerce=int, choices=[(i, i) for i in range(1, 6)], initial=3
    )
    speed = forms.TypedChoiceField(
        label="زودبازدهی", coerce=int, choices=[(i, i) for i in range(1, 6)], initial=3
    )
    starts_on = JalaliDateField(label="تاریخ آغاز", required=False)
    ends_on = JalaliDateField(label="تاریخ پایان", required=False)  # fmt: skip

    def __init__(self, *args, agreement=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["axis"].queryset = agreement.axes.all() if agreement else Axis.objects.all()
        self.fields["owner"].queryset = _staff()
        self.fields["owner"].label_from_instance = lambda u: u.display_name
        for name in ("value", "feasibility", "speed"):
            self.fields[name].choices = [
                (i, str(i).translate(str.maketrans("12345", "۱۲۳۴۵"))) for i in range(1, 6)
            ]


class ProjectStatusForm(StyledForm):
    status = forms.ChoiceField(label="وضعیت تازه", choices=project_rules.STATUSES)
    reason = PersianCharField(label="دلیل", max_length=300, required=False)

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        if project is not None:
            allowed = project_rules.MOVES.get(project.status, set())
            self.fields["status"].choices = [c for c in project_rules.STATUSES if c[0] in allowed]


class MilestoneForm(StyledForm):
    title = PersianCharField(label="گام", max_length=250)
    due_on = JalaliDateField(label="موعد")


class MilestoneDoneForm(StyledForm):
    done_on = JalaliDateField(label="تاریخ انجام", required=False)
    note = PersianCharField(label="یادداشت", max_length=300, required=False)


class IndicatorForm(StyledForm):
    kind = forms.ChoiceField(label="نوع", choices=Indicator.KIND_CHOICES)
    name = PersianCharField(label="عنوان", max_length=250)
    unit = PersianCharField(label="واحد", max_length=50, required=False, initial="نفر")
    baseline = DecimalText(label="مقدار پایه", required=False)
    target = DecimalText(label="هدف")


class MeasurementForm(StyledForm):
    value = DecimalText(label="مقدار")
    measured_on = JalaliDateField(label="تاریخ")
    note = PersianCharField(label="توضیح", max_length=300, required=False)


class PortfolioForm(StyledForm):
    year = IntField(label="سال (خورشیدی)", min_value=1390)
    budget = IntField(label="بودجهٔ سال (تومان)")
    staff = DecimalText(label="نیروی انسانی در دسترس (نفر-ماه)")
    min_count = IntField(label="کمترین تعداد پروژه", initial=3)
    max_count = IntField(label="بیشترین تعداد پروژه", initial=4)
    cover_axes = IntField(label="دست‌کم چند محور پوشش داده شود (۰: مهم نیست)", initial=0)
    quick_only = forms.BooleanField(label="فقط پروژه‌های زودبازده", required=False, initial=True)
    w_value = DecimalText(label="وزن ارزش و اثر", initial=engine.DEFAULT_WEIGHTS["value"])
    w_feasibility = DecimalText(
        label="وزن شدنی بودن", initial=engine.DEFAULT_WEIGHTS["feasibility"]
    )
    w_speed = DecimalText(label="وزن زودبازدهی", initial=engine.DEFAULT_WEIGHTS["speed"])
    w_cost = DecimalText(label="وزن کم‌هزینگی", initial=engine.DEFAULT_WEIGHTS["cost"])

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["year"]

    def limits(self) -> dict:
        d = self.cleaned_data
        return {
            k: d.get(k)
            for k in ("budget", "staff", "min_count", "max_count", "cover_axes", "quick_only")
        }

    def weights(self) -> dict:
        return {k: self.cleaned_data.get(f"w_{k}") for k in engine.CRITERIA}


class DecisionForm(StyledForm):
    reason = PersianCharField(
        label="دلیل (اگر انتخاب شما با پیشنهاد فرق دارد)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
