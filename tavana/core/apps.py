from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tavana.core"
    label = "core"
    verbose_name = "هسته"
