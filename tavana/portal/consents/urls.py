"""Mounted at /my/consents/ (names in the portal namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.consent_list, name="consents"),
    path("<slug:purpose>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("<slug:purpose>/give/", views.consent_give, name="consent_give"),
]
