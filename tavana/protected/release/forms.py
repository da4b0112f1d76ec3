"""Forms of the release campaign: they collect what was typed (any digit script,
Jalali dates); the rules live in the services."""

from __future__ import annotations

from django import forms

from tavana.core.domain.numbers import format_number
from tavana.core.forms import JalaliDateField, PersianCharField, StyledForm

from ..domain import release as rules
from ..forms import NationalCodeField
from .models import (
    CaseChild,
    CasePartner,
    Debt,
    DebtRelief,
    Donor,
    FollowUp,
    Pledge,
    ReleaseCase,
)


class RialField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "مبلغ (ریال)")
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)


def _districts():
    from tavana.core.models import District

    return District.objects.order_by("number")


class CaseForm(StyledForm):
    first_name = PersianCharField(label="نام", max_length=100)
    last_name = PersianCharField(label="نام خانوادگی", max_length=100)
    father_name = PersianCharField(label="نام پدر", max_length=100, required=False)
    national_code = NationalCodeField(label="کد ملی", max_length=20, required=False)
    birth_date = JalaliDateField(label="تاریخ تولد", required=False)
    district = forms.ModelChoiceField(
        label="منطقهٔ سکونت خانواده", queryset=_districts(), required=False
    )
    prison = PersianCharField(label="زندان / ندامتگاه", max_length=150)
    offence_kind = forms.ChoiceField(label="نوع جرم", choices=rules.OFFENCE_CHOICES)
    offence_note = PersianCharField(label="شرح پرونده", widget=forms.Textarea(attrs={"rows": 3}),
                                    required=False)  # fmt: skip
    identified_on = JalaliDateField(label="تاریخ شناسایی")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = _districts()


class MoveForm(StyledForm):
    to = forms.ChoiceField(label="وضعیت تازه", choices=rules.CHOICES)
    reason = PersianCharField(label="دلیل / توضیح", max_length=500, required=False)


class DebtForm(StyledForm):
    kind = forms.ChoiceField(label="نوع", choices=Debt.KIND_CHOICES)
    creditor = PersianCharField(label="طلبکار / صاحب حق", max_length=150)
    amount = RialField()
    note = PersianCharField(label="توضیح", max_length=300, required=False)


class ReliefForm(StyledForm):
    debt = forms.ModelChoiceField(label="بدهی", queryset=Debt.objects.none())
    kind = forms.ChoiceField(label="نوع", choices=DebtRelief.KIND_CHOICES)
    amount = RialField()
    on = JalaliDateField(label="تاریخ")
    note = PersianCharField(label="توضیح", max_length=300, required=False)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["debt"].queryset = Debt.objects.filter(case=case)


class SettleForm(StyledForm):
    on = JalaliDateField(label="تاریخ پرداخت")
    reference = PersianCharField(label="شمارهٔ پیگیری", max_length=60, required=False)


class ChildForm(StyledForm):
    first_name = PersianCharField(label="نام فرزند", max_length=100)
    last_name = PersianCharField(label="نام خانوادگی فرزند", max_length=100, required=False)
    birth_date = JalaliDateField(label="تاریخ تولد", required=False)
    carer_name = PersianCharField(label="سرپرست کنونی", max_length=150)
    carer_relation = forms.ChoiceField(label="نسبت سرپرست", choices=CaseChild.RELATIONS)


