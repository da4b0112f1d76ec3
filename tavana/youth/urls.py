from django.urls import path

from . import views, views_import, views_programmes

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
    path("gifted/", views_programmes.gifted, name="gifted"),
    path(
        "children/<int:child_id>/gifted/",
        views_programmes.application_new,
        name="application_new",
    ),
    path("gifted/<int:application_id>/", views_programmes.application, name="application"),
    path("support/", views_programmes.grants, name="grants"),
    path("support/<int:grant_id>/decide/", views_programmes.grant_decide, name="grant_decide"),
    path("support/lines/<int:line_id>/", views_programmes.budget_line, name="budget_line"),
    path(
        "support/lines/<int:line_id>/payments/",
        views_programmes.payment_file,
        name="payment_file",
    ),
    path("teens/", views_programmes.teens, name="teens"),
    path("teens/<int:programme_id>/", views_programmes.teen_programme, name="teen_programme"),
    path("talent/", views_programmes.talent, name="talent"),
    path("talent/<int:round_id>/", views_programmes.talent_round, name="talent_round"),
    path("indicators/", views.indicators, name="indicators"),
    path("indicators/<int:indicator_id>/", views.indicator, name="indicator"),
]
