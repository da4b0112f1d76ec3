from django.urls import path

from . import views

app_name = "people_import"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("<str:job_id>/", views.job, name="job"),
    path("<str:job_id>/summary/", views.summary, name="summary"),
    path("<str:job_id>/rejected/", views.report, name="report"),
]
