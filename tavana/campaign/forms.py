"""Forms of the campaign. The public sign-up form keeps every value on an error
and says, beside each field, in Persian, what to fix."""

from __future__ import annotations

import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing

from tavana.accounts import roles
from tavana.accounts.models import User
from tavana.businesses.models import Category
from tavana.core.domain.identifiers import InvalidIdentifier, parse_mobile
from tavana.core.domain.persian_text import to_ascii_digits
from tavana.core.forms import DigitsField, JalaliDateField, PersianCharField, StyledForm
from tavana.core.models import District

from .domain import pipeline
from .models import Mentor, SignUp

TOKEN_SALT = "tavana.campaign.signup-form"
YES_NO = [("yes", "بله"), ("no", "خیر")]


def min_fill_seconds() -> float:
    return float(getattr(settings, "TAVANA_CAMPAIGN_MIN_FILL_SECONDS", 4))


def form_token() -> str:
    """A signed timestamp of when the form was shown, with a random nonce that makes
    it single-use (checked on submit; `services.form_token_spent`)."""
    return signing.TimestampSigner(salt=TOKEN_SALT).sign(f"signup-{secrets.token_hex(8)}")


def _required(label: str) -> dict:
    return {"required": f"{label} را وارد کنید."}


class SignUpForm(StyledForm):
    first_name = PersianCharField(label="نام", max_length=100, error_messages=_required("نام"))
    last_name = PersianCharField(
        label="نام خانوادگی", max_length=100, error_messages=_required("نام خانوادگی")
    )
    mobile = forms.CharField(
        label="تلفن همراه",
        max_length=20,
        error_messages=_required("تلفن همراه"),
        widget=forms.TextInput(
            attrs={
                "inputmode": "tel",
                "dir": "ltr",
                "placeholder": "۰۹۱۲۱۲۳۴۵۶۷",
                "autocomplete": "tel",
            }
        ),
        help_text="کد تأیید به این شماره پیامک می‌شود.",
    )
    district = forms.ModelChoiceField(
        label="منطقهٔ محل زندگی",
        queryset=District.objects.all(),
        empty_label="برگزینید…",
        error_messages={
            "required": "منطقهٔ محل زندگی را برگزینید.",
            "invalid_choice": "منطقهٔ محل زندگی را از فهرست برگزینید.",
        },
    )
    category = forms.ModelChoiceField(
        label="زمینهٔ کار (اگر می‌دانید)",
        queryset=Category.objects.filter(active=True),
        required=False,
        empty_label="هنوز نمی‌دانم",
        error_messages={"invalid_choice": "زمینهٔ کار را از فهرست برگزینید."},
    )
    idea = PersianCharField(
        label="ایدهٔ شما (اختیاری)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "ایده را در کمتر از ۱۰۰۰ نویسه بنویسید."},
    )
    experience = forms.ChoiceField(
        label="تجربه",
        choices=SignUp.EXPERIENCE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "یکی از گزینه‌های تجربه را برگزینید."},
    )
    primary_earner = forms.ChoiceField(
        label="آیا هزینهٔ زندگی خانواده‌تان را به‌تنهایی تأمین می‌کنید؟",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "به این پرسش پاسخ دهید."},
    )
    code = DigitsField(
        label="کد تأیید پیامک‌شده",
        required=False,
        max_length=10,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "dir": "ltr", "autocomplete": "one-time-code"}
        ),
    )
    # Bots: a field people never see, and the time the form was shown (signed).
    website = forms.CharField(required=False, label="وب‌سایت")
    token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update(
            {"tabindex": "-1", "autocomplete": "off", "class": "form-control"}
        )
        for name in ("first_name", "last_name"):
            self.fields[name].error_messages["max_length"] = "حداکثر ۱۰۰ نویسه بنویسید."

    def clean_mobile(self):
        try:
            return parse_mobile(self.cleaned_data["mobile"])
        except InvalidIdentifier as e:
            raise forms.ValidationError(str(e)) from None

    def clean_first_name(self):
        return self._name("first_name", "نام")

    def clean_last_name(self):
        return self._name("last_name", "نام خانوادگی")

    def _name(self, field: str, label: str) -> str:
        value = self.cleaned_data[field]
        if any(c.isdigit() for c in value):
            raise forms.ValidationError(f"{label} نباید رقم داشته باشد.")
        return value

    def clean_primary_earner(self):
        return self.cleaned_data["primary_earner"] == "yes"

    def is_bot(self) -> bool:
        """True when the hidden field was filled in (only software sees it)."""
        return bool(self.data.get("website"))

    def seconds_since_shown(self) -> float | None:
        """Seconds since the form was first shown, or None for a bad or missing token."""
        signer = signing.TimestampSigner(salt=TOKEN_SALT)
        value = self.data.get("token", "")
        try:
            signer.unsign(value, max_age=24 * 60 * 60)
        except signing.BadSignature:
            return None
        return time.time() - signing.b62_decode(value.rsplit(signer.sep, 2)[1])

    def token_nonce(self) -> str:
        """The form token's nonce ('' for a bad token): what makes it single-use."""
        signer = signing.TimestampSigner(salt=TOKEN_SALT)
        try:
            value = signer.unsign(self.data.get("token", ""), max_age=24 * 60 * 60)
        except signing.BadSignature:
            return ""
        return value.removeprefix("signup-") if value.startswith("signup-") else ""


