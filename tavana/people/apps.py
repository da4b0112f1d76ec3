from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "tavana.people"
    label = "people"
    verbose_name = "سامانهٔ ثبت"

    def ready(self) -> None:
        from .importing import retention  # noqa: F401 - registers the daily expiry of uploads
