from django.apps import AppConfig


class BazaarsConfig(AppConfig):
    name = "tavana.bazaars"
    label = "bazaars"
    verbose_name = "بازارچه‌ها و نمایشگاه‌ها"

    def ready(self) -> None:
        from tavana.businesses import selling
        from tavana.notifications.registry import sms_to_women
        from tavana.notifications.sms_templates import SmsSpec, register

        from . import reminders  # noqa: F401  (registers the booth-offer reminder)
        from .selectors import opportunities, producer_history
        from .services.booths import SMS_KIND

        sms_to_women(SMS_KIND)  # booths and waitlist places: shown in her own inbox

        # the producers' pages show the bazaars' figures without importing bazaars
        selling.provide(opportunities=opportunities, history=producer_history)

        register(
            SmsSpec(
                "bazaars.booth_offer",
                "اعلام غرفه به تولیدکننده",
                "غرفهٔ شمارهٔ {غرفه} در «{بازارچه}»، {مکان}، از {از} تا {تا} برای شما در نظر گرفته "
                "شد. برای پذیرفتن یا انصراف، با همین شماره به درگاه توانا وارد شوید یا با مرکز "
                "تماس بگیرید.",
                {"غرفه": "شمارهٔ غرفه", "بازارچه": "نام عمومی بازارچه", "مکان": "مکان برگزاری",
                 "از": "تاریخ آغاز", "تا": "تاریخ پایان"},
                required=("غرفه", "بازارچه", "از"),
                sample={"غرفه": "۱۲", "بازارچه": "بازارچه دستاوردهای زنان", "مکان": "بوستان گفتگو",
                        "از": "۱۴۰۳/۱۲/۱۶", "تا": "۱۴۰۳/۱۲/۲۵"},
            )
        )  # fmt: skip
        register(
            SmsSpec(
                "bazaars.waitlist",
                "اعلام فهرست انتظار غرفه",
                "در این نوبت غرفه‌ای به درخواست شما نرسید و نام شما در فهرست انتظار است؛ "
                "اگر غرفه‌ای آزاد شود با شما تماس می‌گیریم.",
                {},
            )
        )
