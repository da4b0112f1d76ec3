from django.apps import AppConfig


class ProtectedConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tavana.protected"
    verbose_name = "برنامه‌های ویژه"

    def ready(self) -> None:
        # The person page shows a section only to staff cleared for a programme
        # she is in (or holding a live emergency grant for her); to everyone else
        # the section does not exist.
        from tavana.accounts import views_admin
        from tavana.core import views as core_views
        from tavana.notifications.sms_templates import SmsSpec, register
        from tavana.people.views import PERSON_SECTIONS

        from . import production_ledger

        production_ledger.connect()
        from .release import money_sms
        from .release import reminders as _release_reminders  # noqa: F401  (registers)

        money_sms.register_all(register, SmsSpec)
        from .models import Programme
        from .sections import home_section, person_section

        _clearance_areas()
        link = ("accounts:clearances", "صلاحیت برنامه‌های ویژه",
                "درخواست، تأیید مدیر دوم، تمدید و لغو صلاحیت کارکنان", (Programme.PRISON,))  # fmt: skip
        if link not in views_admin.ADMIN_LINKS:
            views_admin.ADMIN_LINKS.append(link)

        if person_section not in PERSON_SECTIONS:
            PERSON_SECTIONS.append(person_section)

        # no one in a protected programme ever leaves in a partner's research extract
        from tavana.partners.sharing import NEVER_SHARED

        from .selectors import participant_person_ids

        if participant_person_ids not in NEVER_SHARED:
            NEVER_SHARED.append(participant_person_ids)
        if home_section not in core_views.HOME_SECTIONS:
            core_views.HOME_SECTIONS.append(home_section)


def _clearance_areas() -> None:
    """Each programme is an area of the one clearance model (accounts.Clearance),
    named by the programme's code: asked for, approved by a second administrator,
    renewed and revoked on the administrator's clearance pages."""
    from tavana.accounts.clearances import clearance_area

    from .access import CLEARANCE_ACTIONS
    from .models import Programme

    about = {
        Programme.PRISON: "اعضای برنامهٔ اشتغال زنان در حبس رأی‌باز: معرفی‌نامه‌ها، آموزش، "
        "به‌کارگیری در واحدهای تولیدی و دفتر کارکرد و دستمزد.",
        Programme.RECOVERY: "اعضای برنامهٔ بازتوانی: جلسه‌های مشاوره، تماس‌ها و دیدارها با "
        "خانواده و هدف‌های بازگشت به جامعه.",
        Programme.RELEASE: "پرونده‌های پویش آزادسازی مادران: بدهی‌ها، فرزندان، نیکوکاران، "
        "پرداخت‌ها و پیگیری‌های پس از آزادی.",
    }
    for code, name in Programme.DEFAULT_NAMES.items():
        home = (
            ("release:home", ()) if code == Programme.RELEASE else ("protected:programme", (code,))
        )
        clearance_area(code, name, about[code], actions=CLEARANCE_ACTIONS, home=home)
