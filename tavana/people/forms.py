"""Registry forms. Field rules live in domain/fields.py and the services; forms
only collect what was typed and show the Persian messages next to each field."""

from django import forms

from tavana.core.forms import JalaliDateField, JalaliDateInput, StyledForm
from tavana.core.models import District, Neighbourhood

from .domain.fields import OTHER_ID_KINDS
from .models import Consent, Membership, Person, Registration


def _district_choices():
    return [("", "—")] + [(str(d.number), d.name) for d in District.objects.order_by("number")]


def _neighbourhood_choices():
    rows = Neighbourhood.objects.select_related("district").order_by("district__number", "name")
    return [("", "—")] + [(str(n.pk), f"{n.name} ({n.district.name})") for n in rows]


class PersonFieldsForm(StyledForm):
    """The fields of a person, as typed (checked by the service)."""

    national_code = forms.CharField(
        label="کد ملی",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr", "autocomplete": "off"}),
    )
    first_name = forms.CharField(label="نام", max_length=100, required=False)
    last_name = forms.CharField(label="نام خانوادگی", max_length=100, required=False)
    father_name = forms.CharField(label="نام پدر", max_length=100, required=False)
    birth_date = forms.CharField(label="تاریخ تولد", required=False, widget=JalaliDateInput())
    mobile = forms.CharField(
        label="تلفن همراه",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "dir": "ltr", "placeholder": "۰۹۱۲…"}),
    )
    other_phones = forms.CharField(label="تلفن‌های دیگر", required=False, max_length=100)
    district = forms.ChoiceField(label="منطقه", required=False)
    neighbourhood_id = forms.ChoiceField(label="محله", required=False)
    address = forms.CharField(label="نشانی", required=False, max_length=300)
    postal_code = forms.CharField(
        label="کد پستی",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
    )
    education = forms.ChoiceField(
        label="تحصیلات", required=False, choices=[("", "—")] + Person.EDUCATION_CHOICES
    )
    occupation = forms.CharField(label="شغل", required=False, max_length=100)
    marital_status = forms.ChoiceField(
        label="وضعیت تأهل", required=False, choices=[("", "—")] + Person.MARITAL_CHOICES
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = _district_choices()
        self.fields["neighbourhood_id"].choices = _neighbourhood_choices()

    def typed(self) -> dict:
        """What was typed, for the service (which checks it)."""
        return {k: v for k, v in self.cleaned_data.items() if k in self.fields}


class RegistrationForm(PersonFieldsForm):
    """Registering a woman: her district and her identity are required — the
    national code, or without one another document and the reason (checked by
    the service, `registration_identity_errors`, with every other fault at once)."""

    other_id_kind = forms.ChoiceField(
        label="نوع مدرک دیگر (اگر کد ملی ندارد)",
        required=False,
        choices=[("", "—"), *OTHER_ID_KINDS],
    )
    other_id = forms.CharField(
        label="شمارهٔ مدرک",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    no_code_reason = forms.CharField(label="چرا کد ملی ندارد", required=False, max_length=200)
    channel = forms.ChoiceField(
        label="شیوهٔ ورود", choices=Registration.CHANNEL_CHOICES, initial=Registration.STAFF
    )
    referred_by = forms.CharField(label="سازمان معرف", required=False, max_length=200)
    basis = forms.ChoiceField(
        label="مبنای ثبت‌نام", choices=Registration.BASIS_CHOICES, widget=forms.RadioSelect
    )
    primary_earner = forms.BooleanField(
        label="به‌تنهایی معیشت خانواده را تأمین می‌کند", required=False
    )
    confirmed = forms.BooleanField(label="کارشناس مدارک را دید و تأیید کرد", required=False)
    review_date = JalaliDateField(label="تاریخ بازبینی", required=False)
    consents = forms.MultipleChoiceField(
        label="رضایت‌ها",
        choices=Consent.PURPOSE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        initial=["services"],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("basis", "consents"):
            self.fields[name].widget.attrs["class"] = "form-check-input"
        self.fields["district"].widget.attrs["aria-required"] = "true"  # the service asks

    def registration_typed(self) -> dict:
        """What was typed in the registration part, for the service's check even
        when a field of the form is refused (every error is shown at once)."""
        d = self.cleaned_data
        return {"channel": d.get("channel") or Registration.STAFF}

    def registration(self) -> dict:
        d = self.cleaned_data
        return {
            "channel": d["channel"],
            "basis": d["basis"],
            "primary_earner": d["primary_earner"],
            "referred_by": d["referred_by"],
            "review_date": d["review_date"],
            "confirmed": d["confirmed"],
            "consents": d["consents"],
        }

    def typed(self) -> dict:
        out = super().typed()
        for k in (
            "channel",
            "referred_by",
            "basis",
            "primary_earner",
            "confirmed",
            "review_date",
            "consents",
        ):
            out.pop(k, None)
        return out


class PersonEditForm(PersonFieldsForm):
    """Direct edits: everything but the identity fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in Person.IDENTITY_FIELDS:
            self.fields.pop(name, None)


class ChildForm(PersonFieldsForm):
    sex = forms.ChoiceField(label="دختر یا پسر", choices=Person.CHILD_SEX_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in (
            "other_phones",
            "postal_code",
            "occupation",
            "marital_status",
            "neighbourhood_id",
            "address",
            "district",
        ):
            self.fields.pop(name, None)


class ChangeRequestForm(StyledForm):
    national_code = forms.CharField(
        label="کد ملی", required=False, max_length=20, widget=forms.TextInput(attrs={"dir": "ltr"})
    )
    first_name = forms.CharField(label="نام", required=False, max_length=100)
    last_name = forms.CharField(label="نام خانوادگی", required=False, max_length=100)
    father_name = forms.CharField(label="نام پدر", required=False, max_length=100)
    birth_date = forms.CharField(label="تاریخ تولد", required=False, widget=JalaliDateInput())
    reason = forms.CharField(
        label="دلیل اصلاح", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    document = forms.FileField(label="تصویر مدرک (اختیاری)", required=False)

    def clean_document(self):
        f = self.cleaned_data.get("document")
        if f:
            if f.size > 5 * 1024 * 1024:
                raise forms.ValidationError("حجم مدرک بیش از ۵ مگابایت است.")
            name = f.name.lower()
            if not name.endswith((".pdf", ".jpg", ".jpeg", ".png")):
                raise forms.ValidationError("مدرک باید PDF یا تصویر JPG/PNG باشد.")
        return f


class DecisionForm(StyledForm):
    note = forms.CharField(label="توضیح", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ConsentForm(StyledForm):
    """Staff record a consent she gave or withdrew (in person, by phone, in writing)."""

    GIVE, WITHDRAW = "give", "withdraw"
    purpose = forms.ChoiceField(label="رضایت برای", choices=Consent.PURPOSE_CHOICES)
    action = forms.ChoiceField(
        label="آنچه او گفت",
        choices=[(GIVE, "رضایت می‌دهد"), (WITHDRAW, "رضایتش را پس می‌گیرد")],
        widget=forms.RadioSelect,
    )
    on = JalaliDateField(label="تاریخ", required=False, help_text="خالی: امروز")
    note = forms.CharField(label="توضیح (اختیاری)", required=False, max_length=300)


class SensitiveRevealForm(StyledForm):
    reason = forms.CharField(label="دلیل دیدن اطلاعات حساس", max_length=300)


RELATION_CHOICES = Membership.RELATION_CHOICES
