"""The front door and a woman's own pages, through the test client."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tavana.accounts import roles
from tavana.audit.models import AuditEntry
from tavana.core.sms import MemorySmsBackend
from tavana.portal import access
from tavana.training.models import Certificate, CourseEnrolment
from tests.training import factories as f

pytestmark = pytest.mark.django_db

MOBILE = "09121234567"


@pytest.fixture
def woman():
    p = f.person("مریم", "کاظمی")
    p.mobile, p.national_code, p.address = MOBILE, "0012345679", "خیابان نمونه"
    p.save(update_fields=["mobile", "national_code", "address"])
    return p


def _code() -> str:
    return re.search(r"(\d{5})", MemorySmsBackend.outbox[-1].text).group(1)


def _sign_in(client, mobile="۰۹۱۲ ۱۲۳ ۴۵۶۷"):
    r = client.post(reverse("portal:sign_in"), {"mobile": mobile})
    assert r.status_code == 302 and r["Location"] == reverse("portal:code")
    return client.post(reverse("portal:code"), {"code": _code()})


def test_a_visitor_finds_the_campaign_bazaars_and_both_sign_ins_from_the_front_door(client):
    body = client.get("/").content.decode()
    for name in ("campaign:join", "bazaars:upcoming", "training:verify", "portal:sign_in",
                 "accounts:login"):  # fmt: skip
        assert f'href="{reverse(name)}"' in body, name
    assert "<script" not in body  # nothing to download but the page and its style


def test_staff_who_are_signed_in_get_their_home_at_the_root(client, make_user):
    client.force_login(make_user(roles.REGISTRAR))
    body = client.get("/").content.decode()
    assert 'data-testid="who"' in body and "ورود بانوان" not in body


def test_she_signs_in_with_the_code_sent_to_her_mobile(client, woman):
    r = _sign_in(client)
    assert r.status_code == 302 and r["Location"] == reverse("portal:me")
    assert MemorySmsBackend.outbox[-1].mobile == MOBILE
    page = client.get(reverse("portal:me")).content.decode()
    assert "مریم" in page and "۰۰۱۲۳۴۵۶۷۹" in page
    entries = AuditEntry.objects.filter(person_id=woman.pk, actor_username=f"self:{woman.pk}")
    assert {"portal.sign_in", "portal.own_record"} <= set(entries.values_list("action", flat=True))
    assert entries.filter(actor__isnull=False).count() == 0


def test_a_code_is_single_use_and_kept_only_as_a_digest(client, woman):
    from tavana.portal.models import SignInCode

    client.post(reverse("portal:sign_in"), {"mobile": MOBILE})
    code = _code()
    assert code not in SignInCode.objects.get().code_hash
    assert client.post(reverse("portal:code"), {"code": code}).status_code == 302
    client.post(reverse("portal:sign_out"))
    client.session["portal_mobile"] = MOBILE
    s = client.session
    s["portal_mobile"] = MOBILE
    s.save()
    again = client.post(reverse("portal:code"), {"code": code})
    assert again.status_code == 400 and "درست نیست" in again.content.decode()


def test_an_unknown_number_and_a_wrong_code_get_the_same_answer(client, woman):
    known = client.post(reverse("portal:sign_in"), {"mobile": MOBILE}, follow=True)
    assert len(MemorySmsBackend.outbox) == 1
    bad = "12345" if _code() != "12345" else "54321"
    wrong_code = client.post(reverse("portal:code"), {"code": bad})
    other = Client()
    unknown = other.post(reverse("portal:sign_in"), {"mobile": "09350000000"}, follow=True)
    assert len(MemorySmsBackend.outbox) == 1  # nothing sent to a number not registered

    def text(r):
        body = r.content.decode()
        body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)
        return re.sub(
            r"<span dir=\"ltr\" class=\"num\">[^<]*</span>", "", body[body.index("<main") :]
        )

    assert text(known) == text(unknown)
    unknown_code = other.post(reverse("portal:code"), {"code": bad})
    assert wrong_code.status_code == unknown_code.status_code == 400
    assert text(wrong_code).replace("۰۹۱۲۱۲۳۴۵۶۷", "") == text(unknown_code).replace(
        "۰۹۳۵۰۰۰۰۰۰۰", ""
    )


def test_a_malformed_number_is_refused_with_what_she_typed_kept(client):
    r = client.post(reverse("portal:sign_in"), {"mobile": "۰۹۱۲"})
    body = r.content.decode()
    assert r.status_code == 400 and 'value="۰۹۱۲"' in body and "invalid-feedback" in body


def test_requests_are_limited_per_number(client, woman):
    for _ in range(3):
        assert client.post(reverse("portal:sign_in"), {"mobile": MOBILE}).status_code == 302
    r = client.post(reverse("portal:sign_in"), {"mobile": MOBILE})
    assert r.status_code == 429 and "یک ساعت" in r.content.decode()
    assert len(MemorySmsBackend.outbox) == 3


def test_five_wrong_tries_spend_the_code(client, woman):
    client.post(reverse("portal:sign_in"), {"mobile": MOBILE})
    good = _code()
    bad = "00000" if good != "00000" else "11111"
    for _ in range(5):
        client.post(reverse("portal:code"), {"code": bad})
    assert client.post(reverse("portal:code"), {"code": good}).status_code == 400


def test_the_session_ends_after_an_hour_whatever_she_does(client, woman):
    _sign_in(client)
    s = client.session
    s[access.SINCE] -= access.MAX_SECONDS + 1
    s.save()
    r = client.get(reverse("portal:me"))
    assert r.status_code == 302 and r["Location"] == reverse("portal:sign_in")


def test_a_shared_family_number_asks_which_woman_she_is(client, woman):
    sister = f.person("زهرا", "کاظمی")
    sister.mobile, sister.national_code = MOBILE, "0084575948"
    sister.save(update_fields=["mobile", "national_code"])
    r = _sign_in(client)
    assert r["Location"] == reverse("portal:choose")
    wrong = client.post(reverse("portal:choose"), {"national_code": "0012345679x"})
    assert wrong.status_code == 400
    r = client.post(reverse("portal:choose"), {"national_code": "۰۰۸۴۵۷۵۹۴۸"})
    assert r["Location"] == reverse("portal:me")
    assert "زهرا" in client.get(reverse("portal:me")).content.decode()


def test_her_page_shows_her_level_in_plain_words_and_nothing_internal(client, woman):
    from tavana.casework.models import CaseNote, SupportLevel, SupportStatus

    level = SupportLevel.objects.order_by("order").first()
    SupportStatus.objects.create(person=woman, level=level, since=timezone.localdate())
    writer = __import__("tavana.accounts.models", fromlist=["User"]).User.objects.create_user(
        username="sw", role=roles.SOCIAL_WORKER
    )
    CaseNote.objects.create(person=woman, author=writer, text="یادداشت درونی محرمانه")
    _sign_in(client)
    page = client.get(reverse("portal:me")).content.decode()
    assert level.name in page and "یادداشت درونی" not in page


def test_she_enrols_herself_in_an_open_course_and_the_waitlist_takes_her_when_full(client, woman):
    first = timezone.localdate() + dt.timedelta(days=5)
    c = f.course(capacity=1, first=first, title="گلدوزی")
    f.seat(c, f.person("سمیه", "نوری"))
    _sign_in(client)
    assert "گلدوزی" in client.get(reverse("portal:courses")).content.decode()
    r = client.post(reverse("portal:course_enrol", args=[c.pk]), follow=True)
    e = CourseEnrolment.objects.get(course=c, person=woman)
    assert e.status == CourseEnrolment.WAITLISTED and e.enrolled_by is None
    assert "فهرست انتظار" in r.content.decode() and "نفر ۱ در انتظار" in r.content.decode()
    entry = AuditEntry.objects.filter(action="training.enrol", person_id=woman.pk).get()
    assert entry.actor_username == f"self:{woman.pk}"


def test_she_downloads_her_own_certificate_and_no_one_elses(client, woman):
    c = f.course(title="نان‌پزی")
    mine = f.seat(c, woman, CourseEnrolment.COMPLETED)
    Certificate.objects.create(enrolment=mine, code="ABCDE23456", issued_on=timezone.localdate())
    theirs = f.seat(c, f.person("سارا", "امینی"), CourseEnrolment.COMPLETED)
    Certificate.objects.create(enrolment=theirs, code="FGHJK23456", issued_on=timezone.localdate())
    _sign_in(client)
    assert (
        reverse("portal:certificate", args=[mine.pk])
        in client.get(reverse("portal:me")).content.decode()
    )
    page = client.get(reverse("portal:certificate", args=[mine.pk])).content.decode()
    assert "نان‌پزی" in page and "مریم" in page
    assert client.get(reverse("portal:certificate", args=[theirs.pk])).status_code == 404


def test_her_pages_send_a_visitor_to_sign_in(client):
    for name in ("portal:me", "portal:courses"):
        r = client.get(reverse(name))
        assert r.status_code == 302 and r["Location"] == reverse("portal:sign_in")


def test_the_front_door_is_sent_compressed_to_a_browser_that_accepts_it(client):
    """A cheap phone's first view: the page itself compressed (static files come
    precompressed), and a cache told that the answer depends on it."""
    import gzip

    plain = client.get("/")
    packed = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    body = gzip.decompress(packed.content).decode()
    assert "کار تو خونمونه" in body
    assert len(packed.content) < len(plain.content) / 2
