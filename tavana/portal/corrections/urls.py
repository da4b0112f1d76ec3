"""Mounted at /my/corrections/ (names in the portal namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.corrections, name="corrections"),
    path("new/", views.correction_new, name="correction_new"),
]
