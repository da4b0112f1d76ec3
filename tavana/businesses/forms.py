from django import forms

from tavana.core.domain.persian_text import to_ascii_digits
from tavana.core.forms import DigitsField, PersianCharField, StyledForm
from tavana.training.models import Centre

from .models import Business, Category


def person_lookup(value: str):
    """A registered person by national code or file number."""
    from tavana.people.models import Person

    value = to_ascii_digits(value or "").strip()
    if not value.isdigit():
        return None
    if len(value) == 10:
        found = Person.objects.filter(national_code=value).first()
        if found:
            return found
    return Person.objects.filter(pk=int(value)).first() if len(value) <= 9 else None


class PersonField(DigitsField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "کد ملی یا شمارهٔ پرونده")
        super().__init__(**kwargs)
        self.widget.attrs.update({"dir": "ltr", "inputmode": "numeric"})

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        person = person_lookup(value)
        if person is None:
            raise forms.ValidationError("کسی با این کد ملی یا شمارهٔ پرونده در سامانه نیست.")
        return person


class ProducerForm(StyledForm):
    person = PersonField()
    category = forms.ModelChoiceField(
        label="دستهٔ اصلی محصول", queryset=Category.objects.filter(active=True)
    )
    business = forms.IntegerField(label="شمارهٔ کسب‌وکار (اگر دارد)", required=False, min_value=1)

    def clean_business(self):
        value = self.cleaned_data.get("business")
        if not value:
            return None
        b = Business.objects.filter(pk=value).first()
        if b is None:
            raise forms.ValidationError("کسب‌وکاری با این شماره نیست.")
        return b


class BusinessForm(StyledForm):
    name = PersianCharField(label="نام کسب‌وکار", max_length=150)
    owner = PersonField(label="کد ملی یا شمارهٔ پروندهٔ مالک")
    stage = forms.ChoiceField(label="مرحله", choices=Business.STAGE_CHOICES)
    premises = forms.ChoiceField(label="محل کار", choices=Business.PREMISES_CHOICES)
    licence = PersianCharField(label="مجوز", max_length=100, required=False)
    phone = DigitsField(label="تلفن تماس", max_length=20, required=False)
    centre = forms.ModelChoiceField(
        label="مرکز کوثر پشتیبان", queryset=Centre.objects.all(), required=False
    )
    categories = forms.ModelMultipleChoiceField(
        label="دسته‌های محصول",
        queryset=Category.objects.filter(active=True),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )


class CategoryForm(StyledForm):
    name = PersianCharField(label="نام دسته", max_length=100)
    category = forms.ModelChoiceField(
        label="دستهٔ موجود (برای تغییر نام)", queryset=Category.objects.all(), required=False
    )
    active = forms.BooleanField(label="فعال", required=False, initial=True)
