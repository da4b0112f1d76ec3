from django.urls import include, path

from . import views

app_name = "partners"
urlpatterns = [
    path("", views.home, name="home"),
    path("sharing/", include("tavana.partners.datasharing.urls")),
    path("organisations/new/", views.organisation_new, name="organisation_new"),
    path("organisations/<int:organisation_id>/", views.organisation_detail, name="organisation"),
    path("agreements/new/", views.agreement_new, name="agreement_new"),
    path("agreements/<int:agreement_id>/", views.agreement_detail, name="agreement"),
    path("agreements/<int:agreement_id>/sign/", views.agreement_sign, name="agreement_sign"),
    path("agreements/<int:agreement_id>/obligations/", views.obligation_add, name="obligation_add"),
    path("obligations/<int:obligation_id>/done/", views.obligation_done, name="obligation_done"),
    path("agreements/<int:agreement_id>/documents/", views.document_add, name="document_add"),
    path("documents/<int:document_id>/", views.document, name="document"),
    path("agreements/<int:agreement_id>/projects/new/", views.project_new, name="project_new"),
    path("agreements/<int:agreement_id>/portfolio/new/", views.portfolio_new, name="portfolio_new"),
    path("projects/<int:project_id>/", views.project_detail, name="project"),
    path("projects/<int:project_id>/status/", views.project_status, name="project_status"),
    path("projects/<int:project_id>/milestones/", views.milestone_add, name="milestone_add"),
    path("milestones/<int:milestone_id>/done/", views.milestone_done, name="milestone_done"),
    path("projects/<int:project_id>/indicators/", views.indicator_add, name="indicator_add"),
    path("indicators/<int:indicator_id>/values/", views.measurement_add, name="measurement_add"),
    path("portfolios/<int:portfolio_id>/", views.portfolio_detail, name="portfolio"),
    path(
        "portfolios/<int:portfolio_id>/propose/", views.portfolio_propose, name="portfolio_propose"
    ),
    path("portfolios/<int:portfolio_id>/decide/", views.portfolio_decide, name="portfolio_decide"),
]
