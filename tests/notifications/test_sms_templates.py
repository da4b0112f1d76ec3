"""SMS wording as data: placeholders, the no-label check, history."""

import pytest

from tavana.accounts import roles
from tavana.audit.models import AuditEntry
from tavana.core.errors import ServiceError
from tavana.core.labels import label_word_save, public_name_check
from tavana.notifications.sms_templates import sms_render, template_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_user):
    return make_user(roles.ADMINISTRATOR, username="boss")


def test_a_template_that_labels_is_refused_and_a_good_one_is_used(admin):
    with pytest.raises(ServiceError) as e:
        template_save(
            actor=admin, code="bazaars.booth_offer",
            text="غرفهٔ {غرفه} در بازارچهٔ زنان سرپرست‌خانوار «{بازارچه}» از {از}",
        )  # fmt: skip
    assert "سرپرست خانوار" in e.value.errors["text"]
    with pytest.raises(ServiceError) as e:
        template_save(actor=admin, code="bazaars.booth_offer", text="غرفهٔ {غرفه} در {جا}")
    assert "«{جا}»" in e.value.errors["text"]
    with pytest.raises(ServiceError) as e:
        template_save(actor=admin, code="campaign.phone_code", text="کد شما آماده است")
    assert "«{کد}»" in e.value.errors["text"]
    template_save(
        actor=admin, code="bazaars.booth_offer",
        text="غرفهٔ {غرفه} در «{بازارچه}» از {از} تا {تا} از آنِ شماست.",
    )  # fmt: skip
    text = sms_render("bazaars.booth_offer", غرفه="۳", بازارچه="بازارچه نوروزی", از="۱", تا="۲")
    assert text == "غرفهٔ ۳ در «بازارچه نوروزی» از ۱ تا ۲ از آنِ شماست."
    entry = AuditEntry.objects.get(action="config.sms_template")
    assert entry.before["text"].startswith("غرفهٔ شمارهٔ") and "آنِ شماست" in entry.after["text"]


def test_a_new_labelling_word_is_caught_in_public_names_at_once(admin):
    assert public_name_check("بازارچهٔ بانوان آسیب‌پذیر").ok
    label_word_save(
        actor=admin, data={"word": "آسیب‌پذیر", "reason": "فروشندگان را آسیب‌پذیر می‌خواند"}
    )
    check = public_name_check("بازارچهٔ بانوان آسيب پذير")  # Arabic yeh, no half-space
    assert not check.ok and "آسیب‌پذیر" in check.reason
    with pytest.raises(ServiceError):
        label_word_save(actor=admin, data={"word": "آسيب پذير", "reason": "تکراری"})


def test_a_number_given_to_an_sms_is_written_as_every_page_writes_it():
    text = sms_render("bazaars.booth_offer", غرفه=12, بازارچه="بازارچه نوروزی", از="۱", تا="۲")
    assert "۱۲" in text and "12" not in text
