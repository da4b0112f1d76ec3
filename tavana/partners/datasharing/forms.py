from __future__ import annotations

from django import forms

from tavana.accounts import roles
from tavana.accounts.models import User
from tavana.core.forms import JalaliDateField, PersianCharField, StyledForm

from .. import sharing as plug
from ..models import DataSharing, Extract


class SharingForm(StyledForm):
    title = PersianCharField(label="عنوان", max_length=200, required=False)
    analyst = forms.ModelChoiceField(label="تحلیلگر شریک", queryset=None, required=False)
    indicators = forms.MultipleChoiceField(
        label="شاخص‌ها", required=False, widget=forms.CheckboxSelectMultiple
    )
    data_from = JalaliDateField(label="داده‌ها از تاریخ", required=False)
    valid_until = JalaliDateField(label="معتبر تا", required=False)
    frequency = forms.ChoiceField(label="تناوب برداشت", choices=DataSharing.FREQUENCIES)
    by_district = forms.BooleanField(label="به تفکیک منطقه", required=False)
    record_level = forms.BooleanField(
        label="برداشت سطح رکورد برای پژوهش (k-گمنام، بدون برنامه‌های ویژه)", required=False
    )
    k = forms.IntegerField(label="k (دست‌کم ۵)", initial=5, min_value=1, max_value=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["analyst"].queryset = User.objects.filter(
            role=roles.PARTNER_ANALYST, is_active=True
        ).order_by("last_name", "username")
        self.fields["analyst"].label_from_instance = lambda u: u.display_name
        self.fields["indicators"].choices = list(plug.INDICATORS.items())


class ExtractForm(StyledForm):
    kind = forms.ChoiceField(label="نوع برداشت", choices=Extract.KINDS)
    start = JalaliDateField(label="از تاریخ")
    end = JalaliDateField(label="تا تاریخ (خود این روز نه)")


class OverlapForm(StyledForm):
    """A partner's list encoded on her side, and the secret both sides share."""

    encoded = forms.FileField(
        label="فهرست رمزشده (خروجی فرمان رمزکردن؛ تا ۵۰ مگابایت)", required=False
    )
    secret = forms.FileField(label="فایل رمز مشترک", required=False)
    group_label = PersianCharField(
        label="ستون گروه در فهرست شما (مثلاً «خدمت»)", max_length=60, required=False
    )
