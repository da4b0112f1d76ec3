from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "tavana.insights"
    label = "insights"
    verbose_name = "آمار و شاخص‌ها"

    def ready(self) -> None:
        from . import sharing

        sharing.register()
