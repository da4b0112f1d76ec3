from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "tavana.casework"
    label = "casework"
    verbose_name = "مددکاری و سطح حمایت"

    def ready(self) -> None:
        # The person page, the home page and the registry scope are extended here,
        # so the registry and the shell do not import casework.
        from tavana.accounts import services as accounts_services
        from tavana.accounts import views_admin
        from tavana.core import views as core_views
        from tavana.people import selectors as people_selectors
        from tavana.people import views as people_views

        from . import hooks, reminders  # noqa: F401  (reminders register themselves)
        from .services import caseload_handover_on_deactivate

        link = ("casework:config_ladder", "نردبان حمایت",
                "سطح‌های حمایت، فاصلهٔ ارزیابی دوباره و جابه‌جایی‌های مجاز")  # fmt: skip
        for entry in (
            link,
            ("casework:config_assessment", "ارزیابی نیاز",
             "پرسش‌نامه و آستانه‌های قاعدهٔ پیشنهاد سطح (هر تغییر یک نسخه)"),
            ("casework:config_services", "انواع خدمت",
             "خدمت‌ها، برنامه و واحد سازمانی هر کدام، واحد شمارش"),
        ):  # fmt: skip
            if entry not in views_admin.ADMIN_LINKS:
                views_admin.ADMIN_LINKS.append(entry)
        if caseload_handover_on_deactivate not in accounts_services.ON_DEACTIVATE:
            accounts_services.ON_DEACTIVATE.append(caseload_handover_on_deactivate)

        for section in hooks.PERSON_SECTIONS:
            if section not in people_views.PERSON_SECTIONS:
                people_views.PERSON_SECTIONS.append(section)
        if hooks.home_section not in core_views.HOME_SECTIONS:
            core_views.HOME_SECTIONS.append(hooks.home_section)
        if hooks.caseload_scope not in people_selectors.PERSON_SCOPE_EXTRA:
            people_selectors.PERSON_SCOPE_EXTRA.append(hooks.caseload_scope)
