import re
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from tavana.accounts import roles

TEMPLATES = Path(__file__).resolve().parents[2] / "tavana"
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']\s*(?:https?:)?//""", re.I)


def test_no_template_loads_anything_from_outside():
    offenders = [str(p) for p in TEMPLATES.rglob("*.html") if EXTERNAL.search(p.read_text())]
    assert not offenders


@pytest.mark.django_db
@pytest.mark.parametrize("role", roles.ROLES)
def test_home_page_per_role_is_persian_rtl_with_jalali_date(role, client_as):
    client = client_as(role)
    body = client.get(reverse("core:home")).content.decode()
    assert '<html lang="fa" dir="rtl">' in body
    assert roles.ROLE_LABELS[role] in body
    assert re.search(r"[۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2}", body), "a Jalali date in Persian digits"
    assert not EXTERNAL.search(body)
    assert "vendor/vazirmatn" in Path(TEMPLATES / "static/css/tavana.css").read_text()


@pytest.mark.django_db
def test_auditor_home_links_to_the_log_and_registrar_home_does_not(client_as):
    auditor_home = client_as(roles.AUDITOR).get(reverse("core:home")).content.decode()
    assert reverse("audit:log") in auditor_home


@pytest.mark.django_db
def test_error_pages_are_persian(client_as, client):
    assert "صفحه پیدا نشد" in client.get("/no-such-page/").content.decode()
    registrar = client_as(roles.REGISTRAR)
    assert "دسترسی مجاز نیست" in registrar.get(reverse("audit:log")).content.decode()


@pytest.mark.django_db
def test_500_page_is_persian():
    from django.test import Client

    from tavana.core.views import error_500

    request = Client().get("/health/").wsgi_request
    response = error_500(request)
    assert response.status_code == 500 and "خطای سامانه" in response.content.decode()


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_static_assets_are_served(client):
    response = client.get("/static/vendor/bootstrap/bootstrap.rtl.min.css")
    assert response.status_code == 200
