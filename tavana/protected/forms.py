"""Forms of the protected programmes. They collect what was typed; rules that
need the database (clearance, duplicates, production workshops) live in services."""

from __future__ import annotations

from django import forms

from tavana.core.domain.identifiers import InvalidIdentifier, parse_national_code
from tavana.core.domain.jalali import jalali_today
from tavana.core.forms import DigitsField, JalaliDateField, PersianCharField, StyledForm
from tavana.training.models import Centre

from .models import (
    JALALI_MONTHS,
    CounsellingSession,
    FamilyContact,
    Participant,
    PrisonReferral,
    ReintegrationGoal,
)
from .services import MIN_REASON_LENGTH

MONTHS = list(enumerate(JALALI_MONTHS, start=1))
MONTH_NAMES = dict(MONTHS)


class NationalCodeField(DigitsField):
    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        try:
            return parse_national_code(value)
        except InvalidIdentifier as e:
            raise forms.ValidationError(str(e)) from e


def _centres(production_only: bool):
    qs = Centre.objects.select_related("district").order_by("district__number", "name")
    return qs.filter(has_production_workshop=True) if production_only else qs


class EnrolForm(StyledForm):
    national_code = NationalCodeField(label="کد ملی", max_length=20)
    joined_on = JalaliDateField(label="تاریخ ورود به برنامه")


class PrisonEnrolForm(EnrolForm):
    prison = PersianCharField(label="زندان / ندامتگاه معرف", max_length=150, required=False)
    letter_number = DigitsField(label="شمارهٔ نامهٔ معرفی", max_length=60)
    letter_date = JalaliDateField(label="تاریخ نامه")
    detention_type = forms.ChoiceField(label="نوع حبس", choices=PrisonReferral.DETENTION_CHOICES)
    expected_release = JalaliDateField(label="تاریخ پیش‌بینی‌شدهٔ آزادی", required=False)

    def referral(self) -> dict:
        keys = ("prison", "letter_number", "letter_date", "detention_type", "expected_release")
        return {k: self.cleaned_data[k] for k in keys}


class TrainingForm(StyledForm):
    title = PersianCharField(label="عنوان آموزش", max_length=150)
    centre = forms.ModelChoiceField(label="مرکز", queryset=Centre.objects.none(), required=False)
    started_on = JalaliDateField(label="شروع")
    ended_on = JalaliDateField(label="پایان", required=False)
    hours = forms.IntegerField(label="ساعت آموزش", min_value=0, max_value=2000, initial=0)
    completed = forms.BooleanField(label="به پایان رسید", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = _centres(False)


class PlacementForm(StyledForm):
    centre = forms.ModelChoiceField(label="واحد تولیدی", queryset=Centre.objects.none())
    work = PersianCharField(label="کار", max_length=150, required=False)
    started_on = JalaliDateField(label="شروع")
    ended_on = JalaliDateField(label="پایان", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = _centres(True)


class WageForm(StyledForm):
    year = forms.IntegerField(label="سال", min_value=1390, max_value=1499)
    month = forms.TypedChoiceField(label="ماه", choices=MONTHS, coerce=int)
    days_worked = forms.IntegerField(label="روزهای کار", min_value=0, max_value=31)
    hours = forms.DecimalField(
        label="ساعت کار", min_value=0, max_value=400, max_digits=6, decimal_places=1
    )
    wage_toman = forms.IntegerField(label="دستمزد (تومان)", min_value=0, max_value=10**12)
    paid_on = JalaliDateField(label="تاریخ پرداخت", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = jalali_today()
        self.fields["year"].initial = today.year
        self.fields["month"].initial = today.month


class SessionForm(StyledForm):
    held_on = JalaliDateField(label="تاریخ جلسه")
    kind = forms.ChoiceField(label="نوع جلسه", choices=CounsellingSession.KIND_CHOICES)
    minutes = forms.IntegerField(label="مدت (دقیقه)", min_value=5, max_value=600, initial=60)
    notes = PersianCharField(
        label="یادداشت", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ContactForm(StyledForm):
    contacted_on = JalaliDateField(label="تاریخ")
    who = PersianCharField(label="با چه کسی (نسبت و نام)", max_length=150)
    channel = forms.ChoiceField(label="شیوه", choices=FamilyContact.CHANNEL_CHOICES)
    outcome = PersianCharField(label="نتیجه", widget=forms.Textarea(attrs={"rows": 2}))


class ReunionForm(StyledForm):
    held_on = JalaliDateField(label="تاریخ")
    family_members = PersianCharField(label="اعضای خانواده", max_length=200)
    years_apart = forms.IntegerField(label="سال‌های دوری", min_value=0, max_value=80, required=False)
    description = PersianCharField(
        label="شرح", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class GoalForm(StyledForm):
    title = PersianCharField(label="هدف", max_length=200)
    status = forms.ChoiceField(label="وضعیت", choices=ReintegrationGoal.STATUS_CHOICES)
    target_date = JalaliDateField(label="تاریخ هدف", required=False)


class StatusForm(StyledForm):
    status = forms.ChoiceField(label="وضعیت", choices=Participant.STATUS_CHOICES)


class GoalStatusForm(StyledForm):
    status = forms.ChoiceField(label="وضعیت", choices=ReintegrationGoal.STATUS_CHOICES)


RECORD_FORMS = {
    "training": (TrainingForm, "ثبت آموزش"),
    "placement": (PlacementForm, "به‌کارگیری در واحد تولیدی"),
    "wage": (WageForm, "ثبت کارکرد و دستمزد یک ماه"),
    "session": (SessionForm, "ثبت جلسهٔ مشاوره"),
    "contact": (ContactForm, "ثبت تماس با خانواده"),
    "reunion": (ReunionForm, "ثبت دیدار و پیوند دوباره با خانواده"),
    "goal": (GoalForm, "افزودن هدف بازگشت به جامعه"),
}


class StatementForm(StyledForm):
    """A period of Jalali months: from year/month to year/month."""

    from_year = forms.IntegerField(label="از سال", min_value=1390, max_value=1499)
    from_month = forms.TypedChoiceField(label="از ماه", choices=MONTHS, coerce=int)
    to_year = forms.IntegerField(label="تا سال", min_value=1390, max_value=1499)
    to_month = forms.TypedChoiceField(label="تا ماه", choices=MONTHS, coerce=int)

    def clean(self):
        data = super().clean()
        keys = ("from_year", "from_month", "to_year", "to_month")
        if all(data.get(k) is not None for k in keys):
            if (data["to_year"], data["to_month"]) < (data["from_year"], data["from_month"]):
                self.add_error("to_month", "پایان دوره نباید پیش از آغاز آن باشد.")
            # a statement certifies work done: no month that has not begun
            today = jalali_today()
            if (data["to_year"], data["to_month"]) > (today.year, today.month):
                self.add_error(
                    "to_month",
                    "گواهی کارکرد برای ماهی که هنوز نیامده صادر نمی‌شود؛ "
                    "پایان دوره حداکثر ماه جاری است.",
                )
        return data


class EmergencyForm(StyledForm):
    national_code = NationalCodeField(label="کد ملی", max_length=20)
    reason = PersianCharField(
        label="دلیل دسترسی اضطراری",
        min_length=MIN_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="این دلیل همراه نام شما در دفتر رویدادها ثبت و به حسابرسان نشان داده می‌شود.",
    )
