from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "tavana.notifications"
    label = "notifications"
    verbose_name = "اعلان‌ها و یادآوری‌ها"

    def ready(self) -> None:
        # Audit actions of this app, in Persian, for the audit log's screen.
        from tavana.audit.labels import register_actions

        register_actions(
            {
                "notifications.policy_change": "تغییر ساعت‌های سکوت پیامک و خلاصهٔ روزانه",
            }
        )
