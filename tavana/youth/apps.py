from django.apps import AppConfig


class YouthConfig(AppConfig):
    name = "tavana.youth"
    label = "youth"
    verbose_name = "کودکان و نوجوانان"

    def ready(self) -> None:
        from . import hooks

        hooks.connect()
