from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/check/", views.register_check, name="register_check"),
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/edit/", views.person_edit, name="edit"),
    path("<int:person_id>/sensitive/", views.person_sensitive, name="sensitive"),
    path("<int:person_id>/children/add/", views.child_add, name="child_add"),
    path("<int:person_id>/correct/", views.change_request_new, name="change_request_new"),
    path("changes/", views.change_request_list, name="change_requests"),
    path("changes/<int:cr_id>/", views.change_request_detail, name="change_request"),
    path("duplicates/", views.duplicate_list, name="duplicates"),
    path("duplicates/<int:candidate_id>/", views.duplicate_detail, name="duplicate"),
]
