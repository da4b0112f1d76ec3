from django.apps import AppConfig


class BazaarsConfig(AppConfig):
    name = "tavana.bazaars"
    label = "bazaars"
    verbose_name = "بازارچه‌ها و نمایشگاه‌ها"
