"""The programmes' pages, mounted at /youth/ (names in the youth namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("gifted/", views.gifted, name="gifted"),
    path("children/<int:child_id>/gifted/", views.application_new, name="application_new"),
    path("gifted/<int:application_id>/", views.application, name="application"),
    path("support/", views.grants, name="grants"),
    path("support/<int:grant_id>/decide/", views.grant_decide, name="grant_decide"),
    path("support/lines/<int:line_id>/", views.budget_line, name="budget_line"),
    path("support/lines/<int:line_id>/payments/", views.payment_file, name="payment_file"),
    path("teens/", views.teens, name="teens"),
    path("teens/<int:programme_id>/", views.teen_programme, name="teen_programme"),
    path("talent/", views.talent, name="talent"),
    path("talent/<int:round_id>/", views.talent_round, name="talent_round"),
]
