from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("", views.courses, name="courses"),
    path("courses/new/", views.course_new, name="course_new"),
    path("courses/<int:course_id>/", views.course, name="course"),
    path("courses/<int:course_id>/capacity/", views.course_capacity, name="course_capacity"),
    path("courses/<int:course_id>/unit/", views.course_unit, name="course_unit"),
    path("courses/<int:course_id>/finish/", views.course_finish, name="course_finish"),
    path("courses/<int:course_id>/enrol/", views.enrol, name="enrol"),
    path("enrolments/<int:enrolment_id>/withdraw/", views.withdraw, name="withdraw"),
    path("enrolments/<int:enrolment_id>/certificate/", views.certificate, name="certificate"),
    path("sessions/<int:session_id>/attendance/", views.attendance, name="attendance"),
    path(
        "sessions/<int:session_id>/attendance/<int:enrolment_id>/",
        views.attendance_mark,
        name="attendance_mark",
    ),
    path("centres/", views.centres, name="centres"),
    path("centres/<int:centre_id>/", views.centre, name="centre"),
    path("centres/<int:centre_id>/edit/", views.centre_edit, name="centre_edit"),
    path("centres/<int:centre_id>/unit/", views.centre_move, name="centre_move"),
    path("centres/<int:centre_id>/renovation/new/", views.project_new, name="project_new"),
    path("milestones/<int:milestone_id>/done/", views.milestone_done, name="milestone_done"),
    path("capacity/", views.capacity, name="capacity"),
    path("verify/", views.verify, name="verify"),
]
