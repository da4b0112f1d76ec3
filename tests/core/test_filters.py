from datetime import UTC, date, datetime
from decimal import Decimal

from django.template import Context, Template


def render(src, **ctx):
    return Template(src).render(Context(ctx))


def test_persian_digits_and_numbers():
    assert render("{{ n|fa }}", n=1403) == "۱۴۰۳"
    assert render("{{ n|fa_num }}", n=40000) == "۴۰٬۰۰۰"
    assert render("{{ n|fa }}", n=None) == ""


def test_jalali_dates():
    assert render("{{ d|jdate }}", d=date(2025, 3, 6)) == "۱۴۰۳/۱۲/۱۶"
    assert render("{{ d|jdate_long }}", d=date(2025, 3, 6)) == "۱۶ اسفند ۱۴۰۳"
    # 20:45 UTC on 20 March 2025 is already 21 March (Nowruz 1404) in Tehran.
    assert render("{{ d|jdate }}", d=datetime(2025, 3, 20, 20, 45, tzinfo=UTC)) == "۱۴۰۴/۰۱/۰۱"


def test_decimals_read_with_the_persian_decimal_separator():
    # «۷.۶» was shown where a decimal went through |fa or a string through |fa_num
    assert render("{{ n|fa }}", n=7.6) == "۷٫۶"
    assert render("{{ n|fa_num }}", n="7.6") == "۷٫۶"
    assert render("{{ n|fa_num }}", n=Decimal("9.5")) == "۹٫۵"
    assert render("{{ n|fa_text }}", n="5 سطر وارد شد؛ کاربر registrar1") == (
        "۵ سطر وارد شد؛ کاربر registrar1"
    )
