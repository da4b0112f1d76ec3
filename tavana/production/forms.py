"""What staff type on the production pages (any digit script, Jalali dates)."""

from __future__ import annotations

import re

from django import forms

from tavana.core.domain.persian_text import to_ascii_digits, to_persian_digits
from tavana.core.forms import DigitsField, JalaliDateField, PersianCharField, StyledForm

from .models import Client, Order, Product

NUMBER = "عدد وارد کنید."
ITEM_ROWS = 3
_SIZE_RE = re.compile(r"([^\s:=،,]+)\s*[:=]\s*(\d+)")


class IntField(DigitsField):
    def __init__(self, *args, min_value: int = 0, **kwargs):
        self.min_value = min_value
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            n = int(value.replace(",", "").replace("٬", ""))
        except ValueError:
            raise forms.ValidationError(NUMBER, code="invalid") from None
        if n < self.min_value:
            raise forms.ValidationError("عدد نمی‌تواند منفی باشد.", code="min")
        return n


def parse_sizes(text: str) -> list[tuple[str, int]]:
    """«S:۱۲۰ M:۳۰۰، L=۲۰۰» → [("S", 120), ("M", 300), ("L", 200)]."""
    text = to_ascii_digits(text or "")
    pairs = [(m.group(1).strip(), int(m.group(2))) for m in _SIZE_RE.finditer(text)]
    leftover = _SIZE_RE.sub("", text).replace("،", "").replace(",", "").strip()
    if leftover or not pairs:
        raise forms.ValidationError("سایزها را به شکل «S:۱۲۰ M:۳۰۰» بنویسید.", code="sizes")
    return pairs


