from django.urls import path

from . import views_export

app_name = "people_export"
urlpatterns = [
    path("persons.xlsx", views_export.persons_xlsx, name="persons"),
]
