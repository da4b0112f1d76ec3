from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tavana.accounts"
    label = "accounts"
    verbose_name = "کاربران و نقش‌ها"

    def ready(self) -> None:
        from tavana.notifications.sms_templates import SmsSpec, register

        from . import reminders  # (registers the clearances' reminder)

        fields = {"پیوند": "پیوند یک‌بارمصرف تعیین گذرواژه"}
        sample = {"پیوند": "https://tavana.example/accounts/password/MQ/abc/"}
        register(
            SmsSpec(
                "accounts.password_new",
                "پیوند تعیین گذرواژه برای کارمند تازه",
                "برای ورود به سامانهٔ توانا این پیوند را باز کنید (تا ۲۴ ساعت): {پیوند}",
                fields,
                required=("پیوند",),
                sample=sample,
            )
        )
        register(
            SmsSpec(
                "accounts.password_reset",
                "پیوند گذرواژهٔ تازه پس از بازنشانی",
                "برای تعیین گذرواژهٔ تازهٔ توانا این پیوند را باز کنید (تا ۲۴ ساعت): {پیوند}",
                fields,
                required=("پیوند",),
                sample=sample,
            )
        )
        register(
            SmsSpec(
                reminders.EXPIRING,
                "یادآوری پایان صلاحیت دسترسی (به کارمند؛ نام حوزه یا برنامه را نمی‌گوید)",
                reminders.SMS,
                {"روز": "چند روز مانده"},
                sample={"روز": "۱۰"},
            )
        )
