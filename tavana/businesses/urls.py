from django.urls import path

from . import views

app_name = "businesses"
urlpatterns = [
    path("", views.producer_list, name="list"),
    path("producers/new/", views.producer_new, name="producer_new"),
    path("producers/<int:producer_id>/", views.producer_detail, name="producer"),
    path("new/", views.business_new, name="business_new"),
    path("<int:business_id>/", views.business_detail, name="business"),
    path("categories/", views.categories, name="categories"),
]
