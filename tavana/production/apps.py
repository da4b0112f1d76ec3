from django.apps import AppConfig


class ProductionConfig(AppConfig):
    name = "tavana.production"
    label = "production"
    verbose_name = "سفارش‌های تولید"

    def ready(self) -> None:
        from . import hooks

        hooks.connect()
