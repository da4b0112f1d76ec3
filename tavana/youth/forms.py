"""What staff type on the youth pages (any digit script, Jalali dates, marks with
«٫» or «/»). Marks stay text here: the service parses them and names each bad one."""

from __future__ import annotations

from django import forms

from tavana.core.forms import DigitsField, JalaliDateField, PersianCharField, StyledForm

from .domain import academic
from .domain import early_warning as ew
from .models import Intervention, School, SchoolType

NUMBER = "عدد وارد کنید."


def _year_choices():
    from .services.common import today

    this = academic.academic_year_of(today())
    return [(y, academic.academic_year_label(y)) for y in range(this + 1, this - 6, -1)]


class SchoolForm(StyledForm):
    name = PersianCharField(label="نام مدرسه", max_length=200)
    school_type = forms.ModelChoiceField(
        label="نوع مدرسه", queryset=SchoolType.objects.filter(active=True), empty_label="—"
    )
    district = forms.ModelChoiceField(label="منطقه", queryset=None, required=False, empty_label="—")
    code = DigitsField(label="کد مدرسه (اختیاری)", max_length=20, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from tavana.core.models import District

        self.fields["district"].queryset = District.objects.all()


class SchoolYearForm(StyledForm):
    year = forms.TypedChoiceField(label="سال تحصیلی", coerce=int, choices=())
    grade = forms.TypedChoiceField(
        label="پایه", coerce=int, choices=[("", "—"), *academic.GRADE_CHOICES]
    )
    school = forms.ModelChoiceField(
        label="مدرسه", queryset=School.objects.filter(active=True), empty_label="—"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()


class TransferForm(StyledForm):
    to_school = forms.ModelChoiceField(
        label="مدرسهٔ مقصد", queryset=School.objects.filter(active=True), empty_label="—"
    )
    on = JalaliDateField(label="تاریخ انتقال")
    reason = PersianCharField(label="دلیل انتقال", max_length=300, required=False)


class TermResultForm(StyledForm):
    """Average (or a descriptive grade for primary years), core marks, absences."""

    year = forms.TypedChoiceField(label="سال تحصیلی", coerce=int, choices=())
    term = forms.TypedChoiceField(label="نوبت", coerce=int, choices=academic.TERM_CHOICES)
    average = forms.CharField(label="معدل (۰ تا ۲۰)", required=False)
    descriptive = forms.ChoiceField(
        label="ارزشیابی توصیفی (ابتدایی)",
        required=False,
        choices=[("", "—"), *academic.DESCRIPTIVE_CHOICES],
    )
    absences = forms.CharField(label="روزهای غیبت در این نوبت", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()
        for code, name in academic.CORE_SUBJECTS.items():
            self.fields[f"mark_{code}"] = forms.CharField(label=f"نمرهٔ {name}", required=False)
            self.fields[f"mark_{code}"].widget.attrs.update(
                {"class": "form-control", "inputmode": "decimal", "dir": "ltr"}
            )
        for name in ("average", "absences"):
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "dir": "ltr"})

    def values(self) -> dict:
        d = self.cleaned_data
        return {
            "year": d["year"],
            "term": d["term"],
            "average": d.get("average"),
            "descriptive": d.get("descriptive"),
            "absences": d.get("absences"),
            "marks": {c: d.get(f"mark_{c}") for c in academic.CORE_SUBJECTS},
        }


class InterventionForm(StyledForm):
    kind = forms.ChoiceField(label="نوع اقدام", choices=[("", "—"), *Intervention.KIND_CHOICES])
    partner = forms.ModelChoiceField(
        label="سازمان همکار (برای ارجاع)", queryset=None, required=False, empty_label="—"
    )
    started_on = JalaliDateField(label="تاریخ شروع")
    note = PersianCharField(label="توضیح", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # a string foreign key's model: no import of the partners context's models
        self.fields["partner"].queryset = Intervention._meta.get_field(
            "partner"
        ).related_model.objects.filter(active=True)


class IndicatorForm(StyledForm):
    threshold = DigitsField(label="آستانه", max_length=10)
    severity = forms.TypedChoiceField(
        label="شدت", coerce=int, choices=list(ew.SEVERITY_LABELS.items())
    )
    active = forms.BooleanField(label="فعال", required=False)
