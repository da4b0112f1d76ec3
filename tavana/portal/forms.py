from django import forms

from tavana.core.forms import StyledForm


class MobileForm(StyledForm):
    mobile = forms.CharField(
        label="شمارهٔ تلفن همراه",
        max_length=20,
        error_messages={"required": "شمارهٔ همراه خود را بنویسید."},
        widget=forms.TextInput(
            attrs={
                "inputmode": "tel",
                "dir": "ltr",
                "autocomplete": "tel",
                "placeholder": "۰۹۱۲۱۲۳۴۵۶۷",
            }
        ),  # fmt: skip
        help_text="همان شماره‌ای که در مرکز ثبت کرده‌اید.",
    )


class CodeForm(StyledForm):
    code = forms.CharField(
        label="کد پیامک‌شده",
        max_length=10,
        error_messages={"required": "کد پنج‌رقمی را بنویسید."},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "dir": "ltr", "autocomplete": "one-time-code"}
        ),
    )


class ChooseForm(StyledForm):
    national_code = forms.CharField(
        label="کد ملی شما",
        max_length=20,
        error_messages={"required": "کد ملی خود را بنویسید."},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
        help_text="این شماره در خانواده مشترک است؛ با کد ملی‌تان مشخص کنید کدام عضو هستید.",
    )
