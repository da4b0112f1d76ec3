"""The one search box: spellings, digits, scope, ranking, typos, keyset pages, view."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tavana.accounts import roles
from tavana.core.domain.identifiers import make_national_code
from tavana.core.models import District
from tavana.people.models import Person
from tavana.people.search import (
    EXACT,
    FUZZY,
    PREFIX,
    SUBSTRING,
    person_search,
    query_digits,
)
from tavana.people.services import person_create

pytestmark = pytest.mark.django_db

NC = make_national_code("001234567")
MOBILE = "09121234567"


@pytest.fixture
def districts(db):
    return {n: District.objects.create(number=n, name=f"منطقهٔ {n}") for n in (4, 9)}


@pytest.fixture
def admin(make_user):
    return make_user(roles.ADMINISTRATOR, username="search_admin")


@pytest.fixture
def add(admin, districts):
    counter = iter(range(100_000, 999_999))

    def add(first, last, *, district=4, national_code="", mobile="", father="علی"):
        if national_code is None:
            national_code = ""
        elif not national_code:
            national_code = make_national_code(f"{next(counter):09d}")
        return person_create(
            actor=admin,
            data={
                "first_name": first,
                "last_name": last,
                "father_name": father,
                "national_code": national_code,
                "mobile": mobile,
                "birth_date": "1360/05/12",
                "district": str(district),
            },
        )

    return add


def ids(actor, query, **kw):
    return [p.id for p in person_search(actor=actor, query=query, **kw).results]


@pytest.fixture
def maryam(add):
    add("زهرا", "کاظمی")  # another woman, so a match is not just "everyone"
    return add("مریم", "کاظمی‌نژاد", national_code=NC, mobile=MOBILE)


@pytest.mark.parametrize(
    "query",
    [
        "مریم کاظمی‌نژاد",
        "مريم كاظمي‌نژاد",
        "مریم کاظمی نژاد",
        "مریم کاظمینژاد",
        "مريم  كاظمي نژاد ",
        "مریمکاظمی‌نژاد",
        "مَریَم کاظِمی‌نژاد",
        "کاظمی‌نژاد مریم",
        "كاظمي نژاد مريم",
        "کاظمینژاد",
        "کاظمی نژاد",
    ],
)
def test_every_spelling_of_the_name_finds_her_first(admin, maryam, query):
    found = ids(admin, query)
    assert found and found[0] == maryam.id
    assert person_search(actor=admin, query=query).results[0].search_tier == EXACT


@pytest.mark.parametrize(
    "query",
    [
        NC,
        NC.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")),
        NC.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
        f"{NC[:3]}-{NC[3:9]}-{NC[9:]}",
        NC.lstrip("0"),  # a spreadsheet ate the leading zeros
    ],
)
def test_national_code_in_any_digits_finds_her(admin, maryam, query):
    assert ids(admin, query) == [maryam.id]


@pytest.mark.parametrize(
    "query",
    [
        "09121234567",
        "9121234567",
        "+989121234567",
        "00989121234567",
        "0912 123 4567",
        "۰۹۱۲۱۲۳۴۵۶۷",
        "٠٩١٢١٢٣٤٥٦٧",
        "+۹۸۹۱۲۱۲۳۴۵۶۷",
    ],
)
def test_mobile_in_any_form_finds_her(admin, maryam, query):
    assert ids(admin, query) == [maryam.id]


def test_partial_numbers_are_prefixes(admin, add, maryam):
    other = add("سارا", "نوری", mobile="09129999999")
    assert ids(admin, "۰۹۱۲۱۲") == [maryam.id]
    assert set(ids(admin, "0912")) == {maryam.id, other.id}
    assert ids(admin, "912123") == [maryam.id]
    assert maryam.id in ids(admin, NC[:6].translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")))
    page = person_search(actor=admin, query="۰۹۱۲۱۲")
    assert page.kind == "number" and page.results[0].search_tier == PREFIX


def test_query_digits():
    assert query_digits("۰۹۱۲-۱۲۳ ۴۵۶۷") == "09121234567"
    assert query_digits("+98 912") == "0098912"
    assert query_digits("مریم") is None
    assert query_digits("مریم ۱۲") is None


def test_registrar_sees_only_her_district(add, make_user, districts):
    in_four = add("نرگس", "احمدی", district=4)
    in_nine = add("نرگس", "احمدی", district=9, mobile="09351112233")
    registrar = make_user(roles.REGISTRAR, username="registrar4")
    registrar.districts.add(districts[4])
    assert ids(registrar, "نرگس احمدی") == [in_four.id]
    assert ids(registrar, "09351112233") == []
    assert ids(registrar, in_nine.national_code) == []
    assert ids(registrar, "نرگس احمدو") == [in_four.id]  # typo path is scoped too
    admin = make_user(roles.ADMINISTRATOR, username="admin2")
    assert set(ids(admin, "نرگس احمدی")) == {in_four.id, in_nine.id}


def test_roles_without_person_view_find_nobody(add, make_user):
    add("نرگس", "احمدی")
    trainer = make_user(roles.TRAINER, username="trainer1")
    assert ids(trainer, "نرگس احمدی") == []


def test_ranking_exact_prefix_substring_fuzzy(admin, add):
    fuzzy = add("لیلا", "کاضمی")
    substring = add("سمیه", "حاج‌کاظمی")
    prefix = add("مینا", "کاظمیان")
    exact = add("پروین", "کاظمی")
    page = person_search(actor=admin, query="کاظمی")
    assert [p.id for p in page.results] == [exact.id, prefix.id, substring.id, fuzzy.id]
    assert [p.search_tier for p in page.results] == [EXACT, PREFIX, SUBSTRING, FUZZY]


def test_whole_name_before_one_part(admin, add):
    only_first = add("مریم", "رحیمی")
    whole = add("مریم", "سلطانی")
    assert ids(admin, "مریم سلطانی")[0] == whole.id
    assert ids(admin, "مریم")[:2] == [only_first.id, whole.id]  # same tier: by id


@pytest.mark.parametrize(
    "query",
    [
        "مریم کاظمی‌نجاد",  # one letter wrong
        "مرین کاظمی‌نجاد",  # two letters wrong, one in each name
        "مریم کازمی نجاد",  # two letters wrong in the last name
        "کاظمی‌نجاد مریم",  # wrong and swapped
        "کاظمینجاد",  # one word, one letter wrong
    ],
)
def test_typos_find_her(admin, maryam, query):
    page = person_search(actor=admin, query=query)
    assert page.results and page.results[0].id == maryam.id
    assert page.results[0].search_tier == FUZZY


def test_typo_far_from_every_name_finds_nobody(admin, maryam):
    assert ids(admin, "شهربانو") == []


def test_keyset_pages_visit_every_result_once(admin, add):
    expected = set()
    for _ in range(9):
        expected.add(add("فاطمه", "صالحی").id)  # exact, many namesakes
    for first in ("فاطمه", "زهرا"):
        expected.add(add(first, "صالحی‌پور").id)  # prefix of the last name
    expected.add(add("فاطمه", "صالحیان").id)
    expected.add(add("مریم", "آل‌صالحی").id)  # substring
    expected.add(add("فاطمه", "صالهی").id)  # one letter wrong
    add("فاطمه", "کریمی")  # not a match
    whole = ids(admin, "صالحی", limit=100)
    assert set(whole) == expected and len(whole) == len(expected)
    seen, cursor, pages = [], None, 0
    while True:
        page = person_search(actor=admin, query="صالحی", after=cursor, limit=4)
        seen.extend(p.id for p in page.results)
        pages += 1
        if not page.has_next:
            break
        cursor = page.next_cursor
    assert seen == whole
    assert pages == -(-len(expected) // 4)


def test_keyset_pages_over_prefix_buckets(admin, add):
    made = [add("زهرا", last).id for last in ("رضایی", "رضازاده", "رضوی", "رضاییان", "رحمانی")]
    seen, cursor = [], None
    while True:
        page = person_search(actor=admin, query="رضا", after=cursor, limit=2)
        assert all(p.search_tier == PREFIX for p in page.results)
        seen.extend(p.id for p in page.results)
        if not page.has_next:
            break
        cursor = page.next_cursor
    # by last name, then id: رضازاده < رضایی < رضاییان; رضوی and رحمانی are not «رضا…»
    assert seen == [made[1], made[0], made[3]]


def test_a_damaged_cursor_gives_an_empty_page(admin, maryam):
    assert ids(admin, "مریم", after="not-a-cursor!") == []


def test_merged_persons_never_appear(admin, add):
    kept = add("سکینه", "باقری", mobile="09371234567")
    gone = add("سكينه", "باقري", mobile="09371234568")
    Person.objects.filter(pk=gone.pk).update(merged_into=kept)
    for query in ("سکینه باقری", "باقر", "اقری", "سکینه باقرو", gone.national_code, "0937123"):
        assert gone.id not in ids(admin, query), query
    assert ids(admin, "سکینه باقری") == [kept.id]


def test_empty_and_short_queries(admin, maryam):
    assert person_search(actor=admin, query="  ").kind == "empty"
    assert person_search(actor=admin, query="م").kind == "short"
    assert person_search(actor=admin, query="۰۹").kind == "short"


# ---------------------------------------------------------------------- view

URL = "/people/search/"


def test_search_page_lists_results_with_links(client_as, add, maryam):
    client = client_as(roles.REGISTRAR)
    client.user.districts.add(District.objects.get(number=4))
    assert reverse("search:persons") == URL
    response = client.get(URL, {"q": "مريم كاظمي نژاد"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html and "autofocus" in html and 'hx-get="' in html
    assert "مریم" in html and "کاظمی‌نژاد" in html
    assert reverse("people:detail", args=[maryam.id]) in html
    assert "۱۳۶۰/۰۵/۱۲" in html  # Jalali, Persian digits


def test_search_partial_for_htmx(client_as, maryam):
    client = client_as(roles.ADMINISTRATOR)
    response = client.get(URL, {"q": "کاظمی"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "کاظمی‌نژاد" in html


def test_search_nothing_found_offers_registration(client_as, maryam):
    client = client_as(roles.REGISTRAR)
    html = client.get(URL, {"q": "شهربانو"}).content.decode()
    assert "کسی با این مشخصات پیدا نشد" in html
    assert reverse("people:register") in html


def test_search_next_page_link(client_as, add):
    for _ in range(3):
        add("فاطمه", "صالحی")
    client = client_as(roles.ADMINISTRATOR)
    html = client.get(URL, {"q": "صالحی", "limit": "2"}).content.decode()
    assert "صفحهٔ بعد" in html and "after=" in html


def test_search_is_gated(client, client_as):
    assert client.get(URL).status_code == 302  # to the login page
    assert client_as(roles.TRAINER).get(URL).status_code == 403


def test_search_page_query_count(client_as, add, django_assert_max_num_queries):
    for _ in range(25):
        add("فاطمه", "صالحی")
    client = client_as(roles.ADMINISTRATOR)
    client.get(URL)  # warm the session
    with django_assert_max_num_queries(8):
        response = client.get(URL, {"q": "فاطمه صالحی"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("فاطمه صالحی") >= 20 and "صفحهٔ بعد" in page  # a full page, and more


def test_results_carry_the_display_fields(admin, maryam, django_assert_num_queries):
    person = person_search(actor=admin, query=NC).results[0]
    with django_assert_num_queries(0):
        assert person.first_name == "مریم" and person.last_name == "کاظمی‌نژاد"
        assert person.birth_date == maryam.birth_date and person.district.number == 4
        assert person.national_code == NC and person.mobile == MOBILE
    assert "address" in person.get_deferred_fields()  # a save() could not blank it


def test_two_letters_wrong_only_when_nothing_closer(admin, add, maryam):
    closer = add("مرین", "کاظمی‌نژاد")  # one letter from the query below
    assert ids(admin, "مرین کاظمی‌نجاد") == [closer.id]
    assert ids(admin, "مرین کاظمی‌نجاد", limit=1) == [closer.id]


def test_search_indexes_and_triggers_survive_every_migration():
    """SQLite rebuilds a table to alter a column, dropping the indexes and
    triggers Django does not know of (0002's); 0003 puts them back."""
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'people_person'")
        else:
            cur.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'people_person' "
                "UNION ALL SELECT tgname FROM pg_trigger "
                "WHERE tgrelid = 'people_person'::regclass AND NOT tgisinternal"
            )
        names = {r[0] for r in cur.fetchall()}
    for index in ("person_search_flat", "person_search_first", "person_search_last"):
        assert index in names
    assert {n for n in names if "search_vocab" in n}
    if connection.vendor == "sqlite":
        assert {n for n in names if "search_fts" in n}  # the trigram table's triggers
    else:
        assert "person_search_flat_trgm" in names
        # the LIKE twins and the district key's own index are gone (0003)
        assert not {n for n in names if n.endswith("_like")}
        assert "person_mobile" in names


