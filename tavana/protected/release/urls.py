from django.urls import path

from . import views

app_name = "release"
urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.case_new, name="case_new"),
    path("c/<int:case_id>/", views.case_detail, name="case"),
    path("c/<int:case_id>/move/", views.case_move, name="case_move"),
    path("c/<int:case_id>/add/<slug:kind>/", views.case_add, name="case_add"),
    path("c/<int:case_id>/release/", views.case_release, name="case_release"),
    path("c/<int:case_id>/offer/", views.case_offer, name="case_offer"),
    path("followups/<int:followup_id>/", views.followup, name="followup"),
    path("donors/", views.donors, name="donors"),
    path("donors/<int:donor_id>/", views.donor, name="donor"),
    path("ledger/", views.ledger, name="ledger"),
    path("ledger/<int:entry_id>/reverse/", views.entry_reverse, name="entry_reverse"),
    path("pool/", views.pool, name="pool"),
    path("pool/propose/", views.pool_propose, name="pool_propose"),
    path("pool/<int:allocation_id>/decide/", views.pool_decide, name="pool_decide"),
    path("figures/", views.figures, name="figures"),
    path("figures/export.xlsx", views.export, name="export"),
]
