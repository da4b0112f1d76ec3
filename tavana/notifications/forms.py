from django import forms

from tavana.core.forms import NumberTextInput, PersianCharField, StyledForm

from .registry import SOURCES


class PolicyForm(StyledForm):
    quiet_start = forms.TimeField(
        label="آغاز ساعت سکوت پیامک", widget=forms.TimeInput(attrs={"type": "time", "dir": "ltr"})
    )
    quiet_end = forms.TimeField(
        label="پایان ساعت سکوت پیامک", widget=forms.TimeInput(attrs={"type": "time", "dir": "ltr"})
    )
    digest_hour = forms.IntegerField(
        widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
        label="ساعت ساختن خلاصهٔ روزانه و یادآوری‌ها",
        min_value=0,
        max_value=23,
        error_messages={
            "min_value": "ساعت باید بین ۰ و ۲۳ باشد.",
            "max_value": "ساعت باید بین ۰ و ۲۳ باشد.",
            "invalid": "ساعت را با عدد بنویسید.",
        },
    )
    digest_sms = forms.BooleanField(
        label="خلاصهٔ روزانه به تلفن همراه کارکنان هم پیامک شود (فقط شمار کارها)", required=False
    )

    def __init__(self, *args, policy=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lead_fields = []
        for code, source in sorted(SOURCES.items()):
            if source.lead_days is None:
                continue
            name = f"lead_{code.replace('.', '__')}"
            self.fields[name] = forms.IntegerField(
                widget=NumberTextInput({"class": "form-control"}),
                label=f"{source.label}: چند روز پیش‌تر",
                min_value=0,
                max_value=365,
                required=False,
                initial=(policy.lead_days.get(code) if policy else None) or source.lead_days,
                error_messages={
                    "min_value": "عددی از ۰ تا ۳۶۵ بنویسید.",
                    "max_value": "عددی از ۰ تا ۳۶۵ بنویسید.",
                    "invalid": "عدد روز را بنویسید.",
                    "required": "عدد روز را بنویسید.",
                },
            )
            self.fields[name].widget.attrs.update({"class": "form-control", "inputmode": "numeric"})
            self.lead_fields.append((name, code))

    def policy_data(self) -> dict:
        d = self.cleaned_data
        return {
            "quiet_start": d["quiet_start"],
            "quiet_end": d["quiet_end"],
            "digest_hour": d["digest_hour"],
            "digest_sms": d["digest_sms"],
            "lead_days": {code: d[name] for name, code in self.lead_fields if d[name] is not None},
        }


class SmsTemplateForm(StyledForm):
    text = PersianCharField(
        label="متن پیامک", max_length=500, widget=forms.Textarea(attrs={"rows": 4})
    )
