"""/youth/import/: a school's results file, its result and rejected rows (names in
the youth namespace, as before the sub-package)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.upload, name="import"),
    path("<str:batch>/", views.result, name="import_result"),
    path("<str:batch>/rejected.xlsx", views.report, name="import_report"),
]
