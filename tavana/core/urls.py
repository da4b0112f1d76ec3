from django.urls import path

from . import health, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("health/", health.ready, name="health"),
    path("health/live/", health.live, name="health_live"),
    path("health/ready/", health.ready, name="health_ready"),
    path("health/workers/", health.workers, name="health_workers"),
    path("jobs/<str:task_id>/", views.job_progress, name="job_progress"),
    path("settings/label-words/", views.label_words, name="label_words"),
]
