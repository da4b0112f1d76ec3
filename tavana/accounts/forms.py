from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label="نام کاربری",
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "dir": "ltr"}),
    )
    password = forms.CharField(
        label="گذرواژه",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "dir": "ltr"}),
    )
    error_messages = {
        "invalid_login": "نام کاربری یا گذرواژه درست نیست. دقت کنید که هر دو به حروف کوچک و بزرگ حساس‌اند.",
        "inactive": "این حساب غیرفعال است.",
    }
