from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "tavana.partners"
    label = "partners"
    verbose_name = "همکاران و تفاهم‌نامه‌ها"

    def ready(self) -> None:
        from . import hooks

        hooks.connect()
