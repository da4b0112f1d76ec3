"""Mounted inside the registry's "people" namespace (people:duplicates, people:duplicate)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.duplicate_list, name="duplicates"),
    path("<int:candidate_id>/", views.duplicate_detail, name="duplicate"),
]
