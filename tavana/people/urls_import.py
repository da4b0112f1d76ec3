from django.urls import path

from . import views_import

app_name = "people_import"
urlpatterns = [
    path("", views_import.upload, name="upload"),
    path("<str:job_id>/", views_import.job, name="job"),
    path("<str:job_id>/summary/", views_import.summary, name="summary"),
    path("<str:job_id>/rejected/", views_import.report, name="report"),
]
