"""The front door and her portal (/ and /my/). Each sub-package mounts its own
urls here; every name stays in the one "portal" namespace."""

from django.urls import include, path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.front, name="front"),
    path("my/sign-in/", views.sign_in, name="sign_in"),
    path("my/code/", views.code, name="code"),
    path("my/choose/", views.choose, name="choose"),
    path("my/sign-out/", views.sign_out, name="sign_out"),
    path("my/", views.me, name="me"),
    path("my/courses/", views.courses, name="courses"),
    path("my/courses/<int:course_id>/enrol/", views.course_enrol, name="course_enrol"),
    path("my/certificates/<int:enrolment_id>/", views.certificate, name="certificate"),
    path("my/corrections/", include("tavana.portal.corrections.urls")),
    path("my/", include("tavana.portal.bazaars.urls")),
    path("my/work/", include("tavana.portal.work.urls")),
    path("my/messages/", include("tavana.portal.inbox.urls")),
    path("my/consents/", include("tavana.portal.consents.urls")),
    path("", include("tavana.portal.pwa.urls")),
    path("my/data/", include("tavana.portal.data.urls")),
]
