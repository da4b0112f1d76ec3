from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "tavana.people"
    label = "people"
    verbose_name = "سامانهٔ ثبت"

    def ready(self) -> None:
        from tavana.accounts.links import link_gate

        from .importing import retention  # noqa: F401 - registers the daily expiry of uploads
        from .selectors import person_link_allowed

        link_gate("people:detail")(person_link_allowed)
