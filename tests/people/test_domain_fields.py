import datetime as dt

from tavana.people.domain.fields import check_person_fields, person_keys


def test_accepts_any_script_and_stores_plain_values():
    c = check_person_fields(
        {
            "national_code": "۰۰۱۲۳۴۵۶۷۹",
            "first_name": "زهرا",
            "last_name": "رضائي‌پور",
            "father_name": "علي",
            "birth_date": "١٣٦٥/٠٤/١٢",
            "mobile": "+98 912 123 4567",
            "district": "۴",
            "postal_code": "1234567890",
        },
        today=dt.date(2026, 1, 1),
    )
    assert c.ok, c.errors
    assert c.values["national_code"] == "0012345679"
    assert c.values["last_name"] == "رضائی‌پور" and c.as_typed["last_name"] == "رضائي‌پور"
    assert c.values["mobile"] == "09121234567"
    assert c.values["birth_date"] == dt.date(1986, 7, 3)
    assert c.values["district"] == 4


def test_names_each_failing_field_in_persian():
    c = check_person_fields(
        {
            "national_code": "1234567890",
            "first_name": " ",
            "last_name": "x",
            "birth_date": "1404/12/30",
            "mobile": "0912",
            "district": "سی",
        }
    )
    assert set(c.errors) == {"national_code", "first_name", "birth_date", "mobile", "district"}
    assert "نام" in c.errors["first_name"]
    assert "اسفند" in c.errors["birth_date"]


def test_future_birth_date_and_digits_in_names_are_refused():
    c = check_person_fields(
        {"first_name": "زهرا2", "last_name": "احمدی", "birth_date": "1499/01/01"},
        today=dt.date(2026, 1, 1),
    )
    assert "first_name" in c.errors and "birth_date" in c.errors


def test_partial_checks_only_given_fields():
    assert check_person_fields({"mobile": "09121234567"}, partial=True).ok


def test_keys_meet_across_spellings():
    a = person_keys({"first_name": "زهرا", "last_name": "رضائی‌پور"})
    b = person_keys({"first_name": "زهرا", "last_name": "رضایی پور"})
    assert a["last_key"] == b["last_key"]
    assert a["name_key"].replace(" ", "") == b["name_key"].replace(" ", "")
