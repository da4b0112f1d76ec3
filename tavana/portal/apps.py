from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "tavana.portal"
    label = "portal"
    verbose_name = "درگاه عمومی و خدمات خود بانوان"

    def ready(self) -> None:
        from tavana.notifications.sms_templates import SmsSpec, register

        register(
            SmsSpec(
                "portal.sign_in_code",
                "کد ورود بانوان به درگاه",
                "کد ورود شما به توانا: {کد}\nاین کد را به کسی ندهید.",
                {"کد": "کد پنج‌رقمی"},
                required=("کد",),
                sample={"کد": "۴۸۲۹۱"},
            )
        )