class PartnerForm(StyledForm):
    organisation = forms.ModelChoiceField(label="سازمان", queryset=None)
    role = forms.ChoiceField(label="نقش در پرونده", choices=CasePartner.ROLE_CHOICES)
    note = PersianCharField(label="توضیح", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        from tavana.partners.selectors import organisation_list

        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisation_list()


class DonorForm(StyledForm):
    kind = forms.ChoiceField(label="نوع", choices=Donor.KIND_CHOICES)
    name = PersianCharField(label="نام نیکوکار (فرد)", max_length=200, required=False)
    organisation = forms.ModelChoiceField(
        label="سازمان (از فهرست سازمان‌های همکار)", queryset=None, required=False
    )
    organisation_name = PersianCharField(label="یا نام سازمان تازه", max_length=200, required=False)
    organisation_kind = forms.ChoiceField(label="نوع سازمان تازه", choices=(), required=False)
    mobile = forms.CharField(label="تلفن همراه", max_length=20, required=False)

    def __init__(self, *args, **kwargs):
        from tavana.partners.models import Organisation
        from tavana.partners.selectors import organisation_list

        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisation_list()
        self.fields["organisation_kind"].choices = [
            (k, v) for k, v in Organisation.KIND_CHOICES if k in ("charity", "ngo", "other")
        ]


class PaymentForm(StyledForm):
    amount = RialField()
    on = JalaliDateField(label="تاریخ پرداخت")
    case = forms.ModelChoiceField(
        label="برای پرونده (خالی: صندوق مشترک)", queryset=ReleaseCase.objects.none(),
        required=False,
    )  # fmt: skip
    reference = PersianCharField(label="شمارهٔ پیگیری بانکی", max_length=60, required=False)
    pledge = forms.ModelChoiceField(
        label="بابت تعهد", queryset=Pledge.objects.none(), required=False
    )

    def __init__(self, *args, donor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pledge"].queryset = Pledge.objects.filter(donor=donor, status=Pledge.OPEN)
        self.fields["pledge"].label_from_instance = lambda p: f"{format_number(p.amount)} ریال"
        self.fields["case"].queryset = ReleaseCase.objects.filter(
            status__in=rules.OPEN_FOR_MONEY
        ).order_by("pk")
        # a case reads as its model says: its code in Persian digits (ReleaseCase.__str__)


class ReverseForm(StyledForm):
    reason = PersianCharField(label="دلیل اصلاح", max_length=300)


class ReleaseForm(StyledForm):
    released_on = JalaliDateField(label="تاریخ آزادی")
    level_code = forms.ChoiceField(label="سطح حمایت", choices=())
    social_worker = forms.ModelChoiceField(label="مددکار", queryset=None)
    employment_offer = forms.ChoiceField(
        label="پیشنهاد برنامهٔ اشتغال", choices=[("", "—"), *ReleaseCase.OFFER_CHOICES],
        required=False,
    )  # fmt: skip
    training_offer = forms.ChoiceField(
        label="پیشنهاد آموزش مهارت", choices=[("", "—"), *ReleaseCase.OFFER_CHOICES],
        required=False,
    )  # fmt: skip
    employment_unit = forms.ModelChoiceField(
        label="کارگاه تولیدی (اگر پذیرفت)", queryset=None, required=False
    )
    training_course = forms.ModelChoiceField(
        label="دورهٔ آموزشی (اگر پذیرفت)", queryset=None, required=False
    )
    register_children = forms.BooleanField(
        label="فرزندانش (با نام خانوادگی) در خانوار او در سامانه ثبت شوند", required=False,
        initial=True,
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        from tavana.accounts import roles
        from tavana.accounts.clearances import live_clearances
        from tavana.accounts.models import User
        from tavana.casework.selectors import level_orders

        from ..models import Programme

        super().__init__(*args, **kwargs)
        from tavana.casework.models import SupportLevel

        order = level_orders()
        levels = SupportLevel.objects.filter(active=True)
        self.fields["level_code"].choices = [("", "—")] + [
            (lv.code, lv.name) for lv in sorted(levels, key=lambda lv: order.get(lv.code, 0))
        ]
        self.fields["social_worker"].queryset = User.objects.filter(
            is_active=True,
            role=roles.SOCIAL_WORKER,
            pk__in=live_clearances().filter(area=Programme.RELEASE).values("user"),
        ).order_by("username")
        _offer_choices(self)


def _offer_choices(form) -> None:
    """Open courses and active workshops, from the contexts that run them."""
    from django.utils import timezone

    from tavana.production.models import Unit
    from tavana.training.models import Course

    today = timezone.localdate()
    courses = Course.objects.filter(status=Course.OPEN).exclude(last_date__lt=today)
    form.fields["training_course"].queryset = courses.select_related("centre").order_by("title")
    form.fields["training_course"].label_from_instance = lambda c: f"{c.title} — {c.centre.name}"
    form.fields["employment_unit"].queryset = Unit.objects.filter(active=True).order_by("name")


class OfferForm(StyledForm):
    """Her answer to an offer after release."""

    kind = forms.ChoiceField(label="پیشنهاد", choices=[("employment", "برنامهٔ اشتغال"),
                                                      ("training", "آموزش مهارت")])  # fmt: skip
    answer = forms.ChoiceField(label="پاسخ", choices=[("accepted", "پذیرفت"),
                                                     ("declined", "نپذیرفت")])  # fmt: skip
    employment_unit = forms.ModelChoiceField(
        label="کارگاه تولیدی (اگر پذیرفت)", queryset=None, required=False
    )
    training_course = forms.ModelChoiceField(
        label="دورهٔ آموزشی (اگر پذیرفت)", queryset=None, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_choices(self)


class FollowUpForm(StyledForm):
    outcome = forms.ChoiceField(label="نتیجه", choices=FollowUp.OUTCOME_CHOICES)
    note = PersianCharField(label="یادداشت", max_length=1000, required=False)


class PublicPledgeForm(StyledForm):
    name = PersianCharField(label="نام شما", max_length=200)
    mobile = forms.CharField(label="تلفن همراه", max_length=20)
    amount = RialField(label="مبلغ کمک (ریال)")
    message = PersianCharField(label="پیام (اختیاری)", max_length=300, required=False)
