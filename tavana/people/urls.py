"""The registry's pages. Each sub-package mounts its own urls here, so the
project's urls.py includes the registry once (at /people/)."""

from django.urls import include, path

from . import views

# The "people" namespace: registration, the person page, corrections, duplicates.
person_routes = [
    path("register/", views.register, name="register"),
    path("register/check/", views.register_check, name="register_check"),
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/edit/", views.person_edit, name="edit"),
    path("<int:person_id>/consents/", views.person_consents, name="consents"),
    path("<int:person_id>/sensitive/", views.person_sensitive, name="sensitive"),
    path("<int:person_id>/children/add/", views.child_add, name="child_add"),
    path("<int:person_id>/correct/", views.change_request_new, name="change_request_new"),
    path("changes/", views.change_request_list, name="change_requests"),
    path("changes/<int:cr_id>/", views.change_request_detail, name="change_request"),
    path("duplicates/", include("tavana.people.duplicates.urls")),
]

urlpatterns = [
    path("export/", include("tavana.people.export.urls")),  # people_export:
    path("search/", include("tavana.people.search.urls")),  # search:
    path("import/", include("tavana.people.importing.urls")),  # people_import:
    path("", include((person_routes, "people"))),
]
