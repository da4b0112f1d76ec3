from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "tavana.notifications"
    label = "notifications"
    verbose_name = "اعلان‌ها و یادآوری‌ها"

    def ready(self) -> None:
        # Audit actions of this app, in Persian, for the audit log's screen.
        from tavana.audit.labels import register_actions

        from .sms_templates import SmsSpec, register

        register(
            SmsSpec(
                "notifications.digest",
                "خلاصهٔ روزانه به کارکنان (فقط شمار کارها)",
                "توانا: {شمار} کار در انتظار شماست. برای دیدن فهرست وارد سامانه شوید.",
                {"شمار": "شمار کارها"},
                required=("شمار",),
                sample={"شمار": "۷"},
            )
        )

        register_actions(
            {
                "notifications.policy_change": "تغییر ساعت‌های سکوت پیامک و خلاصهٔ روزانه",
            }
        )
