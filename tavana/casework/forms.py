"""Casework forms: they collect what was typed; the services check it and their
Persian messages are shown beside each field."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone

from tavana.core.domain.persian_text import to_ascii_digits
from tavana.core.forms import JalaliDateField, PersianCharField, StyledForm

from .domain import stages
from .domain.assessment import DOMAIN_LABELS
from .models import CaseNote, Delivery, Programme, Referral, ServiceType, SupportLevel


def _centres():
    """The Kowsar centres, found through casework's own foreign key to them:
    training builds on casework, so casework never imports training."""
    return Delivery._meta.get_field("centre").related_model.objects


def _partners():
    """The partner organisations, through the referral's foreign key to them:
    the partners context builds on casework, so casework never imports it."""
    return Referral._meta.get_field("to_partner").related_model.objects


def _level_choices(blank: str = "—"):
    return [("", blank)] + [(lv.code, lv.name) for lv in SupportLevel.objects.filter(active=True)]


class AssessmentForm(StyledForm):
    assessed_on = JalaliDateField(label="تاریخ ارزیابی")
    decided_level = forms.ChoiceField(label="سطح تعیین‌شده", required=False)
    override_reason = PersianCharField(
        label="دلیل تغییر پیشنهاد",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="اگر سطحی غیر از پیشنهاد سامانه انتخاب می‌کنید.",
    )
    reassess_on = JalaliDateField(
        label="تاریخ ارزیابی دوباره",
        required=False,
        help_text="خالی بگذارید تا بر پایهٔ سطح تعیین شود.",
    )

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.fields["decided_level"].choices = _level_choices("همان سطح پیشنهادی سامانه")
        self.initial.setdefault("assessed_on", timezone.localdate())
        for q in self.questions:
            name = f"q_{q.pk}"
            self.fields[name] = forms.ChoiceField(
                label=q.text,
                required=False,
                choices=[(str(o.pk), o.text) for o in q.options.all()],
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )
            self.fields[name].domain = DOMAIN_LABELS.get(q.domain, q.domain)

    def clean(self):
        data = super().clean()
        for q in self.questions:  # named together with the other fields' errors
            name = f"q_{q.pk}"
            if name not in self.errors and not data.get(name):
                self.add_error(name, "به این پرسش پاسخ دهید.")
        return data

    def question_fields(self):
        return [self[f"q_{q.pk}"] for q in self.questions]

    def other_fields(self):
        return [self[n] for n in ("assessed_on", "decided_level", "override_reason", "reassess_on")]

    def answers(self) -> dict[int, int | None]:
        out = {}
        for q in self.questions:
            raw = (self.cleaned_data.get(f"q_{q.pk}") if self.is_bound else None) or ""
            out[q.pk] = int(raw) if str(raw).isdigit() else None
        return out


class LevelChangeForm(StyledForm):
    level = forms.ChoiceField(label="سطح جدید")
    date = JalaliDateField(label="تاریخ تغییر")
    reason = PersianCharField(
        label="دلیل",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="برای پایین‌آوردن سطح یا جابه‌جایی چندگامی لازم است.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = _level_choices()
        self.initial.setdefault("date", timezone.localdate())


class QuantityField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return Decimal(to_ascii_digits(value).replace("٫", ".").replace("/", ".").strip())
        except InvalidOperation as e:
            raise forms.ValidationError("مقدار باید عدد باشد، مثلاً ۲ یا ۱٫۵.") from e


class DeliveryForm(StyledForm):
    service = forms.ModelChoiceField(
        label="خدمت", queryset=ServiceType.objects.none(), required=False, empty_label="—"
    )
    delivered_on = JalaliDateField(label="تاریخ ارائه", required=False)
    quantity = QuantityField(
        label="مقدار", required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    unit = forms.ChoiceField(
        label="واحد",
        required=False,
        choices=[("", "واحد پیش‌فرض خدمت")] + ServiceType.UNIT_CHOICES,
    )
    centre = forms.ModelChoiceField(label="مرکز", queryset=None, required=False, empty_label="—")
    note = PersianCharField(label="توضیح", required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = ServiceType.objects.filter(active=True).select_related(
            "programme"
        )
        self.fields["service"].label_from_instance = lambda s: f"{s.name} ({s.programme.name})"
        self.fields["centre"].queryset = _centres().select_related("district")
        self.initial.setdefault("delivered_on", timezone.localdate())
        self.initial.setdefault("quantity", "1")


class EnrolmentForm(StyledForm):
    programme = forms.ModelChoiceField(
        label="برنامه", queryset=Programme.objects.none(), required=False, empty_label="—"
    )
    stage = forms.ChoiceField(label="مرحله", choices=stages.STAGES)
    date = JalaliDateField(label="تاریخ", required=False)
    reason = PersianCharField(label="توضیح / دلیل", required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.filter(active=True)
        self.initial.setdefault("date", timezone.localdate())


class NoteForm(StyledForm):
    text = PersianCharField(
        label="متن یادداشت", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    sensitivity = forms.ChoiceField(
        label="محرمانگی",
        choices=CaseNote.SENSITIVITY_CHOICES,
        initial=CaseNote.NORMAL,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, cleared: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not cleared:
            self.fields["sensitivity"].choices = [(CaseNote.NORMAL, "عادی")]


class GoalForm(StyledForm):
    title = PersianCharField(label="هدف", required=False, max_length=200)
    target_date = JalaliDateField(label="تاریخ هدف", required=False)
    action = PersianCharField(label="نخستین اقدام", required=False, max_length=300)
    follow_up_on = JalaliDateField(label="تاریخ پیگیری اقدام", required=False)


class ActionForm(StyledForm):
    description = PersianCharField(label="اقدام", required=False, max_length=300)
    follow_up_on = JalaliDateField(label="تاریخ پیگیری", required=False)


class ActionDoneForm(StyledForm):
    outcome = PersianCharField(label="نتیجهٔ پیگیری", required=False, max_length=300)
    done_on = JalaliDateField(label="تاریخ انجام", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("done_on", timezone.localdate())


class ReferralForm(StyledForm):
    kind = forms.ChoiceField(
        label="نوع",
        choices=stages.KINDS,
        initial=stages.REFER,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    to_partner = forms.ModelChoiceField(
        label="سازمان همکار", queryset=None, required=False,
        empty_label="—",
    )  # fmt: skip
    to_worker = forms.ModelChoiceField(
        label="مددکار", queryset=None, required=False, empty_label="—"
    )
    to_centre = forms.ModelChoiceField(
        label="مرکز کوثر", queryset=None, required=False, empty_label="—"
    )
    service = forms.ModelChoiceField(
        label="خدمت درخواستی", queryset=ServiceType.objects.none(), required=False, empty_label="—"
    )
    request = PersianCharField(
        label="شرح درخواست", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_up_on = JalaliDateField(label="تاریخ پیگیری", required=False)

    def __init__(self, *args, workers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_partner"].queryset = _partners().filter(active=True)
        self.fields["to_worker"].queryset = workers
        self.fields["to_worker"].label_from_instance = lambda u: u.display_name
        self.fields["to_centre"].queryset = _centres().all()
        self.fields["service"].queryset = ServiceType.objects.filter(active=True)


class RespondForm(StyledForm):
    status = forms.ChoiceField(
        label="پاسخ", widget=forms.RadioSelect(attrs={"class": "form-check-input"})
    )
    answer = PersianCharField(
        label="متن پاسخ / دلیل", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, referral=None, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = stages.REFERRAL_MOVES.get(referral.kind, {}).get(referral.status, set())
        self.fields["status"].choices = [
            (code, label) for code, label in stages.STATUSES if code in allowed
        ]


class IncomingReferralForm(StyledForm):
    from_partner = forms.ModelChoiceField(label="سازمان معرفی‌کننده", queryset=None, empty_label="—")
    service = forms.ModelChoiceField(
        label="خدمت درخواستی", queryset=ServiceType.objects.none(), required=False, empty_label="—"
    )
    request = PersianCharField(
        label="شرح معرفی‌نامه", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    received_on = JalaliDateField(label="تاریخ دریافت", required=False)
    follow_up_on = JalaliDateField(label="تاریخ پیگیری", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_partner"].queryset = _partners().filter(active=True)
        self.fields["service"].queryset = ServiceType.objects.filter(active=True)


class OtherSupportForm(StyledForm):
    organisation = forms.ModelChoiceField(label="سازمان", queryset=None, empty_label="—")
    support = PersianCharField(label="چه حمایتی می‌کند", max_length=300, required=False)
    since = JalaliDateField(label="از تاریخ", required=False)
    until = JalaliDateField(label="تا تاریخ", required=False)
    consent = forms.BooleanField(
        label="خود او رضایت داد که این حمایت در پرونده‌اش ثبت شود",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _partners().filter(active=True)
