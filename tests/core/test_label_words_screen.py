"""The labelling-word list on its screen: only the administrator; a word submitted
wrong (no reason, or a spelling variant of one already listed) is refused beside
its field with what was typed kept; a right one joins the list, is checked in
public names at once, and is in the audit log and the screen's history; a word
set aside stays listed and stops being checked."""

import re

import pytest

from tavana.accounts import roles
from tavana.audit.models import AuditEntry
from tavana.core.domain.naming import DEFAULT_LABELS, word_key
from tavana.core.labels import public_name_check
from tavana.core.models import LabelWord

pytestmark = pytest.mark.django_db

URL = "/settings/label-words/"


@pytest.fixture
def listed():
    for word, reason in DEFAULT_LABELS:
        LabelWord.objects.get_or_create(
            key=word_key(word), defaults={"word": word, "reason": reason}
        )


def test_only_the_administrator(client, make_user):
    for role in (roles.BAZAAR_ORGANISER, roles.SOCIAL_WORKER, roles.MANAGER):
        client.force_login(make_user(role))
        assert client.get(URL).status_code == 403


def test_wrong_then_right_then_set_aside(client, make_user, listed):
    client.force_login(make_user(roles.ADMINISTRATOR, username="maryam"))
    assert client.get(URL).status_code == 200

    no_reason = client.post(URL, {"add": "1", "word": "بی‌بضاعت", "reason": ""})
    page = no_reason.content.decode()
    assert no_reason.status_code == 400
    said = re.search(r'data-field="reason">([^<]+)<', page).group(1)
    assert re.search("[\u0600-\u06ff]", said), said  # in Persian, beside the reason
    assert 'value="بی‌بضاعت"' in page  # what she typed is kept

    first_word = DEFAULT_LABELS[0][0]
    variant = first_word.replace("ی", "ي").replace("ک", "ك").replace("\u200c", " ")
    twin = client.post(URL, {"add": "1", "word": variant, "reason": "تکرار"})
    assert twin.status_code == 400 and "در فهرست هست" in twin.content.decode()

    assert public_name_check("بازارچهٔ بی‌بضاعتان").ok
    done = client.post(URL, {"add": "1", "word": "بی‌بضاعت", "reason": "نیاز را نشان می‌دهد"})
    assert done.status_code == 302
    assert not public_name_check("بازارچهٔ بي بضاعت").ok  # any spelling, at once
    page = client.get(URL).content.decode()
    assert "افزودن واژهٔ برچسب‌زننده" in page  # the history, in Persian

    word = LabelWord.objects.get(key=word_key("بی‌بضاعت"))
    client.post(URL, {"word_id": word.pk, "active": "0"})
    word.refresh_from_db()
    assert not word.active and public_name_check("بازارچهٔ بی‌بضاعت").ok
    assert LabelWord.objects.filter(pk=word.pk).exists()  # set aside, not deleted
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert "config.label_word_add" in actions and "config.label_word_update" in actions
    assert "تغییر واژهٔ برچسب‌زننده" in client.get("/audit/").content.decode()
