from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "tavana.training"
    label = "training"
    verbose_name = "مراکز و آموزش"

    def ready(self) -> None:
        # The person page and the home page are extended here, so neither imports training.
        from tavana.core import views as core_views
        from tavana.people import views as people_views

        from . import hooks, reminders  # noqa: F401  (reminders register themselves)

        if hooks.courses_section not in people_views.PERSON_SECTIONS:
            people_views.PERSON_SECTIONS.append(hooks.courses_section)
        if hooks.home_section not in core_views.HOME_SECTIONS:
            core_views.HOME_SECTIONS.append(hooks.home_section)
