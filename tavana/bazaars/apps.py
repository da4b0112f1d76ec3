from django.apps import AppConfig


class BazaarsConfig(AppConfig):
    name = "tavana.bazaars"
    label = "bazaars"
    verbose_name = "بازارچه‌ها و نمایشگاه‌ها"

    def ready(self) -> None:
        from . import reminders  # noqa: F401  (registers the booth-offer reminder)
