from django.urls import path

from . import views, views_venues

app_name = "bazaars"
urlpatterns = [
    path("", views.home, name="home"),
    path("upcoming/", views.upcoming, name="upcoming"),
    path("figures/", views.figures, name="figures"),
    path("rounds/<int:round_id>/", views.round_detail, name="round"),
    path("rounds/<int:round_id>/events/new/", views.event_new, name="event_new"),
    path("rounds/<int:round_id>/applications/", views.applications, name="applications"),
    path("rounds/<int:round_id>/demand/", views.demand, name="demand"),
    path("rounds/<int:round_id>/allocate/", views.allocate, name="allocate"),
    path("rounds/<int:round_id>/result/", views.result, name="result"),
    path("rounds/<int:round_id>/adjust/", views.adjust, name="adjust"),
    path("rounds/<int:round_id>/publish/", views.publish, name="publish"),
    path("events/<int:event_id>/", views.event_detail, name="event"),
    path("venues/", views_venues.venues, name="venues"),
    path("venues/<int:venue_id>/", views_venues.venue, name="venue"),
    path("booths/<int:assignment_id>/status/", views.booth_status, name="booth_status"),
    path("booths/<int:assignment_id>/record/", views.booth_record, name="booth_record"),
]
