"""Mounted at /my/work/ (names in the portal namespace)."""

from django.urls import path

from . import views

urlpatterns = [path("", views.work, name="work")]
