"""What staff type on the programme pages: gifted-school applications and their
support, teen programmes, talent screening."""

from __future__ import annotations

from django import forms

from tavana.core.forms import DigitsField, JalaliDateField, PersianCharField, StyledForm

from ..forms import _year_choices
from ..models import School
from .models import (
    DOMAIN_CHOICES,
    BudgetLine,
    GiftedApplication,
    ParentConsent,
    SupportGrant,
    TalentRound,
    TeenFollowUp,
)

NUMBER = "عدد وارد کنید."


class IntText(DigitsField):
    default_error_messages = {"invalid": NUMBER}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return int(value.replace(",", "").replace("٬", ""))
        except ValueError:
            raise forms.ValidationError(NUMBER, code="invalid") from None


class ApplicationForm(StyledForm):
    exam = forms.ChoiceField(label="آزمون", choices=[("", "—"), *GiftedApplication.EXAM_CHOICES])
    year = forms.TypedChoiceField(label="سال تحصیلی ورود", coerce=int, choices=())
    grade = forms.TypedChoiceField(
        label="پایهٔ ورود", coerce=int, choices=[(4, "چهارم"), (7, "هفتم"), (10, "دهم")]
    )
    registered_on = JalaliDateField(label="تاریخ ثبت‌نام در آزمون")
    registration_code = DigitsField(label="کد ثبت‌نام آزمون", max_length=30, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()


class ApplicationResultForm(StyledForm):
    status = forms.ChoiceField(
        label="نتیجه",
        choices=[("", "—"), *[c for c in GiftedApplication.STATUS_CHOICES if c[0] != "applied"]],
    )
    school = forms.ModelChoiceField(
        label="مدرسهٔ محل قبولی",
        queryset=School.objects.filter(school_type__selective=True),
        required=False,
        empty_label="—",
    )
    result_on = JalaliDateField(label="تاریخ اعلام نتیجه", required=False)


class GrantForm(StyledForm):
    kind = forms.ChoiceField(label="بابت", choices=[("", "—"), *SupportGrant.KIND_CHOICES])
    amount_toman = IntText(label="مبلغ (تومان)")
    budget_line = forms.ModelChoiceField(
        label="ردیف بودجه", queryset=BudgetLine.objects.filter(active=True), empty_label="—"
    )
    sheba = forms.CharField(label="شبای حساب مادر", max_length=40)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sheba"].widget.attrs.update({"dir": "ltr", "placeholder": "IR…"})


class DecisionForm(StyledForm):
    note = PersianCharField(label="توضیح (برای رد لازم است)", max_length=300, required=False)


class BudgetLineForm(StyledForm):
    code = forms.SlugField(label="کد ردیف", max_length=40)
    name = PersianCharField(label="عنوان", max_length=200)
    year = IntText(label="سال (شمسی)")
    amount_toman = IntText(label="اعتبار (تومان)")


class BudgetLineEditForm(StyledForm):
    """A line's code stays (payment files name it); the rest can change."""

    name = PersianCharField(label="عنوان", max_length=200)
    year = IntText(label="سال (شمسی)")
    amount_toman = IntText(label="اعتبار (تومان)")
    active = forms.BooleanField(label="پیشنهاد تازه می‌پذیرد", required=False)


class TeenProgrammeForm(StyledForm):
    course = forms.ModelChoiceField(
        label="دورهٔ نوجوانان",
        queryset=None,
        required=False,
        empty_label="— دورهٔ تازه (پایین) —",
        help_text="دوره‌ای از آموزش که هنوز برنامه نشده؛ یا خالی بگذارید و دورهٔ تازه را "
        "همین‌جا زمان‌بندی کنید.",
    )
    theme = forms.ChoiceField(
        label="محور",
        choices=[
            ("", "—"),
            ("entrepreneurship", "کارآفرینی"),
            ("innovation", "نوآوری"),
            ("startup", "استارتاپ"),
        ],
    )
    min_age = IntText(label="کمترین سن", initial=12)
    max_age = IntText(label="بیشترین سن", initial=19)
    showcase_on = JalaliDateField(label="تاریخ نمایش پایانی", required=False)
    showcase_place = PersianCharField(label="محل نمایش پایانی", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import TeenProgramme

        course_model = TeenProgramme._meta.get_field("course").related_model
        self.fields["course"].queryset = course_model.objects.filter(
            kind="teen", teen_programme__isnull=True
        ).order_by("-first_date")


def teen_course_form(*args, actor, **kwargs):
    """Training's own course form, for a teen course scheduled from the programme
    page (its sessions, attendance and certificates are training's); offered to
    those who may schedule courses at a centre of theirs."""
    from tavana.accounts.access import user_can
    from tavana.training.forms import CourseForm
    from tavana.training.selectors import centre_scope

    if not user_can(actor, "training.manage"):
        return None

    class TeenCourseForm(CourseForm):
        def __init__(self, *a, **kw):
            super().__init__(*a, centres=centre_scope(actor=actor), **kw)
            for name in ("kind", "service", "prerequisites", "org_unit", "description"):
                self.fields.pop(name)

    return TeenCourseForm(*args, prefix="c", **kwargs)


class TeenEnrolForm(StyledForm):
    code = DigitsField(label="کد ملی نوجوان", max_length=10)
    method = forms.ChoiceField(
        label="رضایت مادر", required=False,
        choices=[("", "— (پیش‌تر ثبت شده)"), *ParentConsent.METHOD_CHOICES],
    )  # fmt: skip
    given_on = JalaliDateField(label="تاریخ رضایت", required=False)


class TeamForm(StyledForm):
    name = PersianCharField(label="نام گروه", max_length=100)
    project = PersianCharField(label="پروژه", max_length=200)
    members = forms.ModelMultipleChoiceField(
        label="اعضا", queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = people
        self.fields["members"].label_from_instance = lambda p: p.full_name


class FollowUpForm(StyledForm):
    code = DigitsField(label="کد ملی نوجوان", max_length=10)
    choice = forms.ChoiceField(label="انتخاب او", choices=[("", "—"), *TeenFollowUp.CHOICE_CHOICES])
    detail = PersianCharField(label="جزئیات", max_length=200, required=False)


class TalentRoundForm(StyledForm):
    title = PersianCharField(label="عنوان", max_length=200)
    domain = forms.ChoiceField(label="حوزه", choices=[("", "—"), *DOMAIN_CHOICES])
    method = forms.ChoiceField(label="روش", choices=[("", "—"), *TalentRound.METHOD_CHOICES])
    instrument = PersianCharField(label="آزمون یا ابزار مشاهده", max_length=200)
    held_on = JalaliDateField(label="تاریخ برگزاری")
    cutoff = IntText(label="حد نصاب استعداد (از ۱۰۰)", initial=80)


class TalentResultForm(StyledForm):
    code = DigitsField(label="کد ملی کودک", max_length=10)
    score = IntText(label="امتیاز (از ۱۰۰)")
    note = PersianCharField(label="توضیح", max_length=300, required=False)


class ReferForm(StyledForm):
    partner = forms.ModelChoiceField(label="مرکز آموزشی همکار", queryset=None, empty_label="—")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import TalentResult

        model = TalentResult._meta.get_field("referred_to").related_model
        self.fields["partner"].queryset = model.objects.filter(active=True)
