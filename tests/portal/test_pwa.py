"""The installable web app: manifest, icons, the service worker from the site's
root, and the card it keeps offline (her next class and booth, nothing more)."""

import datetime as dt
import json
import re
import struct

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from tavana.bazaars.models import Assignment, Round
from tavana.businesses.models import Producer
from tavana.portal.domain.icon import icon_png
from tests.bazaars import factories as bf
from tests.training import factories as f

pytestmark = pytest.mark.django_db

MOBILE = "09121234567"


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.fixture
def woman():
    p = f.person("مریم", "کاظمی", number=4)
    p.mobile, p.national_code, p.address = MOBILE, "0012345679", "کوچهٔ یاس"
    p.save(update_fields=["mobile", "national_code", "address"])
    return p


def test_the_manifest_names_the_app_and_its_icons_are_real_pngs(client):
    path = finders.find("portal/manifest.webmanifest")
    manifest = json.loads(open(path, encoding="utf-8").read())
    assert manifest["start_url"] == "/my/" and manifest["display"] == "standalone"
    assert manifest["dir"] == "rtl" and manifest["lang"] == "fa"
    sizes = set()
    for icon in manifest["icons"]:
        data = open(finders.find(icon["src"].removeprefix("/static/")), "rb").read()
        w, h = _png_size(data)
        assert f"{w}x{h}" == icon["sizes"]
        sizes.add(w)
    assert {192, 512} <= sizes
    assert any(i["purpose"] == "maskable" for i in manifest["icons"])
    page = client.get(reverse("portal:front")).content.decode()
    assert 'rel="manifest"' in page and "portal/manifest.webmanifest" in page


def test_the_icons_are_what_the_code_draws():
    committed = open(finders.find("portal/icons/icon-192.png"), "rb").read()
    assert icon_png(192) == committed


def test_the_service_worker_is_served_from_the_root_as_script(client):
    r = client.get("/sw.js")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/javascript")
    assert r["Service-Worker-Allowed"] == "/" and "no-cache" in r["Cache-Control"]
    body = r.content.decode()
    assert "/my/next/" in body and "/my/sign-out/" in body  # keeps the card, forgets it


def test_every_deploy_is_a_new_worker_that_takes_her_page_at_once(client, monkeypatch):
    from types import SimpleNamespace

    from tavana.portal.pwa import views as views_pwa

    body = client.get("/sw.js").content
    assert views_pwa.DEPLOY_MARK not in body
    source = open(finders.find("portal/sw.js"), "rb").read()
    stamp = views_pwa.deploy_stamp(source)
    assert f'const DEPLOY = "{stamp}"'.encode() in body
    assert b"self.skipWaiting()" in body and b"self.clients.claim()" in body
    # a deploy that changes a style sheet (production hashes its name) or the
    # worker itself gives another stamp, so browsers install the new worker
    stamps = {stamp}
    for name in ("css/tavana.1a2b3c.css", "css/tavana.4d5e6f.css"):
        storage = SimpleNamespace(hashed_files={"css/tavana.css": name})
        monkeypatch.setattr(views_pwa, "staticfiles_storage", storage)
        stamps.add(views_pwa.deploy_stamp(source))
    assert len(stamps) == 3
    assert views_pwa.deploy_stamp(source + b"\n") != views_pwa.deploy_stamp(source)


def test_her_pages_register_it_from_a_file_not_inline(client, woman, sign_in):
    sign_in()
    page = client.get(reverse("portal:me")).content.decode()
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts and all("src=" in s for s in scripts)
    assert any("portal/pwa.js" in s for s in scripts)
    assert "<script" not in client.get(reverse("portal:front")).content.decode()


def test_the_card_shows_her_next_class_and_booth_and_nothing_about_her(client, woman, sign_in):
    today = timezone.localdate()
    c = f.course(title="گلدوزی", first=today + dt.timedelta(days=2))
    f.seat(c, woman)
    other = f.course(title="خیاطی", first=today + dt.timedelta(days=1))
    f.seat(other, woman, "waitlisted")  # a waitlist place is not a class she goes to
    prod = Producer.objects.create(person=woman, category=bf.category())
    ev = bf.event(bf.round_(status=Round.PUBLISHED), start=today + dt.timedelta(days=9))
    Assignment.objects.create(event=ev, producer=prod, booth_no=7)
    sign_in()
    card = client.get(reverse("portal:next"))
    body = card.content.decode()
    assert "no-store" in card["Cache-Control"]
    assert "گلدوزی" in body and "خیاطی" not in body
    assert 'غرفهٔ <span class="num">۷</span>' in body and ev.venue.name in body
    for private in ("0012345679", "۰۰۱۲۳۴۵۶۷۹", "کوچهٔ یاس", "۰۹۱۲"):
        assert private not in body
    me = client.get(reverse("portal:me")).content.decode()
    assert 'data-testid="next-card"' in me and "گلدوزی" in me


def test_the_card_says_so_when_nothing_is_ahead_and_needs_her_session(client, woman, sign_in):
    assert client.get(reverse("portal:next"))["Location"] == reverse("portal:sign_in")
    sign_in()
    body = client.get(reverse("portal:next")).content.decode()
    assert "کلاسی در پیش ندارید" in body and "غرفه‌ای در پیش ندارید" in body
