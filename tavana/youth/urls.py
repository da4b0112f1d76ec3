"""The youth context's pages (/youth/). Each sub-package mounts its own urls here;
every name stays in the one "youth" namespace."""

from django.urls import include, path

from . import views

app_name = "youth"
urlpatterns = [
    path("", views.home, name="home"),
    path("children/<int:child_id>/", views.child, name="child"),
    path("children/<int:child_id>/school/", views.school_year_new, name="school_year_new"),
    path("children/<int:child_id>/transfer/", views.transfer_new, name="transfer_new"),
    path("children/<int:child_id>/results/", views.result_new, name="result_new"),
    path("flags/<int:flag_id>/intervention/", views.intervention_new, name="intervention_new"),
    path("schools/", views.schools, name="schools"),
    path("import/", include("tavana.youth.importing.urls")),
    path("", include("tavana.youth.programmes.urls")),
    path("indicators/", views.indicators, name="indicators"),
    path("indicators/<int:indicator_id>/", views.indicator, name="indicator"),
]
