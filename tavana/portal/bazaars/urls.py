"""Mounted at /my/ (names in the portal namespace, as before the sub-package)."""

from django.urls import path

from . import views

urlpatterns = [
    path("bazaars/", views.bazaars_page, name="bazaars"),
    path("bazaars/rounds/<int:round_id>/apply/", views.bazaar_apply, name="bazaar_apply"),
    path("booths/<int:assignment_id>/accept/", views.booth_accept, name="booth_accept"),
    path("booths/<int:assignment_id>/decline/", views.booth_decline, name="booth_decline"),
]
