from django.urls import path

from . import (
    views,
    views_bazaars,
    views_consents,
    views_data,
    views_inbox,
    views_pwa,
    views_requests,
    views_work,
)

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
    path("my/corrections/", views_requests.corrections, name="corrections"),
    path("my/corrections/new/", views_requests.correction_new, name="correction_new"),
    # her bazaars, work and messages (views_bazaars, views_work, views_inbox)
    path("my/bazaars/", views_bazaars.bazaars_page, name="bazaars"),
    path(
        "my/bazaars/rounds/<int:round_id>/apply/", views_bazaars.bazaar_apply, name="bazaar_apply"
    ),
    path("my/booths/<int:assignment_id>/accept/", views_bazaars.booth_accept, name="booth_accept"),
    path(
        "my/booths/<int:assignment_id>/decline/", views_bazaars.booth_decline, name="booth_decline"
    ),
    path("my/work/", views_work.work, name="work"),
    path("my/messages/", views_inbox.inbox, name="inbox"),
    path("my/consents/", views_consents.consent_list, name="consents"),
    path(
        "my/consents/<slug:purpose>/withdraw/",
        views_consents.consent_withdraw,
        name="consent_withdraw",
    ),
    path("my/consents/<slug:purpose>/give/", views_consents.consent_give, name="consent_give"),
    path("sw.js", views_pwa.service_worker, name="service_worker"),
    path("my/next/", views_pwa.next_card, name="next"),
    path("my/data/", views_data.my_data, name="my_data"),
    path("my/data/<slug:fmt>/", views_data.my_data_download, name="my_data_download"),
]
