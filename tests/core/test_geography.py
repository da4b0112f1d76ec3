"""The city's geography: shipped with the migrations, replaceable from a file."""

import importlib

import openpyxl
import pytest
from django.apps import apps as django_apps
from django.core.management import CommandError, call_command

from tavana.audit.models import AuditEntry
from tavana.core.domain.geography import parse_geography
from tavana.core.errors import ServiceError
from tavana.core.geography import geography_load, geography_load_file
from tavana.core.models import District, Neighbourhood

SHIPPED = importlib.import_module("tavana.core.migrations.0006_tehran_geography")


def test_a_table_is_read_with_any_digits_and_spelling():
    g = parse_geography(
        [
            ["منطقه", "نام منطقه", "محله"],
            ["۱", "منطقهٔ ۱", "تجريش"],  # Arabic ي
            ["1", "", "تجریش"],  # the same neighbourhood
            ["2.0", "", ""],  # a district without neighbourhoods (a spreadsheet's 2.0)
            [],
        ]
    )
    assert not g.errors
    assert g.districts == {1: "منطقهٔ ۱", 2: "منطقهٔ ۲"}
    assert list(g.neighbourhoods[1].values()) == ["تجریش"] and g.neighbourhoods[2] == {}


def test_every_problem_is_named_with_its_row():
    g = parse_geography(
        [
            ["district", "district_name", "neighbourhood"],
            ["x", "", "الف"],
            ["3", "شمال", "ب"],
            ["3", "جنوب", "پ"],
            ["0", "", "ت"],
        ]
    )
    assert g.errors == [
        "سطر ۲: شمارهٔ منطقه «x» عدد درستی نیست.",
        "سطر ۴: منطقهٔ ۳ پیش‌تر «شمال» نام گرفته بود، این‌جا «جنوب».",
        "سطر ۵: شمارهٔ منطقه «0» عدد درستی نیست.",
    ]
    assert parse_geography([["نام", "نشانی"]]).errors == [
        "ستون «منطقه» و «محله» در سطر اول فایل نیست."
    ]
    assert parse_geography([]).errors == ["فایل خالی است."]


@pytest.mark.django_db
def test_the_migrations_ship_tehrans_22_districts_and_loading_twice_adds_nothing():
    SHIPPED.load(django_apps, None)
    assert District.objects.count() == 22 and Neighbourhood.objects.count() == 184
    assert District.objects.get(number=4).neighbourhoods.filter(name="تهرانپارس").exists()
    SHIPPED.load(django_apps, None)
    assert District.objects.count() == 22 and Neighbourhood.objects.count() == 184


def _xlsx(path, rows):
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


@pytest.mark.django_db
def test_another_city_replaces_the_geography_from_a_file_once(tmp_path, make_user):
    SHIPPED.load(django_apps, None)
    f = _xlsx(
        tmp_path / "shiraz.xlsx",
        [
            ["منطقه", "نام منطقه", "محله"],
            [1, "منطقهٔ یک شیراز", "ارم"],
            [1, None, "قصردشت"],
            [2, None, "معالی‌آباد"],
        ],
    )
    r = geography_load_file(path=f, actor=make_user("administrator"))
    assert sorted(District.objects.values_list("number", "name")) == [
        (1, "منطقهٔ یک شیراز"),
        (2, "منطقهٔ ۲"),
    ]
    assert set(Neighbourhood.objects.values_list("name", flat=True)) == {
        "ارم",
        "قصردشت",
        "معالی‌آباد",
    }
    assert r.removed_districts == list(range(3, 23)) and r.renamed_districts == [1]
    entries = AuditEntry.objects.filter(action="geography.load").count()
    again = geography_load_file(path=f)
    assert (
        not again.changed and AuditEntry.objects.filter(action="geography.load").count() == entries
    )


@pytest.mark.django_db
def test_a_district_in_use_is_not_removed_and_nothing_changes(tmp_path, make_user):
    SHIPPED.load(django_apps, None)
    user = make_user("registrar")
    user.districts.add(District.objects.get(number=7))
    g = parse_geography([["منطقه", "محله"], ["1", "ارم"]])
    with pytest.raises(ServiceError) as e:
        geography_load(geography=g)
    assert "منطقهٔ ۷ در فایل نیست ولی ۱ کاربر به آن وابسته است." in e.value.errors["file"].split(
        "\n"
    )
    assert District.objects.count() == 22 and Neighbourhood.objects.count() == 184


@pytest.mark.django_db
def test_the_command_loads_checks_and_refuses_with_reasons(tmp_path, capsys):
    good = tmp_path / "city.csv"
    good.write_text("منطقه,محله\n1,الف\n1,ب\n", encoding="utf-8")
    call_command("geography", "load", str(good), "--dry-run")
    assert "بررسی آزمایشی" in capsys.readouterr().out and not District.objects.exists()
    call_command("geography", "load", str(good))
    assert "۱ منطقه و ۲ محله" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("منطقه,محله\nدو,الف\n", encoding="utf-8")
    with pytest.raises(CommandError, match="سطر ۲: شمارهٔ منطقه «دو» عدد درستی نیست"):
        call_command("geography", "load", str(bad))
    with pytest.raises(CommandError, match="csv یا xlsx"):
        call_command("geography", "load", str(_xlsx(tmp_path / "x.txt", [])))
