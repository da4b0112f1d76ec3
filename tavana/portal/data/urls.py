"""Mounted at /my/data/ (names in the portal namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.my_data, name="my_data"),
    path("<slug:fmt>/", views.my_data_download, name="my_data_download"),
]
