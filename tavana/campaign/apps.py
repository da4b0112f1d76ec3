from django.apps import AppConfig


class CampaignConfig(AppConfig):
    name = "tavana.campaign"
    label = "campaign"
    verbose_name = "پویش «کار تو خونمونه» و منتورها"

    def ready(self) -> None:
        from tavana.notifications.sms_templates import SmsSpec, register

        register(
            SmsSpec(
                "campaign.phone_code",
                "کد تأیید ثبت‌نام در پویش",
                "کد تأیید پویش «{پویش}»: {کد}",
                {"پویش": "نام پویش", "کد": "کد پنج‌رقمی"},
                required=("کد",),
                sample={"پویش": "کار تو خونمونه", "کد": "۴۸۲۹۱"},
            )
        )
