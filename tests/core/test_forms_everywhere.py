"""Every form of the application is a StyledForm, so what StyledForm does for a
person holds on every page: a Persian prompt for an empty choice (never
«---------»), text over its limit refused with the limit in Persian digits
instead of cut by the browser, invalid fields marked."""

import importlib
import inspect
import pkgutil

from django import forms
from django.contrib.auth import forms as auth_forms

import tavana
from tavana.core.forms import StyledForm


def _form_modules():
    for info in pkgutil.walk_packages(tavana.__path__, "tavana."):
        last = info.name.rsplit(".", 1)[-1]
        if last.startswith("forms") and ".migrations" not in info.name:
            yield importlib.import_module(info.name)


def test_every_form_is_a_styled_form():
    found, plain = [], []
    for module in _form_modules():
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not issubclass(cls, forms.BaseForm):
                continue
            found.append(name)
            if issubclass(cls, StyledForm):
                continue
            if issubclass(cls, auth_forms.SetPasswordForm | auth_forms.AuthenticationForm):
                # Django's sign-in and password forms (Persian messages of their
                # own): no choice to prompt for, no limit the browser would cut
                assert not any(
                    isinstance(f, forms.ChoiceField) for f in cls.base_fields.values()
                ), name
                continue
            plain.append(f"{module.__name__}.{name}")
    assert len(found) > 40  # the walk found the application's forms
    assert plain == []
