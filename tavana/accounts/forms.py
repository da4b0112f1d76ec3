from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm

from tavana.core.forms import DigitsField, JalaliDateField, PersianCharField, StyledForm
from tavana.core.models import District

from . import roles
from .models import OrgUnit, User


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


class PersianSetPasswordForm(SetPasswordForm):
    """Her new password, twice; Django's validators (length, common, numeric,
    similar to her name) with Persian messages."""

    error_messages = {"password_mismatch": "دو گذرواژه یکی نیستند."}
    new_password1 = forms.CharField(
        label="گذرواژهٔ تازه",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "dir": "ltr"}),
        help_text="دست‌کم ۱۰ نویسه؛ نه فقط رقم، نه شبیه نام یا نام کاربری، نه از گذرواژه‌های رایج.",
    )
    new_password2 = forms.CharField(
        label="تکرار گذرواژهٔ تازه",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "dir": "ltr"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.widget.attrs["class"] = "form-control"

    def clean_new_password2(self):
        p1 = self.cleaned_data.get("new_password1")
        p2 = self.cleaned_data.get("new_password2")
        if p1 and p2 and p1 != p2:
            raise forms.ValidationError(self.error_messages["password_mismatch"])
        try:
            password_validation.validate_password(p2, self.user)
        except forms.ValidationError as e:
            raise forms.ValidationError([persian_password_problem(m) for m in e.messages]) from e
        return p2

    def _post_clean(self):  # the validators already ran, in Persian, above
        forms.Form._post_clean(self)


def persian_password_problem(message: str) -> str:
    """Django's validator messages, said in Persian whatever the active language."""
    m = message.lower()
    if "too short" in m or "کوتاه" in m:
        return "گذرواژه کوتاه است؛ دست‌کم ۱۰ نویسه بنویسید."
    if "too common" in m or "رایج" in m:
        return "این گذرواژه از گذرواژه‌های رایج است؛ گذرواژهٔ دیگری برگزینید."
    if "entirely numeric" in m or "عدد" in m:
        return "گذرواژه نباید فقط رقم باشد."
    if "too similar" in m or "شبیه" in m:
        return "گذرواژه به نام یا نام کاربری شما بسیار شبیه است."
    return message


class StaffForm(StyledForm):
    username = forms.CharField(
        label="نام کاربری",
        max_length=150,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    first_name = PersianCharField(label="نام", max_length=150)
    last_name = PersianCharField(label="نام خانوادگی", max_length=150)
    mobile = DigitsField(
        label="تلفن همراه",
        required=False,
        widget=forms.TextInput(
            attrs={"dir": "ltr", "inputmode": "tel", "placeholder": "۰۹۱۲۳۴۵۶۷۸۹"}
        ),
    )
    role = forms.ChoiceField(label="نقش", choices=[("", "—")] + roles.ROLE_CHOICES)
    org_unit = forms.ModelChoiceField(
        label="واحد سازمانی", queryset=OrgUnit.objects.none(), required=False, empty_label="—"
    )
    districts = forms.ModelMultipleChoiceField(
        label="مناطق (مددکار بی‌منطقه فقط زنان پروندهٔ خودش را می‌بیند)",
        queryset=District.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    centres = forms.ModelMultipleChoiceField(
        label="مراکز کوثر", queryset=District.objects.none(), required=False
    )
    partner_organisation = PersianCharField(
        label="سازمان شریک (برای تحلیلگر شریک)", max_length=200, required=False
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = OrgUnit.objects.filter(active=True)
        centre = User._meta.get_field("centres").related_model  # accounts imports no context
        self.fields["centres"].queryset = centre.objects.select_related("district").order_by(
            "district__number", "name"
        )
        self.fields["centres"].widget.attrs["size"] = 8
        if user is not None:
            del self.fields["username"]

    def clean_username(self):
        from .services import username_problem

        username = self.cleaned_data["username"]
        if problem := username_problem(username):
            raise forms.ValidationError(problem)
        return username


class DeactivateForm(StyledForm):
    reason = PersianCharField(label="دلیل غیرفعال کردن", max_length=300)
    handover_to = forms.ModelChoiceField(
        label="تحویل پرونده‌های مددکاری به",
        queryset=User.objects.none(),
        required=False,
        empty_label="—",
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = User.objects.filter(role=roles.SOCIAL_WORKER, is_active=True)
        if user is not None:
            qs = qs.exclude(pk=user.pk)
        self.fields["handover_to"].queryset = qs.order_by("last_name", "first_name")
        self.fields["handover_to"].label_from_instance = lambda u: u.display_name


class UnitForm(StyledForm):
    code = forms.CharField(
        label="کد (لاتین، یکتا)", max_length=40, widget=forms.TextInput(attrs={"dir": "ltr"})
    )
    name = PersianCharField(label="نام", max_length=150)
    kind = forms.ChoiceField(label="نوع", choices=OrgUnit.KIND_CHOICES)
    parent = forms.ModelChoiceField(
        label="زیرمجموعهٔ",
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label="— (بالاترین سطح)",
    )
    order = forms.IntegerField(
        label="ترتیب",
        min_value=0,
        max_value=999,
        initial=0,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
    )
    active = forms.BooleanField(label="فعال", required=False, initial=True)

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = OrgUnit.objects.filter(active=True)
        if unit is not None:
            qs = qs.exclude(pk=unit.pk)
            del self.fields["code"]
        self.fields["parent"].queryset = qs

    def clean_code(self):
        from .services import unit_code_problem

        code = self.cleaned_data["code"]
        if problem := unit_code_problem(code):
            raise forms.ValidationError(problem)
        return code


class TwoFactorCodeForm(StyledForm):
    code = forms.CharField(
        label="کد ورود دومرحله‌ای",
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr",
                   "autofocus": True}
        ),
        help_text="شش رقم برنامهٔ احراز هویت، یا یکی از کدهای بازیابی",
    )  # fmt: skip


class PasswordChangeForm(PersianSetPasswordForm):
    """Her current password, then the new one twice (the same rules)."""

    old_password = forms.CharField(
        label="گذرواژهٔ کنونی",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "dir": "ltr"}),
    )
    field_order = ["old_password", "new_password1", "new_password2"]

    def clean_old_password(self):
        old = self.cleaned_data["old_password"]
        if not self.user.check_password(old):
            raise forms.ValidationError("گذرواژهٔ کنونی درست نیست.")
        return old


class ClearanceForm(StyledForm):
    """An administrator asks for a member of staff's clearance (a second approves)."""

    username = forms.CharField(
        label="نام کاربری", max_length=150, widget=forms.TextInput(attrs={"dir": "ltr"})
    )
    expires_on = JalaliDateField(label="اعتبار تا")
    reason = PersianCharField(
        label="چرا به این داده‌ها نیاز دارد",
        max_length=300,
        error_messages={"required": "بنویسید چرا این کارمند به این داده‌ها نیاز دارد."},
    )

    def clean_expires_on(self):
        from .clearances import expiry_problem

        day = self.cleaned_data["expires_on"]
        if day is not None and (problem := expiry_problem(day)):
            raise forms.ValidationError(problem)
        return day
