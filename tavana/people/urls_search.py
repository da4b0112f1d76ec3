from django.urls import path

from . import views_search

app_name = "search"
urlpatterns = [path("", views_search.persons, name="persons")]
