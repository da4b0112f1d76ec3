"""The one service error and the ways pages show it."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from tavana.core.errors import ServiceError, service_errors_as_message
from tavana.core.forms import StyledForm


class NameForm(StyledForm):
    name = forms.CharField()


def test_a_message_alone_is_about_the_whole_request():
    e = ServiceError("این دوره بسته است.", code="closed")
    assert e.errors == {"__all__": "این دوره بسته است."}
    assert e.code == "closed" and str(e) == e.message == "این دوره بسته است."
    assert e.as_json() == {"errors": {"__all__": "این دوره بسته است."}, "code": "closed"}


def test_field_messages_land_beside_their_fields_and_the_rest_above_the_form():
    form = NameForm({"name": "مریم"})
    assert form.is_valid()
    with form.showing_service_errors():
        raise ServiceError({"name": "نام تکراری است.", "date": "تاریخ گذشته است."})
    assert form.errors["name"] == ["نام تکراری است."]
    assert form.non_field_errors() == ["تاریخ گذشته است."]
    assert "is-invalid" in form.fields["name"].widget.attrs["class"]
    assert form["name"].value() == "مریم"  # what was typed is kept


def test_the_block_after_a_refusal_does_not_run():
    form = NameForm({"name": "مریم"})
    form.is_valid()
    ran = []

    def refuse():
        raise ServiceError("نه.")

    with form.showing_service_errors():
        refuse()
        ran.append(True)
    assert not ran and form.non_field_errors() == ["نه."]


def test_a_button_without_a_form_gets_a_flash_message():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    with service_errors_as_message(request):
        raise ServiceError({"a": "یک.", "b": "دو."})
    assert [str(m) for m in get_messages(request)] == ["یک.؛ دو."]


class ShortForm(StyledForm):
    note = forms.CharField(min_length=20, max_length=100)


def test_numbers_in_a_refusal_and_in_a_forms_own_messages_are_persian():
    # «دلیل را دست‌کم در 20 نویسه…»: services wrote numbers with f-strings
    e = ServiceError({"reason": "دلیل را دست‌کم در 20 نویسه بنویسید؛ کد K001"})
    assert e.errors["reason"] == "دلیل را دست‌کم در ۲۰ نویسه بنویسید؛ کد K001"
    # Django's own Persian messages carry Latin digits («حداقل 20 کاراکتر»)
    form = ShortForm({"note": "کوتاه"})
    assert not form.is_valid()
    (message,) = form.errors["note"]
    assert "۲۰" in message and not any(c in "0123456789" for c in message)
    assert form.errors.as_data()["note"][0].code == "min_length"
