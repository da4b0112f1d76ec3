from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "tavana.audit"
    label = "audit"
    verbose_name = "دفتر رویدادها"
