from django.urls import path

from . import views

app_name = "people_export"
urlpatterns = [
    path("persons.xlsx", views.persons_xlsx, name="persons"),
]
