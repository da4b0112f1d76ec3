"""Mounted at /my/messages/ (names in the portal namespace)."""

from django.urls import path

from . import views

urlpatterns = [path("", views.inbox, name="inbox")]
