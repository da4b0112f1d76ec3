from django.urls import path

from . import views

app_name = "campaign"
urlpatterns = [
    path("join/", views.join, name="join"),
    path("join/thanks/", views.join_done, name="join_done"),
    path("", views.signups, name="signups"),
    path("signups/<int:signup_id>/", views.signup, name="signup"),
    path("signups/<int:signup_id>/stage/", views.signup_stage, name="signup_stage"),
    path("signups/<int:signup_id>/link/", views.signup_link, name="signup_link"),
    path("mentors/", views.mentors, name="mentors"),
    path("mentors/new/", views.mentor_new, name="mentor_new"),
    path("mentors/<int:mentor_id>/", views.mentor_edit, name="mentor_edit"),
    path("matching/", views.matching, name="matching"),
    path("matching/<int:match_id>/decide/", views.match_decide, name="match_decide"),
    path("figures/", views.figures, name="figures"),
    path("mentees/", views.mentees, name="mentees"),
    path("mentees/<int:match_id>/sessions/", views.session_new, name="session_new"),
]