class OrderForm(StyledForm):
    client = forms.ModelChoiceField(
        label="سفارش‌دهنده",
        queryset=Client.objects.filter(active=True),
        empty_label="—",
        error_messages={"required": "سفارش‌دهنده را انتخاب کنید."},
    )
    title = PersianCharField(
        label="عنوان سفارش", max_length=200, error_messages={"required": "عنوان سفارش را بنویسید."}
    )
    contract_number = DigitsField(label="شمارهٔ قرارداد", max_length=60, required=False)
    contract_document = forms.FileField(label="سند قرارداد", required=False)
    received_on = JalaliDateField(
        label="تاریخ دریافت", error_messages={"required": "تاریخ دریافت را بنویسید."}
    )
    due_on = JalaliDateField(
        label="موعد تحویل", error_messages={"required": "موعد تحویل را بنویسید."}
    )
    materials = forms.ChoiceField(label="مواد اولیه", choices=Order.MATERIALS_CHOICES)
    quality_standard = PersianCharField(label="استاندارد کیفیت", max_length=300, required=False)
    partial_deliveries = forms.BooleanField(
        label="تحویل مرحله‌ای مجاز است", required=False, initial=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for k in range(1, ITEM_ROWS + 1):
            self.fields[f"product_{k}"] = forms.ModelChoiceField(
                label=f"کالای ردیف {'۱۲۳'[k - 1]}",
                queryset=Product.objects.all(),
                required=False,
                empty_label="—",
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[f"sizes_{k}"] = PersianCharField(
                label="سایز و تعداد (مثلاً S:۱۲۰ M:۳۰۰)",
                required=False,
                max_length=300,
                widget=forms.TextInput(attrs={"class": "form-control", "dir": "ltr"}),
            )
            self.fields[f"colour_{k}"] = PersianCharField(
                label="رنگ",
                required=False,
                max_length=40,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )
            self.fields[f"price_{k}"] = IntField(
                label="قیمت واحد (تومان)",
                required=False,
                widget=forms.TextInput(
                    attrs={"class": "form-control", "inputmode": "numeric", "dir": "ltr"}
                ),
            )

    def clean(self):
        data = super().clean()
        items = []
        for k in range(1, ITEM_ROWS + 1):
            product, sizes = data.get(f"product_{k}"), self.data.get(f"sizes_{k}", "")
            if not product and not sizes.strip():
                continue
            if not product:
                self.add_error(f"product_{k}", "کالای این ردیف را انتخاب کنید.")
                continue
            try:
                pairs = parse_sizes(sizes)
            except forms.ValidationError as e:
                self.add_error(f"sizes_{k}", e)
                continue
            for size, quantity in pairs:
                items.append(
                    {
                        "product": product,
                        "size": size,
                        "quantity": quantity,
                        "colour": data.get(f"colour_{k}") or "",
                        "unit_price": data.get(f"price_{k}") or 0,
                    }
                )
        if not items and not self.errors:
            self.add_error("product_1", "دست‌کم یک کالا با سایز و تعداد بنویسید.")
        data["items"] = items
        return data

    def item_rows(self):
        return [
            [self[f"{name}_{k}"] for name in ("product", "sizes", "colour", "price")]
            for k in range(1, ITEM_ROWS + 1)
        ]


class MoveForm(StyledForm):
    target = forms.CharField(widget=forms.HiddenInput)
    note = PersianCharField(label="دلیل یا توضیح", max_length=300, required=False)


class AdjustForm(StyledForm):
    pieces = IntField(label="تعداد تازه", error_messages={"required": "تعداد را بنویسید."})
    reason = PersianCharField(
        label="دلیل تغییر", max_length=200, error_messages={"required": "دلیل تغییر را بنویسید."}
    )


class QualityForm(StyledForm):
    worker = forms.ChoiceField(label="تولیدکننده")
    checked_on = JalaliDateField(
        label="تاریخ کنترل", error_messages={"required": "تاریخ کنترل را بنویسید."}
    )
    passed = IntField(label="قبول", required=False)
    rework = IntField(label="دوباره‌کاری", required=False)
    rejected = IntField(label="مردود", required=False)
    reason = PersianCharField(label="دلیل مردودی یا دوباره‌کاری", max_length=300, required=False)

    def __init__(self, *args, workers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = [
            (w.pk, w.person.first_name + " " + w.person.last_name) for w in workers
        ]


class PayrollCloseForm(StyledForm):
    year = IntField(label="سال", error_messages={"required": "سال را بنویسید."})
    month = forms.ChoiceField(
        label="ماه",
        choices=[
            (m, n)
            for m, n in enumerate(
                (
                    "فروردین",
                    "اردیبهشت",
                    "خرداد",
                    "تیر",
                    "مرداد",
                    "شهریور",
                    "مهر",
                    "آبان",
                    "آذر",
                    "دی",
                    "بهمن",
                    "اسفند",
                ),
                start=1,
            )
        ],
    )


class ClientForm(StyledForm):
    name = PersianCharField(
        label="نام سفارش‌دهنده",
        max_length=200,
        error_messages={"required": "نام سفارش‌دهنده را بنویسید."},
    )
    kind = forms.ChoiceField(label="نوع", choices=Client.KIND_CHOICES)
    phone = DigitsField(label="تلفن", max_length=30, required=False)
    address = PersianCharField(label="نشانی", max_length=300, required=False)
    contact_name = PersianCharField(label="نام رابط", max_length=150, required=False)
    contact_position = PersianCharField(label="سمت رابط", max_length=150, required=False)
    contact_phone = DigitsField(label="تلفن رابط", max_length=30, required=False)


class DeliveryForm(StyledForm):
    delivered_on = JalaliDateField(
        label="تاریخ تحویل", error_messages={"required": "تاریخ تحویل را بنویسید."}
    )
    receipt_number = DigitsField(
        label="شمارهٔ رسید", max_length=60, error_messages={"required": "شمارهٔ رسید را بنویسید."}
    )
    signed_by = PersianCharField(
        label="تحویل‌گیرنده (امضاکننده)",
        max_length=150,
        error_messages={"required": "نام تحویل‌گیرنده را بنویسید."},
    )
    receipt = forms.FileField(label="رسید امضاشده", required=False)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"item_{item.pk}"] = IntField(
                label=f"{item.product.name} {item.size}",
                required=False,
                widget=forms.TextInput(
                    attrs={"class": "form-control", "inputmode": "numeric", "dir": "ltr"}
                ),
            )

    def lines(self) -> dict:
        return {i: self.cleaned_data.get(f"item_{i.pk}") or 0 for i in self.items}


class MaterialForm(StyledForm):
    unit = forms.ModelChoiceField(
        label="کارگاه",
        queryset=None,
        empty_label="—",
        error_messages={"required": "کارگاه را انتخاب کنید."},
    )
    direction = forms.ChoiceField(
        label="تحویل یا برگشت",
        choices=[("issued", "تحویل به کارگاه"), ("returned", "برگشت از کارگاه")],
    )
    material = PersianCharField(
        label="ماده", max_length=100, error_messages={"required": "ماده را بنویسید."}
    )
    quantity = forms.DecimalField(
        label="مقدار",
        min_value=0,
        max_digits=10,
        decimal_places=2,
        error_messages={"required": "مقدار را بنویسید.", "invalid": NUMBER},
    )
    measure = PersianCharField(
        label="واحد (متر، عدد…)", max_length=20, error_messages={"required": "واحد را بنویسید."}
    )
    on = JalaliDateField(label="تاریخ", error_messages={"required": "تاریخ را بنویسید."})

    def __init__(self, *args, **kwargs):
        from .models import Unit

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(active=True)

    def clean_quantity(self):
        return self.cleaned_data["quantity"]

    def full_clean(self):
        if self.is_bound and hasattr(self.data, "copy"):
            data = self.data.copy()
            if data.get("quantity"):
                data["quantity"] = to_ascii_digits(data["quantity"]).replace("٫", ".")
            self.data = data
        super().full_clean()


WEEKDAY_CHOICES = [
    ("0", "شنبه"), ("1", "یکشنبه"), ("2", "دوشنبه"), ("3", "سه‌شنبه"),
    ("4", "چهارشنبه"), ("5", "پنجشنبه"), ("6", "جمعه"),
]  # fmt: skip


class _ProductMinutes(StyledForm):
    """Two rows of (product, minutes per piece)."""

    ROWS = 2

    def add_product_rows(self):
        for k in range(1, self.ROWS + 1):
            self.fields[f"product_{k}"] = forms.ModelChoiceField(
                label=f"کالای {to_persian_digits(str(k))}",
                queryset=Product.objects.all(),
                required=False,
                empty_label="—",
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[f"minutes_{k}"] = IntField(
                label="دقیقه برای هر قطعه",
                required=False,
                widget=forms.TextInput(
                    attrs={"class": "form-control", "inputmode": "numeric", "dir": "ltr"}
                ),
            )

    def products(self) -> dict:
        out = {}
        for k in range(1, self.ROWS + 1):
            p, m = self.cleaned_data.get(f"product_{k}"), self.cleaned_data.get(f"minutes_{k}")
            if p is not None:
                out[p] = m or 0
        return out


class HomeProducerForm(_ProductMinutes):
    national_code = DigitsField(
        label="کد ملی", max_length=10, error_messages={"required": "کد ملی را بنویسید."}
    )
    day_minutes = IntField(
        label="دقیقهٔ کار در روز", error_messages={"required": "دقیقهٔ کار در روز را بنویسید."}
    )
    weekdays = forms.MultipleChoiceField(
        label="روزهای کار",
        choices=WEEKDAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "دست‌کم یک روز کار را انتخاب کنید."},
    )
    sheba = DigitsField(label="شبای حساب بانکی", max_length=40, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_product_rows()


class UnitForm(_ProductMinutes):
    ROWS = 4
    centre = forms.ModelChoiceField(
        label="مرکز کوثر",
        queryset=None,
        empty_label="—",
        error_messages={"required": "مرکز را انتخاب کنید."},
    )
    name = PersianCharField(
        label="نام کارگاه", max_length=150, error_messages={"required": "نام کارگاه را بنویسید."}
    )
    machines = IntField(label="تعداد چرخ و دستگاه", required=False)
    day_minutes = IntField(
        label="دقیقهٔ کار روزانهٔ همهٔ کارکنان",
        error_messages={"required": "دقیقهٔ کار روزانه را بنویسید."},
    )
    weekdays = forms.MultipleChoiceField(
        label="روزهای کار",
        choices=WEEKDAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "دست‌کم یک روز کار را انتخاب کنید."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.apps import apps

        self.fields["centre"].queryset = apps.get_model("training", "Centre").objects.filter(
            has_production_workshop=True
        )
        self.add_product_rows()


class UnitEditForm(UnitForm):
    active = forms.BooleanField(label="فعال (در برنامه‌ریزی)", required=False)

    @classmethod
    def of(cls, unit, data=None):
        initial = {
            "centre": unit.centre_id,
            "name": unit.name,
            "machines": unit.machines,
            "day_minutes": unit.day_minutes,
            "weekdays": list(unit.weekdays),
            "active": unit.active,
        }
        for k, up in enumerate(unit.products.order_by("product__name"), start=1):
            if k <= cls.ROWS:
                initial[f"product_{k}"], initial[f"minutes_{k}"] = up.product_id, up.minutes
        return cls(data, initial=initial)


class HomeProducerEditForm(_ProductMinutes):
    """What changes for a woman working at home (who she is does not)."""

    ROWS = 3
    day_minutes = HomeProducerForm.base_fields["day_minutes"]
    weekdays = HomeProducerForm.base_fields["weekdays"]
    sheba = HomeProducerForm.base_fields["sheba"]
    available = forms.BooleanField(label="آمادهٔ کار", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_product_rows()

    @classmethod
    def of(cls, worker, data=None):
        initial = {
            "day_minutes": worker.day_minutes,
            "weekdays": list(worker.weekdays),
            "sheba": worker.sheba,
            "available": worker.available,
        }
        for k, wp in enumerate(worker.products.order_by("product__name"), start=1):
            if k <= cls.ROWS:
                initial[f"product_{k}"], initial[f"minutes_{k}"] = wp.product_id, wp.minutes
        return cls(data, initial=initial)


class ProductForm(StyledForm):
    name = PersianCharField(
        label="نام کالا", max_length=100, error_messages={"required": "نام کالا را بنویسید."}
    )
    hourly = forms.BooleanField(label="کار ساعتی (مزد بر پایهٔ ساعت)", required=False)


class RateForm(StyledForm):
    product = forms.ModelChoiceField(
        label="کالا",
        queryset=Product.objects.all(),
        empty_label="کالا را انتخاب کنید",
        error_messages={"required": "کالا را انتخاب کنید."},
    )
    size = PersianCharField(label="سایز (خالی: همهٔ سایزها)", max_length=10, required=False)
    toman = IntField(label="نرخ هر قطعه (تومان)", required=False)
    hourly_toman = IntField(label="نرخ هر ساعت (تومان)", required=False)
    valid_from = JalaliDateField(
        label="معتبر از", error_messages={"required": "تاریخ شروع نرخ را بنویسید."}
    )
