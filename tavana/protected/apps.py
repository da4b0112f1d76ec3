from django.apps import AppConfig


class ProtectedConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tavana.protected"
    verbose_name = "برنامه‌های ویژه"

    def ready(self) -> None:
        # The person page shows a section only to staff cleared for a programme
        # she is in (or holding a live emergency grant for her); to everyone else
        # the section does not exist.
        from tavana.core import views as core_views
        from tavana.people.views import PERSON_SECTIONS

        from .sections import home_section, person_section

        if person_section not in PERSON_SECTIONS:
            PERSON_SECTIONS.append(person_section)
        if home_section not in core_views.HOME_SECTIONS:
            core_views.HOME_SECTIONS.append(home_section)
