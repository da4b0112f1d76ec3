from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tavana.accounts"
    label = "accounts"
    verbose_name = "کاربران و نقش‌ها"
