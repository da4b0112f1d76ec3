from django.urls import path

from . import views, views_config

app_name = "casework"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("person/<int:person_id>/assess/", views.assess, name="assess"),
    path("person/<int:person_id>/level/", views.level_change, name="level_change"),
    path("person/<int:person_id>/take/", views.case_take, name="case_take"),
    path("person/<int:person_id>/services/new/", views.delivery_new, name="delivery_new"),
    path("person/<int:person_id>/enrol/", views.enrol, name="enrol"),
    path("person/<int:person_id>/notes/new/", views.note_new, name="note_new"),
    path("notes/<int:note_id>/reveal/", views.note_reveal, name="note_reveal"),
    path("person/<int:person_id>/goals/new/", views.goal_new, name="goal_new"),
    path("goals/<int:goal_id>/actions/new/", views.action_new, name="action_new"),
    path("actions/<int:action_id>/done/", views.action_done, name="action_done"),
    path("person/<int:person_id>/refer/", views.referral_new, name="referral_new"),
    path("referrals/<int:referral_id>/", views.referral_detail, name="referral"),
    path("person/<int:person_id>/referred-in/", views.referral_in_new, name="referral_in_new"),
    path("person/<int:person_id>/other-bodies/", views.other_support_new, name="other_support_new"),
    path(
        "other-bodies/<int:support_id>/withdraw/",
        views.other_support_withdraw,
        name="other_support_withdraw",
    ),
    path("settings/ladder/", views_config.ladder, name="config_ladder"),
    path("settings/levels/<int:level_id>/", views_config.level_edit, name="config_level"),
    path("settings/assessment/", views_config.assessment, name="config_assessment"),
    path("settings/services/", views_config.service_types, name="config_services"),
    path("settings/services/<int:service_id>/", views_config.service_types, name="config_service"),
    path(
        "settings/programmes/<int:programme_id>/unit/",
        views_config.programme_unit,
        name="config_programme_unit",
    ),
    path("settings/questions/new/", views_config.question_edit, name="config_question_new"),
    path(
        "settings/questions/<int:question_id>/",
        views_config.question_edit,
        name="config_question",
    ),
]
