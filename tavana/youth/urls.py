from django.urls import path

from . import views, views_import

app_name = "youth"
urlpatterns = [
    path("", views.home, name="home"),
    path("children/<int:child_id>/", views.child, name="child"),
    path("children/<int:child_id>/school/", views.school_year_new, name="school_year_new"),
    path("children/<int:child_id>/transfer/", views.transfer_new, name="transfer_new"),
    path("children/<int:child_id>/results/", views.result_new, name="result_new"),
    path("flags/<int:flag_id>/intervention/", views.intervention_new, name="intervention_new"),
    path("schools/", views.schools, name="schools"),
    path("import/", views_import.upload, name="import"),
    path("import/<str:batch>/", views_import.result, name="import_result"),
    path("import/<str:batch>/rejected.xlsx", views_import.report, name="import_report"),
    path("indicators/", views.indicators, name="indicators"),
    path("indicators/<int:indicator_id>/", views.indicator, name="indicator"),
]
