from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:notification_id>/open/", views.open_, name="open"),
    path("read-all/", views.read_all, name="read_all"),
    path("digest/", views.digest, name="digest"),
    path("badge/", views.badge, name="badge"),
    path("settings/", views.policy, name="policy"),
    path("templates/", views.templates, name="templates"),
    path("templates/<str:code>/", views.template_edit, name="template"),
]
