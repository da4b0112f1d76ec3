from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "tavana.people"
    label = "people"
    verbose_name = "سامانهٔ ثبت"
