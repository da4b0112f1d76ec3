from django.urls import path

from . import views

app_name = "production"
urlpatterns = [
    path("", views.home, name="home"),
    path("orders/new/", views.order_new, name="order_new"),
    path("orders/<int:order_id>/", views.order_detail, name="order"),
    path("orders/<int:order_id>/move/", views.order_move, name="order_move"),
    path("orders/<int:order_id>/plan/", views.plan_make, name="plan_make"),
    path("assignments/<int:assignment_id>/", views.assignment_adjust, name="assignment_adjust"),
    path("items/<int:item_id>/work/", views.worklog, name="worklog"),
    path("items/<int:item_id>/quality/", views.quality_check, name="quality_check"),
    path("orders/<int:order_id>/deliveries/", views.delivery_new, name="delivery_new"),
    path("orders/<int:order_id>/materials/", views.material_move, name="material_move"),
    path("clients/", views.clients, name="clients"),
    path("producers/", views.producers, name="producers"),
    path("units/<int:unit_id>/", views.unit_edit, name="unit_edit"),
    path("home-producers/<int:worker_id>/", views.worker_edit, name="worker_edit"),
    path("rates/", views.rates, name="rates"),
    path("payroll/", views.payrolls, name="payrolls"),
    path("payroll/<int:payroll_id>/", views.payroll_detail, name="payroll"),
    path("payroll/<int:payroll_id>/approve/", views.payroll_approve, name="payroll_approve"),
    path("payroll/<int:payroll_id>/bank.xlsx", views.bank_file, name="bank_file"),
    path("payroll/<int:payroll_id>/statement/<int:worker_id>/", views.statement, name="statement"),
]
