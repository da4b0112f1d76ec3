from django.apps import AppConfig


class BusinessesConfig(AppConfig):
    name = "tavana.businesses"
    label = "businesses"
    verbose_name = "کسب‌وکارهای خانگی و خرد"
