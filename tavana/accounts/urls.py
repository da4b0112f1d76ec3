from django.urls import path

from . import views, views_account, views_admin

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/<uidb64>/<token>/", views.password_set_view, name="password_set"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("me/", views_account.account, name="account"),
    path("me/password/", views_account.password_change, name="password_change"),
    path("me/two-factor/", views_account.two_factor, name="two_factor"),
    path("me/recovery-codes/", views_account.recovery_codes, name="recovery_codes"),
    path("me/sessions/end/", views_account.sessions_end, name="my_sessions_end"),
    path("admin/", views_admin.admin_home, name="admin"),
    path("staff/", views_admin.staff, name="staff"),
    path("staff/new/", views_admin.staff_new, name="staff_new"),
    path("staff/<int:user_id>/", views_admin.staff_detail, name="staff_detail"),
    path("staff/<int:user_id>/deactivate/", views_admin.staff_deactivate, name="staff_deactivate"),
    path("staff/<int:user_id>/activate/", views_admin.staff_activate, name="staff_activate"),
    path(
        "staff/<int:user_id>/password-reset/",
        views_admin.staff_password_reset,
        name="staff_password_reset",
    ),
    path(
        "staff/<int:user_id>/sessions/end/",
        views_admin.staff_sessions_end,
        name="staff_sessions_end",
    ),
    path(
        "staff/<int:user_id>/two-factor/reset/",
        views_admin.staff_two_factor_reset,
        name="staff_two_factor_reset",
    ),
    path("units/", views_admin.units, name="units"),
    path("units/new/", views_admin.unit_edit, name="unit_new"),
    path("units/<int:unit_id>/", views_admin.unit_edit, name="unit_edit"),
    path("clearances/<slug:area>/", views_admin.clearances, name="clearances"),
]
