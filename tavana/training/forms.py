"""Forms of the training pages: they parse what people type; services check the rest."""

from __future__ import annotations

from django import forms

from tavana.accounts import roles
from tavana.accounts.models import OrgUnit, User
from tavana.core.domain.jalali import InvalidDate, parse_jalali
from tavana.core.domain.persian_text import to_ascii_digits
from tavana.core.forms import DigitsField, JalaliDateField, PersianCharField, StyledForm

from .domain.schedule import WEEKDAYS
from .models import Centre, Course


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs={"dir": "ltr", **(attrs or {})}, format="%H:%M")


class CourseForm(StyledForm):
    title = PersianCharField(label="عنوان دوره", max_length=200)
    kind = forms.ChoiceField(label="نوع", choices=Course.KIND_CHOICES)
    centre = forms.ModelChoiceField(label="مرکز", queryset=Centre.objects.none())
    trainer = forms.ModelChoiceField(label="مربی", queryset=User.objects.none())
    capacity = forms.IntegerField(label="ظرفیت (نفر)", min_value=1, max_value=500)
    first_date = JalaliDateField(label="تاریخ نخستین جلسه")
    weekdays = forms.TypedMultipleChoiceField(
        label="روزهای برگزاری",
        choices=[(str(n), label) for n, label in WEEKDAYS],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    session_count = forms.IntegerField(label="تعداد جلسه‌ها", min_value=1, max_value=120)
    start_time = forms.TimeField(label="ساعت شروع", widget=TimeInput)
    end_time = forms.TimeField(label="ساعت پایان", widget=TimeInput)
    threshold = forms.IntegerField(
        label="حداقل حضور برای گواهی (درصد)", min_value=1, max_value=100, initial=75
    )
    service = forms.ModelChoiceField(
        label="خدمت ثبت‌شده برای پایان‌دهندگان", queryset=None, required=False
    )
    prerequisites = forms.ModelMultipleChoiceField(
        label="پیش‌نیاز (دوره‌هایی که باید پیش‌تر گذرانده باشد)",
        queryset=Course.objects.none(),
        required=False,
    )
    description = PersianCharField(label="توضیح", max_length=300, required=False)
    org_unit = forms.ModelChoiceField(
        label="واحد سازمانی مسئول",
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label="— واحد خدمت یا مرکز —",
    )

    def __init__(self, *args, centres=None, prerequisites=None, **kwargs):
        from tavana.casework.models import ServiceType

        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres.filter(status=Centre.ACTIVE)
        self.fields["trainer"].queryset = User.objects.filter(
            role=roles.TRAINER, is_active=True
        ).order_by("last_name", "first_name")
        self.fields["trainer"].label_from_instance = lambda u: u.display_name
        self.fields["service"].queryset = ServiceType.objects.filter(
            programme__code__in=["skills", "business"], active=True
        )
        if prerequisites is not None:
            self.fields["prerequisites"].queryset = prerequisites.select_related("centre")
        self.fields["prerequisites"].label_from_instance = lambda c: c.distinct_label
        self.fields["weekdays"].widget.attrs["class"] = "form-check-input"
        self.fields["org_unit"].queryset = OrgUnit.objects.filter(active=True)


class CentreForm(StyledForm):
    status = forms.ChoiceField(label="وضعیت", choices=Centre.STATUS_CHOICES)
    rooms = forms.IntegerField(label="تعداد کلاس/کارگاه", min_value=0, max_value=200)
    capacity = forms.IntegerField(label="ظرفیت هم‌زمان (نفر)", min_value=0, max_value=2000)
    has_production_workshop = forms.BooleanField(label="کارگاه تولیدی دارد", required=False)
    facilities = PersianCharField(label="امکانات", max_length=300, required=False)
    address = PersianCharField(label="نشانی", max_length=300, required=False)


class ProjectForm(StyledForm):
    title = PersianCharField(label="عنوان پروژه", max_length=200)
    budget_toman = DigitsField(label="بودجه (تومان)", max_length=15)
    start_date = JalaliDateField(label="تاریخ شروع", required=False)
    end_date = JalaliDateField(label="تاریخ پایان برنامه‌ریزی‌شده", required=False)
    milestones = forms.CharField(
        label="مرحله‌ها (هر خط: عنوان | تاریخ)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "تخریب و آماده‌سازی | ۱۴۰۳/۰۴/۰۱"}),
    )

    def clean_budget_toman(self):
        value = (self.cleaned_data.get("budget_toman") or "").replace(",", "").replace("٬", "")
        if not value.isdigit():
            raise forms.ValidationError("بودجه را با رقم و به تومان وارد کنید.")
        return int(value)

    def clean_milestones(self):
        out = []
        for n, line in enumerate((self.cleaned_data.get("milestones") or "").splitlines(), 1):
            if not line.strip():
                continue
            title, _, date = line.partition("|")
            try:
                due = parse_jalali(to_ascii_digits(date.strip()))
            except InvalidDate as e:
                raise forms.ValidationError(f"خط {n}: {e.message}") from e
            if not title.strip():
                raise forms.ValidationError(f"خط {n}: عنوان مرحله را بنویسید.")
            out.append((title.strip(), due))
        return out


class CapacityForm(StyledForm):
    capacity = forms.IntegerField(label="ظرفیت تازه", min_value=1, max_value=500)


class CourseUnitForm(StyledForm):
    org_unit = forms.ModelChoiceField(
        label="واحد سازمانی مسئول", queryset=OrgUnit.objects.none(), empty_label="—"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = OrgUnit.objects.filter(active=True)


class CentreMoveForm(StyledForm):
    org_unit = forms.ModelChoiceField(
        label="واحد سازمانی تازه", queryset=OrgUnit.objects.none(), empty_label="—"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = OrgUnit.objects.filter(active=True)