def test_new_names_reach_the_vocabulary_and_the_substring_index(admin, add):
    """(the triggers work after 0003: a typo and a substring find a new name)"""
    made = add("شیرین", "نوروزی‌فرد")
    assert ids(admin, "شیرین نوروزیفری") == [made.id]  # one letter wrong
    assert ids(admin, "وزیف") == [made.id]  # inside the name


@pytest.mark.parametrize("registrar_scope", [False, True])
def test_substring_pages_do_not_depend_on_how_they_are_read(
    admin, add, make_user, districts, monkeypatch, registrar_scope
):
    """PostgreSQL reads a substring bucket by collecting its matches or by
    walking the table in id order, from a measured guess; both give the same
    pages."""
    from tavana.people.search import query as search

    for k in range(14):
        add("مهسا", f"{'ابراهیمی' if k % 2 else 'کریمی'}{'‌نسب' * (k % 3 == 0)}", district=4)
        add("نگار", "ابراهیمی", district=9)
    actor = admin
    if registrar_scope:
        actor = make_user(roles.REGISTRAR, username="sub_registrar")
        actor.districts.add(districts[4])

    def pages():
        seen, cursor = [], None
        while True:
            page = person_search(actor=actor, query="یمی", after=cursor, limit=3)
            seen.extend((p.id, p.search_tier) for p in page.results)
            if not page.has_next:
                return seen
            cursor = page.next_cursor

    monkeypatch.setattr(search, "SUBSTRING_WALK", 0)  # always collect
    collected = pages()
    monkeypatch.setattr(search, "SUBSTRING_WALK", 10**12)  # always walk
    walked = pages()
    assert collected == walked
    assert {tier for _, tier in collected} == {SUBSTRING}
    assert len(collected) == (14 if registrar_scope else 28)
    assert [i for i, _ in collected] == sorted(i for i, _ in collected)
