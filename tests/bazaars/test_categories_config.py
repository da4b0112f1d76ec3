"""Product categories are configuration: the administrator edits them on a screen
(the bazaar organisers read them: a category is shared by every producer and
bazaar and the allocation's cap is per category, so who runs a round does not
redraw them), submitted wrong and right; each change is in
the audit log (in Persian) and in the screen's history; what was recorded under
a category stays with it."""

import re

import pytest
from django.core.exceptions import PermissionDenied

from tavana.accounts import roles
from tavana.audit.models import AuditEntry
from tavana.businesses import services
from tavana.businesses.models import Category, Producer

from . import factories as bz

pytestmark = pytest.mark.django_db

URL = "/businesses/categories/"


def test_only_the_administrator_edits_categories_the_organisers_read_them(client, make_user):
    for role in (roles.SOCIAL_WORKER, roles.MANAGER, roles.REGISTRAR):
        someone = make_user(role)
        client.force_login(someone)
        assert client.get(URL).status_code == 403
        with pytest.raises(PermissionDenied):
            services.category_save(actor=someone, name="شمع")
    organiser = make_user(roles.BAZAAR_ORGANISER, username="org")
    client.force_login(organiser)
    page = client.get(URL)
    assert page.status_code == 200 and 'data-testid="categories-read-only"' in page.content.decode()
    assert 'data-testid="form-category"' not in page.content.decode()
    assert client.post(URL, {"name": "گلیم‌بافی نو", "active": "on"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.category_save(actor=organiser, name="گلیم‌بافی نو")
    assert not Category.objects.filter(name="گلیم‌بافی نو").exists()
    assert not AuditEntry.objects.filter(action="business.category_save").exists()
    client.force_login(make_user(roles.ADMINISTRATOR, username="maryam"))
    assert URL in client.get("/accounts/admin/").content.decode()  # on the administration hub
    page = client.get(URL)
    assert page.status_code == 200 and 'data-testid="form-category"' in page.content.decode()


def test_a_category_name_with_a_labelling_word_is_refused(client, make_user):
    """Its name is on the public list of bazaars: it never says why a woman is served."""
    client.force_login(make_user(roles.ADMINISTRATOR, username="maryam"))
    typed = "دست‌سازه‌های زنان سرپرست خانوار"
    refused = client.post(URL, {"name": typed, "active": "on"})
    page = refused.content.decode()
    assert refused.status_code == 400 and f'value="{typed}"' in page  # what she typed is kept
    [said] = re.findall(r"invalid-feedback[^>]*>([^<]+)<", page)
    assert re.search("[\u0600-\u06ff]", said), said
    assert not Category.objects.filter(name__contains="سرپرست").exists()


def test_wrong_then_right_audited_with_history(client, make_user):
    client.force_login(make_user(roles.ADMINISTRATOR, username="maryam"))
    existing = bz.category("handicrafts")
    empty = client.post(URL, {"name": "  ", "active": "on"})
    assert empty.status_code == 400
    [said] = re.findall(r"invalid-feedback[^>]*>([^<]+)<", empty.content.decode())
    assert re.search("[\u0600-\u06ff]", said), said  # in Persian, beside the name
    # the same name in Arabic letters is the same name
    twin = existing.name.replace("ی", "ي").replace("ک", "ك")
    clash = client.post(URL, {"name": twin, "active": "on"})
    page = clash.content.decode()
    assert clash.status_code == 400 and "دسته‌ای با همین نام هست" in page
    assert Category.objects.filter(name=existing.name).count() == 1

    done = client.post(URL, {"name": "شمع و عطر", "active": "on"})
    assert done.status_code == 302
    assert Category.objects.filter(name="شمع و عطر", active=True).exists()
    entry = AuditEntry.objects.get(action="business.category_save")
    assert entry.after["name"] == "شمع و عطر"
    page = client.get(URL).content.decode()
    assert "ذخیرهٔ دستهٔ محصول" in page  # the history, in Persian
    audit = client.get("/audit/").content.decode()
    assert "ذخیرهٔ دستهٔ محصول" in audit


def test_renaming_or_retiring_keeps_what_was_recorded(client, make_user):
    admin = make_user(roles.ADMINISTRATOR, username="maryam")
    client.force_login(admin)
    producer = bz.producer("handicrafts")
    c = producer.category
    client.post(URL, {"name": "صنایع دستی سنتی", "category": c.pk})  # no "active": retired
    c.refresh_from_db()
    assert c.name == "صنایع دستی سنتی" and not c.active
    producer = Producer.objects.get(pk=producer.pk)
    assert producer.category_id == c.pk  # her record is not rewritten to another category
    entry = AuditEntry.objects.filter(action="business.category_save").latest("id")
    assert entry.before["active"] is True and entry.after["active"] is False
