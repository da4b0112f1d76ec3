"""Mounted at the site's root: the service worker must be served from / to answer
for her pages offline (names in the portal namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("sw.js", views.service_worker, name="service_worker"),
    path("my/next/", views.next_card, name="next"),
]
