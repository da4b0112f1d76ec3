from django.urls import include, path

from tavana.config.api import api

urlpatterns = [
    path("", include("tavana.portal.urls")),  # `/`: the front door (staff: their home)
    path("", include("tavana.core.urls")),
    path("accounts/", include("tavana.accounts.urls")),
    path("audit/", include("tavana.core.auditlog.urls")),
    path("notifications/", include("tavana.notifications.urls")),
    path("people/", include("tavana.people.urls")),
    path("casework/", include("tavana.casework.urls")),
    path("protected/", include("tavana.protected.urls")),
    path("businesses/", include("tavana.businesses.urls")),
    path("bazaars/", include("tavana.bazaars.urls")),
    path("training/", include("tavana.training.urls")),
    path("campaign/", include("tavana.campaign.urls")),
    path("mothers/", include("tavana.protected.release.public_urls")),
    path("partners/", include("tavana.partners.urls")),
    path("production/", include("tavana.production.urls")),
    path("youth/", include("tavana.youth.urls")),
    path("insights/", include("tavana.insights.urls")),
    path("api/", api.urls),
]

handler403 = "tavana.core.views.error_403"
handler404 = "tavana.core.views.error_404"
handler500 = "tavana.core.views.error_500"
