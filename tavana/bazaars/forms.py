from django import forms

from tavana.businesses.models import Category, Producer
from tavana.core.domain.persian_text import to_ascii_digits
from tavana.core.forms import DigitsField, JalaliDateField, PersianCharField, StyledForm

from .models import Assignment, Event, Venue
from .services import event_check


def producer_lookup(value: str) -> Producer | None:
    """A producer by her producer number or her national code."""
    value = to_ascii_digits(value or "").strip()
    if not value.isdigit():
        return None
    qs = Producer.objects.select_related("person", "category")
    if len(value) == 10:
        found = qs.filter(person__national_code=value).first()
        if found:
            return found
    return qs.filter(pk=int(value)).first() if len(value) <= 9 else None


class ProducerField(DigitsField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "شمارهٔ تولیدکننده یا کد ملی")
        super().__init__(**kwargs)
        self.widget.attrs.update({"dir": "ltr", "inputmode": "numeric"})

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        producer = producer_lookup(value)
        if producer is None:
            raise forms.ValidationError("تولیدکننده‌ای با این شماره یا کد ملی پیدا نشد.")
        return producer


class RoundForm(StyledForm):
    name = PersianCharField(label="نام دوره (برای کارکنان)", max_length=150)
    quota = forms.IntegerField(
        label="بیشترین تعداد غرفه برای هر نفر در این دوره", min_value=1, max_value=5, initial=1
    )


class EventForm(StyledForm):
    kind = forms.ChoiceField(label="نوع", choices=Event.KIND_CHOICES)
    name = PersianCharField(
        label="نام عمومی", max_length=150, initial="بازارچه دستاوردهای زنان شهر تهران"
    )
    venue = forms.ModelChoiceField(
        label="محل برگزاری", queryset=Venue.objects.select_related("district")
    )
    start_date = JalaliDateField(label="از تاریخ")
    end_date = JalaliDateField(label="تا تاریخ")
    booths = forms.IntegerField(
        label="تعداد غرفه (خالی = ظرفیت محل)", min_value=0, max_value=500, required=False
    )
    category_cap = forms.DecimalField(
        label="سقف سهم هر دسته (مثلاً ۰٫۳)",
        max_digits=3,
        decimal_places=2,
        required=False,
    )
    apply_from = JalaliDateField(label="شروع ثبت درخواست")
    apply_until = JalaliDateField(label="پایان ثبت درخواست")
    categories = forms.ModelMultipleChoiceField(
        label="دسته‌های پذیرفته (هیچ = همه)",
        queryset=Category.objects.filter(active=True),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def clean(self):
        data = super().clean()
        for field, message in event_check(data).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data


class ApplicationForm(StyledForm):
    producer = ProducerField()
    choice1 = forms.ModelChoiceField(label="انتخاب اول", queryset=Event.objects.none())
    choice2 = forms.ModelChoiceField(
        label="انتخاب دوم", queryset=Event.objects.none(), required=False
    )
    choice3 = forms.ModelChoiceField(
        label="انتخاب سوم", queryset=Event.objects.none(), required=False
    )

    def __init__(self, *args, round_=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Event.objects.filter(round=round_).select_related("venue")
        for name in ("choice1", "choice2", "choice3"):
            self.fields[name].queryset = qs
            self.fields[name].label_from_instance = lambda e: f"{e.venue.name} — {e.name}"

    def events(self) -> list[Event]:
        return [
            self.cleaned_data[n]
            for n in ("choice1", "choice2", "choice3")
            if self.cleaned_data.get(n)
        ]


class AdjustForm(StyledForm):
    producer = ProducerField()
    event = forms.ModelChoiceField(label="بازارچه", queryset=Event.objects.none())
    action = forms.ChoiceField(
        label="تغییر", choices=[("add", "دادن غرفه"), ("remove", "پس گرفتن غرفه")]
    )
    reason = PersianCharField(label="دلیل (در دفتر رویدادها ثبت می‌شود)", max_length=300)

    def __init__(self, *args, round_=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = Event.objects.filter(round=round_).select_related("venue")
        self.fields["event"].label_from_instance = lambda e: f"{e.venue.name} — {e.name}"


class StatusForm(StyledForm):
    status = forms.ChoiceField(
        label="وضعیت تازه",
        choices=[
            (Assignment.DECLINED, "نپذیرفت"),
            (Assignment.CANCELLED, "لغو شد"),
            (Assignment.NO_SHOW, "حاضر نشد"),
        ],
    )
    reason = PersianCharField(label="توضیح", max_length=300, required=False)


class RecordForm(StyledForm):
    days_present = forms.IntegerField(
        label="روزهای حضور", min_value=0, max_value=60, required=False
    )
    sales = DigitsField(label="فروش (تومان)", required=False, max_length=15)

    def clean_sales(self):
        value = (self.cleaned_data.get("sales") or "").replace(",", "").replace("٬", "")
        if not value:
            return None
        if not value.isdigit():
            raise forms.ValidationError("فروش را به عدد و به تومان بنویسید.")
        return int(value)
