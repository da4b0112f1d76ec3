from django.urls import path

from . import public_views

app_name = "release_public"
urlpatterns = [
    path("", public_views.campaign, name="campaign"),
    path("thanks/", public_views.pledge_done, name="pledge_done"),
    path("d/<str:token>/", public_views.donor, name="donor"),
    path("d/<str:token>/receipt/<int:entry_id>/", public_views.receipt, name="receipt"),
]
