"""Mounted by partners/urls.py at /partners/sharing/ (names in `partners:`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.sharing_list, name="sharing_list"),
    path("new/<int:agreement_id>/", views.sharing_new, name="sharing_new"),
    path("<int:sharing_id>/", views.sharing_detail, name="sharing"),
    path("<int:sharing_id>/token/", views.token_issue, name="sharing_token"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="sharing_token_revoke"),
    path("<int:sharing_id>/extracts/", views.extract_new, name="extract_new"),
    path("extracts/<int:extract_id>/", views.extract_download, name="extract"),
    path("<int:sharing_id>/overlap/", views.overlap_new, name="overlap_new"),
]
