from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("jobs/<str:task_id>/", views.job_progress, name="job_progress"),
]
