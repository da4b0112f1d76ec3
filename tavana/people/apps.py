from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "tavana.people"
    label = "people"
    verbose_name = "سامانهٔ ثبت"

    def ready(self) -> None:
        from tavana.accounts.links import link_gate
        from tavana.core.auditlog.lookups import people_finder

        from .importing import retention  # noqa: F401 - registers the daily expiry of uploads
        from .selectors import audit_people_find, audit_people_names, person_link_allowed

        link_gate("people:detail")(person_link_allowed)
        people_finder(audit_people_find, audit_people_names)

        from tavana.notifications.registry import sms_consent_check

        from .consents import sms_refusal

        sms_consent_check(sms_refusal)
