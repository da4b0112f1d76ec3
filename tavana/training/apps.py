from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "tavana.training"
    label = "training"
    verbose_name = "مراکز و آموزش"