class StageForm(StyledForm):
    target = forms.ChoiceField(label="مرحلهٔ تازه", choices=pipeline.STAGES)
    note = PersianCharField(label="توضیح", required=False, max_length=300)


class SignUpFilterForm(StyledForm):
    district = forms.ModelChoiceField(
        label="منطقه", queryset=District.objects.all(), required=False, empty_label="همه"
    )
    stage = forms.ChoiceField(
        label="مرحله", choices=[("", "همه"), *pipeline.STAGES], required=False
    )
    priority = forms.BooleanField(label="فقط تأمین‌کنندگان تنهای معیشت", required=False)
    q = PersianCharField(label="نام یا تلفن", required=False, max_length=100)


class MentorForm(StyledForm):
    user = forms.ModelChoiceField(
        label="حساب مربی (اگر در سامانه است)",
        queryset=User.objects.filter(role=roles.TRAINER, is_active=True),
        required=False,
        empty_label="منتور بیرونی (بی‌حساب)",
    )
    name = PersianCharField(label="نام و نام خانوادگی", required=False, max_length=150)
    mobile = forms.CharField(label="تلفن همراه", required=False, max_length=20)
    categories = forms.ModelMultipleChoiceField(
        label="تخصص‌ها",
        queryset=Category.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    districts = forms.ModelMultipleChoiceField(
        label="مناطق",
        queryset=District.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    weekly_capacity = forms.IntegerField(
        label="ظرفیت هفتگی (تعداد زنان)",
        min_value=1,
        max_value=50,
        error_messages={
            "required": "ظرفیت هفتگی را وارد کنید.",
            "min_value": "ظرفیت دست‌کم ۱ است.",
            "max_value": "ظرفیت بیش از ۵۰ نیست.",
            "invalid": "ظرفیت را با رقم بنویسید.",
        },
    )
    active = forms.BooleanField(label="فعال", required=False, initial=True)

    def __init__(self, *args, **kwargs):
        if args and args[0] is not None:
            data = args[0].copy()
            if data.get("weekly_capacity"):
                data["weekly_capacity"] = to_ascii_digits(data["weekly_capacity"])
            args = (data, *args[1:])
        super().__init__(*args, **kwargs)
        for name in ("categories", "districts"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def clean_mobile(self):
        value = self.cleaned_data["mobile"]
        if not value:
            return ""
        try:
            return parse_mobile(value)
        except InvalidIdentifier as e:
            raise forms.ValidationError(str(e)) from None

    @classmethod
    def initial_for(cls, m: Mentor) -> dict:
        return {
            "user": m.user_id,
            "name": m.name,
            "mobile": m.mobile,
            "categories": list(m.categories.all()),
            "districts": list(m.districts.all()),
            "weekly_capacity": m.weekly_capacity,
            "active": m.active,
        }


class SessionForm(StyledForm):
    date = JalaliDateField(label="تاریخ جلسه", error_messages=_required("تاریخ جلسه"))
    minutes = forms.IntegerField(
        label="مدت (دقیقه)",
        min_value=5,
        max_value=600,
        error_messages={
            "required": "مدت جلسه را وارد کنید.",
            "min_value": "مدت دست‌کم ۵ دقیقه است.",
            "max_value": "مدت بیش از ۶۰۰ دقیقه نیست.",
            "invalid": "مدت را با رقم بنویسید.",
        },
    )
    notes = PersianCharField(
        label="یادداشت", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_step = PersianCharField(label="گام بعدی", required=False, max_length=300)
    next_on = JalaliDateField(label="تاریخ قرار بعدی", required=False)

    def __init__(self, *args, **kwargs):
        if args and args[0] is not None:
            data = args[0].copy()
            if data.get("minutes"):
                data["minutes"] = to_ascii_digits(data["minutes"])
            args = (data, *args[1:])
        super().__init__(*args, **kwargs)


class AdjustForm(StyledForm):
    mentor = forms.ModelChoiceField(
        label="منتور دیگر",
        queryset=Mentor.objects.filter(active=True),
        error_messages={"required": "منتور را برگزینید."},
    )
