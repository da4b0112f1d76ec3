"""The public front door and a woman's own pages (signed in with an SMS code)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from tavana.bazaars.selectors import upcoming_events
from tavana.casework.selectors import support_level_of
from tavana.core.domain.identifiers import InvalidIdentifier, parse_national_code
from tavana.core.errors import service_errors_as_message
from tavana.core.herself import Herself
from tavana.core.throttle import client_address
from tavana.core.views import home as staff_home
from tavana.people.selectors import household_members, person_among, person_self_get
from tavana.training import selectors as training
from tavana.training.services import enrol as training_enrol

from . import access, services
from .forms import ChooseForm, CodeForm, MobileForm
from .pwa.views import next_up

OFFERS = [
    ("آموزش مهارت", "دوره‌های مهارتی و کارآفرینی در ۹۵ مرکز کوثر، با گواهی."),
    ("کسب‌وکار خانگی", "راه‌اندازی و رشد کسب‌وکار در خانه، با منتور و استادکار."),
    ("بازارچه‌ها و نمایشگاه‌ها", "غرفه برای فروش محصولات، عادلانه میان تولیدکنندگان."),
    ("کار و سفارش تولید", "کار در کارگاه‌های تولید مراکز و از خانه، با دستمزد."),
    ("فرزندان", "استعدادیابی، پشتیبانی تحصیلی و دوره‌های تابستانی نوجوانان."),
    ("همراهی و مشاوره", "کارشناسان مرکز در هر گام کنار شما هستند."),
]


def _address(request) -> str:
    return client_address(request) or "unknown"


def front(request):
    """`/`: staff who are signed in get their home; everyone else the front door."""
    if request.user.is_authenticated:
        return staff_home(request)
    events = upcoming_events(timezone.localdate())[:4]
    return render(
        request,
        "portal/front.html",
        {"offers": OFFERS, "events": events, "woman": access.current_person_id(request)},
    )


@require_http_methods(["GET", "POST"])
def sign_in(request):
    if access.current_person_id(request):
        return redirect("portal:me")
    form = MobileForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            request.session["portal_mobile"] = services.code_request(
                mobile=form.cleaned_data["mobile"], address=_address(request)
            )
            return redirect("portal:code")
        status = 429 if "اندازه" in str(form.errors) else 400
    elif request.method == "POST":
        status = 400
    return render(request, "portal/sign_in.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def code(request):
    mobile = request.session.get("portal_mobile")
    if not mobile:
        return redirect("portal:sign_in")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            ids = services.code_check(
                mobile=mobile, code=form.cleaned_data["code"], address=_address(request)
            )
            if len(ids) == 1:
                return _signed_in(request, ids[0])
            request.session["portal_choices"] = ids
            return redirect("portal:choose")
    return render(
        request,
        "portal/code.html",
        {"form": form, "mobile": mobile},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def choose(request):
    """A number shared in a family: her national code says which woman she is."""
    ids = request.session.get("portal_choices")
    if not ids:
        return redirect("portal:sign_in")
    form = ChooseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pid = person_among(ids, parse_national_code(form.cleaned_data["national_code"]))
        except InvalidIdentifier as e:
            form.add_error("national_code", str(e))
        else:
            if pid is not None:
                return _signed_in(request, pid)
            form.add_error("national_code", "این کد ملی با این شماره ثبت نشده است.")
    return render(request, "portal/choose.html", {"form": form}, status=400 if form.errors else 200)


def _signed_in(request, person_id: int):
    access.sign_in(request, person_id)
    services.signed_in(person_id=person_id)
    return redirect("portal:me")


@require_POST
def sign_out(request):
    access.sign_out(request)
    messages.success(request, "از درگاه بیرون آمدید.")
    return redirect("portal:front")


@access.woman_required
def me(request, person_id: int):
    person = person_self_get(person_id=person_id)
    services.own_record_read(person_id=person_id)
    me_ = Herself(person_id)
    household = household_members(actor=me_, person=person)
    return render(
        request,
        "portal/me.html",
        {
            "person": person,
            "household": household,
            "level": support_level_of(person=person),
            "enrolments": training.own_enrolments(person_id=person_id),
            **next_up(person_id=person_id),  # the card the service worker keeps offline
        },
    )


@access.woman_required
def courses(request, person_id: int):
    person = person_self_get(person_id=person_id)
    return render(
        request,
        "portal/courses.html",
        {
            "courses": training.open_courses_for(person=person),
            "enrolments": training.own_enrolments(person_id=person_id),
        },
    )


@require_POST
@access.woman_required
def course_enrol(request, course_id: int, person_id: int):
    person = person_self_get(person_id=person_id)
    course = next((c for c in training.open_courses_for(person=person, limit=500)
                   if c.pk == course_id), None)  # fmt: skip
    if course is None:
        messages.error(request, "ثبت‌نام این دوره بسته است.")
        return redirect("portal:courses")
    with service_errors_as_message(request):
        e = training_enrol(actor=Herself(person_id), course=course, person=person)
        if e.status == e.WAITLISTED:
            messages.success(request, f"در فهرست انتظار «{course.title}» قرار گرفتید.")
        else:
            messages.success(request, f"در دورهٔ «{course.title}» ثبت‌نام شدید.")
    return redirect("portal:courses")


@access.woman_required
def certificate(request, enrolment_id: int, person_id: int):
    cert = training.own_certificate_get(person_id=person_id, enrolment_id=enrolment_id)
    e = cert.enrolment
    return render(
        request,
        "training/certificate.html",
        {
            "cert": cert,
            "enrolment": e,
            "person": e.person,
            "course": e.course,
            "hours": round(sum(s.hours for s in e.course.sessions.all())),
            "code": training.cert_codes.display(cert.code),
            "verify_url": request.build_absolute_uri(
                f"{reverse('training:verify')}?code={training.cert_codes.display(cert.code)}"
            ),
        },
    )
