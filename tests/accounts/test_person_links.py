"""A link to a woman's page is shown only where its reader may follow it: every
template goes through the one helper (`{% url_if_allowed 'people:detail' … %}`,
tavana.accounts.links), and the helper answers as her page would (issue 15)."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from tavana.accounts import roles
from tavana.accounts.links import url_if_allowed
from tavana.core.models import District
from tavana.people.models import Person

ROOT = Path(__file__).resolve().parents[2] / "tavana"
# {% url 'people:detail' … %} (any quotes), or an address written by hand: /people/{{ … }}/
DIRECT = re.compile(r"""\{%\s*url\s+['"]people:detail['"]|/people/\{\{|/people/["']\s*\+""")


def test_no_template_links_to_a_persons_page_without_the_helper():
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted([*ROOT.rglob("*.html"), *ROOT.rglob("*.js")])
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if DIRECT.search(line)
    ]
    assert not found, f"link to a person's page without url_if_allowed: {found}"


def test_the_check_catches_a_direct_link():
    assert DIRECT.search("""<a href="{% url "people:detail" c.person_id %}">""")
    assert DIRECT.search('<a href="/people/{{ p.pk }}/">')
    assert not DIRECT.search("{% url_if_allowed 'people:detail' p as href %}")


@pytest.mark.django_db
def test_the_link_is_shown_exactly_where_her_page_opens(client, make_user):
    d4 = District.objects.create(number=4, name="منطقهٔ ۴")
    d5 = District.objects.create(number=5, name="منطقهٔ ۵")
    registrar = make_user(roles.REGISTRAR, username="r4")
    registrar.districts.set([d4])
    organiser = make_user(roles.BAZAAR_ORGANISER, username="o1")
    admin = make_user(roles.ADMINISTRATOR, username="a1")
    here = Person.objects.create(first_name="مریم", last_name="اینجا", district=d4)
    there = Person.objects.create(first_name="زهرا", last_name="آنجا", district=d5)
    nowhere = Person.objects.create(first_name="سارا", last_name="بی‌منطقه")
    template = Template(
        "{% load links %}{% url_if_allowed 'people:detail' p as href %}"
        '{% if href %}<a href="{{ href }}">{{ p.full_name }}</a>{% else %}{{ p.full_name }}{% endif %}'
    )
    for user in (registrar, organiser, admin):
        client.force_login(user)
        request = RequestFactory().get("/")
        request.user = user
        for person in (here, there, nowhere):
            for passed in (person, Person.objects.only("id", "district_id").get(pk=person.pk)):
                html = template.render(Context({"p": passed, "request": request}))
                href = url_if_allowed(user, "people:detail", passed)
                opens = client.get(f"/people/{person.pk}/").status_code == 200
                assert bool(href) is opens, (user.role, person.last_name, href)
                assert ("<a href=" in html) is opens
