"""The protected programmes' pages; the release campaign mounts its own (release:)."""

from django.urls import include, path

from . import views

protected_routes = [
    path("", views.home, name="home"),
    path("emergency/", views.emergency, name="emergency"),
    path("emergency/log/", views.emergency_log, name="emergency_log"),
    path("emergency/<int:grant_id>/", views.emergency_grant, name="emergency_grant"),
    path("p/<int:participant_id>/", views.participant_detail, name="participant"),
    path("p/<int:participant_id>/add/<slug:kind>/", views.record_add, name="record_add"),
    path("p/<int:participant_id>/status/", views.participant_status, name="status"),
    path("p/<int:participant_id>/statement/", views.statement, name="statement"),
    path("goals/<int:goal_id>/status/", views.goal_status, name="goal_status"),
    path("<slug:code>/", views.programme_detail, name="programme"),
    path("<slug:code>/enrol/", views.enrol, name="enrol"),
]

urlpatterns = [
    path("release/", include("tavana.protected.release.urls")),  # release:
    path("", include((protected_routes, "protected"))),
]
