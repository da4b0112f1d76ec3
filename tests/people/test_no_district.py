"""Security finding 5: a person with no district was visible in every district,
sensitive fields included, and the API and the import created such persons."""

import pytest
from django.urls import reverse

from tavana.accounts import roles
from tavana.core.errors import ServiceError
from tavana.core.models import District
from tavana.people import services
from tavana.people.importing import import_people
from tavana.people.models import Person
from tavana.people.selectors import person_scope

from .importing.import_files import code, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(make_user):
    d = {n: District.objects.create(number=n, name=f"منطقهٔ {n}") for n in (4, 7)}
    registrar = make_user(roles.REGISTRAR, username="seven")
    registrar.districts.set([d[7]])
    admin = make_user(roles.ADMINISTRATOR, username="boss")
    # made by a command (no actor) or before this rule: no district
    nowhere = Person.objects.create(first_name="بی", last_name="منطقه", monthly_income=777)
    return registrar, admin, nowhere


def test_a_person_without_district_is_in_no_district_scope(client, setup):
    registrar, admin, nowhere = setup
    assert not person_scope(actor=registrar).filter(pk=nowhere.pk).exists()
    client.force_login(registrar)
    assert client.get(reverse("people:detail", args=[nowhere.pk])).status_code == 404
    assert client.get(f"/api/persons/{nowhere.pk}").status_code == 404
    # the administrator's queue still holds her
    assert person_scope(actor=admin).filter(pk=nowhere.pk).exists()


def test_a_district_bound_user_cannot_create_one(client, setup):
    registrar, _, _ = setup
    with pytest.raises(ServiceError) as err:
        services.person_create(actor=registrar, data={"first_name": "الف", "last_name": "ب"})
    assert "منطقه را وارد کنید" in err.value.errors["district"]
    client.force_login(registrar)
    r = client.post(
        "/api/persons",
        {"first_name": "الف", "last_name": "ب"},
        content_type="application/json",
    )
    assert r.status_code == 422 and "district" in r.json()["errors"]
    with pytest.raises(ServiceError):  # nor empty a person's district
        mine = services.person_create(
            actor=registrar, data={"first_name": "ج", "last_name": "د", "district": "7"}
        )
        services.person_update(actor=registrar, person=mine, data={"district": ""})
    assert Person.objects.count() == 2


def test_import_by_a_district_bound_user_needs_a_district_in_her_scope(tmp_path, setup):
    registrar, admin, nowhere = setup
    headers = ["کد ملی", "نام", "نام خانوادگی", "تاریخ تولد", "منطقه"]
    rows = [
        [code(201), "آزاده", "نیکو", "1360/01/01", "7"],  # hers: created
        [code(202), "بهاره", "نیکو", "1361/01/01", ""],  # no district: refused
        [code(203), "پریسا", "نیکو", "1362/01/01", "4"],  # not hers: refused
    ]
    path = write_csv(tmp_path / "f.csv", headers, rows)
    result = import_people(path, actor=registrar, report=tmp_path / "r.csv")
    assert (result.created, result.rejected) == (1, 2)
    report = (tmp_path / "r.csv").read_text(encoding="utf-8-sig")
    assert "منطقه را وارد کنید" in report and "در محدودهٔ کاری شما نیست" in report
    # an administrator's import (or the command's) may still leave it empty: her queue
    rows2 = [[code(204), "ترانه", "نیکو", "1363/01/01", ""]]
    result = import_people(write_csv(tmp_path / "g.csv", headers, rows2), actor=admin)
    assert result.created == 1


def test_import_does_not_update_a_person_outside_her_districts(tmp_path, setup):
    registrar, admin, _ = setup
    theirs = services.person_create(
        actor=admin,
        data={
            "national_code": code(301),
            "first_name": "ژاله",
            "last_name": "نیکو",
            "district": "4",
        },
    )
    headers = ["کد ملی", "نام", "نام خانوادگی", "تلفن همراه", "منطقه"]
    path = write_csv(tmp_path / "f.csv", headers, [[code(301), "ژاله", "نیکو", "09121110000", "7"]])
    result = import_people(path, actor=registrar)
    assert result.rejected == 1 and result.updated == 0
    theirs.refresh_from_db()
    assert theirs.mobile == "" and theirs.district.number == 4
