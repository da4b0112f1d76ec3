"""Training pages: centres and renovation, the capacity view, courses, enrolment,
attendance on a phone, certificates and their public check. Each view passes a
gate, calls one service or selector, renders."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from tavana.accounts.access import require, user_can
from tavana.accounts.matrix import PUBLIC
from tavana.core.domain.jalali import jalali_today
from tavana.core.errors import ServiceError, service_errors_as_message
from tavana.people.search import person_search
from tavana.people.selectors import person_get, person_scope, search_text_trim

from . import ownership, selectors, services
from .forms import (
    CapacityForm,
    CentreForm,
    CentreMoveForm,
    CourseForm,
    CourseUnitForm,
    ProjectForm,
)
from .models import Centre, Course, CourseEnrolment, RenovationMilestone


def _int(value, default=None):
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default


# ------------------------------------------------------------------ centres


@require("training.manage")
def centres(request):
    district = _int(request.GET.get("district"))
    status = request.GET.get("status", "")
    rows = selectors.centre_list(actor=request.user, district=district, status=status)
    return render(
        request,
        "training/centres.html",
        {
            "centres": rows,
            "district": district,
            "status": status,
            "districts": range(1, 23),
            "statuses": selectors.Centre.STATUS_CHOICES,
        },
    )


@require("training.manage")
def centre(request, centre_id: int):
    c = selectors.centre_get(actor=request.user, centre_id=centre_id)
    return render(
        request,
        "training/centre.html",
        {
            "centre": c,
            "projects": selectors.renovation_of(centre=c),
            "courses": c.courses.filter(status=Course.OPEN).select_related("trainer"),
        },
    )


@require("training.manage")
@require_http_methods(["GET", "POST"])
def centre_edit(request, centre_id: int):
    c = selectors.centre_get(actor=request.user, centre_id=centre_id)
    initial = {f: getattr(c, f) for f in services.CENTRE_FIELDS}
    form = CentreForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            services.centre_update(actor=request.user, centre=c, data=form.cleaned_data)
            messages.success(request, "مشخصات مرکز ذخیره شد.")
            return redirect("training:centre", centre_id=c.pk)
    return render(
        request,
        "training/form_page.html",
        {"form": form, "title": f"ویرایش {c.name}", "back": c},
        status=422 if request.method == "POST" else 200,
    )


@require("training.manage")
@require_http_methods(["GET", "POST"])
def project_new(request, centre_id: int):
    c = selectors.centre_get(actor=request.user, centre_id=centre_id)
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with form.showing_service_errors():
            services.renovation_project_create(
                actor=request.user,
                centre=c,
                title=d["title"],
                budget_toman=d["budget_toman"],
                start_date=d["start_date"],
                end_date=d["end_date"],
                milestones=d["milestones"],
            )
            messages.success(request, "پروژهٔ نوسازی ثبت شد.")
            return redirect("training:centre", centre_id=c.pk)
    return render(
        request,
        "training/form_page.html",
        {"form": form, "title": f"پروژهٔ نوسازی تازه — {c.name}", "back": c},
        status=422 if request.method == "POST" else 200,
    )


@require("training.manage")
@require_POST
def milestone_done(request, milestone_id: int):
    m = get_object_or_404(
        RenovationMilestone.objects.select_related("project__centre"), pk=milestone_id
    )
    c = selectors.centre_get(actor=request.user, centre_id=m.project.centre_id)
    services.milestone_done(actor=request.user, milestone=m)
    messages.success(request, f"مرحلهٔ «{m.title}» انجام‌شده ثبت شد.")
    return redirect("training:centre", centre_id=c.pk)


@require("training.manage")
def capacity(request):
    this_year = jalali_today().year
    year = _int(request.GET.get("year"), this_year)
    if not 1390 <= year <= this_year + 2:
        year = this_year
    district = _int(request.GET.get("district"))
    data = selectors.capacity_by_month(actor=request.user, year=year, district=district)
    return render(
        request,
        "training/capacity.html",
        {
            **data,
            "district": district,
            "districts": range(1, 23),
            "years": range(this_year - 2, this_year + 2),
        },
    )


# ------------------------------------------------------------------ courses


@require("training.courses")
def courses(request):
    status = request.GET.get("status", Course.OPEN)
    if status not in dict(Course.STATUS_CHOICES):
        status = Course.OPEN
    q = (request.GET.get("q") or "").strip()
    rows = selectors.course_list(actor=request.user, status=status, q=q)
    today = timezone.localdate()
    for c in rows:
        c.today_session = None
    if user_can(request.user, "training.attendance"):
        todays = {
            s.course_id: s
            for s in selectors.CourseSession.objects.filter(
                course__in=[c.pk for c in rows], date=today
            )
        }
        for c in rows:
            c.today_session = todays.get(c.pk)
    return render(
        request,
        "training/courses.html",
        {
            "courses": rows,
            "status": status,
            "q": q,
            "statuses": Course.STATUS_CHOICES,
            "can_manage": user_can(request.user, "training.manage"),
            "can_enrol": user_can(request.user, "training.enrol"),
            "can_attend": user_can(request.user, "training.attendance"),
        },
    )


@require("training.manage")
@require_http_methods(["GET", "POST"])
def course_new(request):
    form = CourseForm(
        request.POST or None,
        centres=selectors.centre_scope(actor=request.user),
        prerequisites=selectors.course_scope(actor=request.user).exclude(status=Course.CANCELLED),
        initial={"threshold": 75, "session_count": 12},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with form.showing_service_errors():
            course = services.course_create(
                actor=request.user,
                title=d["title"],
                kind=d["kind"],
                centre=d["centre"],
                trainer=d["trainer"],
                capacity=d["capacity"],
                first_date=d["first_date"],
                weekdays=d["weekdays"],
                session_count=d["session_count"],
                start_time=d["start_time"],
                end_time=d["end_time"],
                threshold=d["threshold"],
                service=d["service"],
                prerequisites=d["prerequisites"],
                description=d["description"],
                org_unit=d["org_unit"],
            )
            messages.success(request, "دوره و جلسه‌هایش ثبت شد.")
            return redirect("training:course", course_id=course.pk)
    return render(
        request,
        "training/course_new.html",
        {"form": form},
        status=422 if request.method == "POST" else 200,
    )


@require("training.courses")
def course(request, course_id: int):
    c = selectors.course_get(actor=request.user, course_id=course_id)
    return _course_page(request, c)


def _course_page(request, c: Course, *, capacity_form=None, unit_form=None, status: int = 200):
    """The course's page; a refused capacity or unit form is shown again with its
    message beside the field and what was typed."""
    manages = user_can(request.user, "training.manage")
    return render(
        request,
        "training/course.html",
        {
            "course": c,
            "sessions": list(c.sessions.all()),
            **selectors.enrolments_of(actor=request.user, course=c),
            "prerequisites": list(c.prerequisites.select_related("centre")),
            "today": timezone.localdate(),
            "can_manage": manages,
            "can_enrol": user_can(request.user, "training.enrol") and c.status == Course.OPEN,
            "is_trainer": c.trainer_id == request.user.pk,
            "can_see_attendance": user_can(request.user, "training.attendance_view"),
            "capacity_form": capacity_form
            or (CapacityForm(initial={"capacity": c.capacity}) if manages else None),
            "unit_form": unit_form
            or (CourseUnitForm(initial={"org_unit": c.org_unit_id}) if manages else None),
        },
        status=status,
    )


@require("training.manage")
@require_POST
def course_unit(request, course_id: int):
    c = selectors.course_get(actor=request.user, course_id=course_id)
    form = CourseUnitForm(request.POST)
    if form.is_valid():
        with service_errors_as_message(request):
            c = ownership.course_unit_set(
                actor=request.user, course=c, org_unit=form.cleaned_data["org_unit"]
            )
            messages.success(request, f"دوره اکنون از آنِ «{c.org_unit}» است.")
    else:
        messages.error(request, "یک واحد سازمانی فعال انتخاب کنید.")
    return redirect("training:course", course_id=c.pk)


@require("training.manage")
@require_POST
def course_capacity(request, course_id: int):
    c = selectors.course_get(actor=request.user, course_id=course_id)
    form = CapacityForm(request.POST)
    if form.is_valid():
        with form.showing_service_errors():
            promoted = services.course_capacity_set(
                actor=request.user, course=c, capacity=form.cleaned_data["capacity"]
            )
            msg = "ظرفیت دوره تغییر کرد."
            if promoted:
                msg += f" {len(promoted)} نفر از فهرست انتظار به کلاس آمدند."
            messages.success(request, msg)
            return redirect("training:course", course_id=c.pk)
    return _course_page(request, c, capacity_form=form, status=422)


@require("training.manage")
@require_POST
def course_finish(request, course_id: int):
    c = selectors.course_get(actor=request.user, course_id=course_id)
    with service_errors_as_message(request):
        result = services.course_finish(actor=request.user, course=c)
        messages.success(
            request,
            f"دوره بسته شد: {result['completed']} نفر با گواهی، "
            f"{result['not_completed']} نفر بدون حد نصاب حضور.",
        )
    return redirect("training:course", course_id=c.pk)


# ------------------------------------------------------------------ enrolment


@require("training.enrol")
@require_http_methods(["GET", "POST"])
def enrol(request, course_id: int):
    c = selectors.course_get(actor=request.user, course_id=course_id)
    if c.status != Course.OPEN:
        raise Http404
    error = ""
    if request.method == "POST":
        person = person_get(actor=request.user, person_id=_int(request.POST.get("person_id"), 0))
        try:
            e = services.enrol(actor=request.user, course=c, person=person)
        except ServiceError as exc:
            error = exc.message
        else:
            where = "در کلاس" if e.status == CourseEnrolment.ENROLLED else "در فهرست انتظار"
            messages.success(request, f"{person.full_name} {where} ثبت شد.")
            return redirect("training:enrol", course_id=c.pk)
    q = search_text_trim(request.GET.get("q") or request.POST.get("q") or "")
    page = person_search(actor=request.user, query=q, limit=10) if q else None
    already = {}
    if page is not None and page.results:
        already = dict(
            CourseEnrolment.objects.filter(
                course=c, person_id__in=[p.pk for p in page.results]
            ).values_list("person_id", "status")
        )
    labels = dict(CourseEnrolment.STATUS_CHOICES)
    for p in page.results if page is not None else []:
        p.course_status = labels.get(already.get(p.pk), "")
        p.course_withdrawn = already.get(p.pk) == CourseEnrolment.WITHDRAWN
    ctx = {
        "course": c,
        "q": q,
        "page": page,
        "error": error,
        **selectors.enrolments_of(actor=request.user, course=c),
    }
    if request.headers.get("HX-Request") and request.method == "GET":
        return render(request, "training/_enrol_results.html", ctx)
    return render(request, "training/enrol.html", ctx, status=422 if error else 200)


@require("training.enrol")
@require_POST
def withdraw(request, enrolment_id: int):
    e = get_object_or_404(CourseEnrolment.objects.select_related("course"), pk=enrolment_id)
    selectors.course_get(actor=request.user, course_id=e.course_id)
    if not person_scope(actor=request.user).filter(pk=e.person_id).exists():
        raise Http404
    with service_errors_as_message(request):
        promoted = services.withdraw(
            actor=request.user, enrolment=e, reason=request.POST.get("reason", "")
        )
        msg = "انصراف ثبت شد."
        if promoted:
            scope = person_scope(actor=request.user)
            shown = set(
                scope.filter(pk__in=[p.person_id for p in promoted]).values_list("pk", flat=True)
            )
            names = "، ".join(p.person.full_name for p in promoted if p.person_id in shown)
            others = len(promoted) - len(shown)
            if others:
                names = (names + "، " if names else "") + f"{others} نفر دیگر"
            msg += f" از فهرست انتظار به کلاس آمد: {names}."
        messages.success(request, msg)
    back = "training:enrol" if request.POST.get("next") == "enrol" else "training:course"
    return redirect(back, course_id=e.course_id)


# ------------------------------------------------------------------ attendance


@require("training.attendance_view")
def attendance(request, session_id: int):
    s = selectors.session_get(actor=request.user, session_id=session_id)
    sessions = list(s.course.sessions.all())
    i = next(n for n, x in enumerate(sessions) if x.pk == s.pk)
    roll = selectors.session_roll(session=s)
    return render(
        request,
        "training/attendance.html",
        {
            "session": s,
            "course": s.course,
            "roll": roll,
            "number": i + 1,
            "total": len(sessions),
            "prev": sessions[i - 1] if i > 0 else None,
            "next": sessions[i + 1] if i + 1 < len(sessions) else None,
            "present": sum(1 for r in roll if r["present"]),
            "future": s.date > timezone.localdate(),
            "closed": s.course.status != Course.OPEN,
            # the trainer marks; the centre's manager and the administrator only see
            "can_mark": s.course.trainer_id == request.user.pk,
        },
    )


@require("training.attendance")
@require_POST
def attendance_mark(request, session_id: int, enrolment_id: int):
    s = selectors.session_get(actor=request.user, session_id=session_id)
    e = get_object_or_404(
        CourseEnrolment.objects.select_related("person"), pk=enrolment_id, course=s.course
    )
    present = request.POST.get("present") == "1"
    error = ""
    try:
        services.attendance_mark(actor=request.user, session=s, enrolment=e, present=present)
    except ServiceError as exc:
        error = exc.message
    roll = selectors.session_roll(session=s)
    row = next((r for r in roll if r["enrolment"].pk == e.pk), None)
    if row is None:
        raise Http404
    if not request.headers.get("HX-Request"):
        if error:
            messages.error(request, error)
        return redirect("training:attendance", session_id=s.pk)
    return render(
        request,
        "training/_attendance_row.html",
        {
            "r": row,
            "session": s,
            "error": error,
            "can_mark": True,
            "oob_count": sum(1 for r in roll if r["present"]),
        },
    )


# ------------------------------------------------------------------ certificates


@require("training.courses")
def certificate(request, enrolment_id: int):
    cert = selectors.certificate_get(actor=request.user, enrolment_id=enrolment_id)
    e = cert.enrolment
    sessions = list(e.course.sessions.all())
    return render(
        request,
        "training/certificate.html",
        {
            "cert": cert,
            "enrolment": e,
            "person": e.person,
            "course": e.course,
            "hours": round(sum(s.hours for s in sessions)),
            "code": selectors.cert_codes.display(cert.code),
            "verify_url": request.build_absolute_uri(
                f"{_verify_path()}?code={selectors.cert_codes.display(cert.code)}"
            ),
        },
    )


def _verify_path() -> str:
    from django.urls import reverse

    return reverse("training:verify")


@require(PUBLIC)
def verify(request):
    code = (request.GET.get("code") or "").strip()[:40]
    result = selectors.certificate_verify(code=code) if code else None
    return render(
        request,
        "training/verify.html",
        {"code": code, "result": result, "checked": bool(code)},
    )


@require("accounts.manage")
@require_http_methods(["GET", "POST"])
def centre_move(request, centre_id: int):
    """An administrator puts a centre under another unit of the organisation."""
    centre = get_object_or_404(Centre.objects.select_related("org_unit"), pk=centre_id)
    form = CentreMoveForm(request.POST or None, initial={"org_unit": centre.org_unit})
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["org_unit"]
        with form.showing_service_errors():
            ownership.centre_move(actor=request.user, centre=centre, unit=unit)
            messages.success(request, f"«{centre.name}» به «{unit.name}» رفت.")
            return redirect("accounts:units")
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": f"جابه‌جایی «{centre.name}»",
            "intro": f"اکنون زیر «{centre.org_unit or 'هیچ واحدی'}» است.",
            "back": "accounts:units",
            "submit": "جابه‌جا کن",
        },
        status=400 if form.errors else 200,
    )
