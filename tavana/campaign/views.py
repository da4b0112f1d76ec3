"""Pages of the campaign: the public sign-up, the coordinator's pipeline, mentors,
matching and figures, and the mentors' session log. Each view passes a gate,
calls one service or selector, renders."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tavana.accounts.access import require, user_can
from tavana.accounts.matrix import PUBLIC
from tavana.core import throttle
from tavana.core.errors import ServiceError, service_errors_as_message
from tavana.core.sms import SmsProviderError
from tavana.people.selectors import person_get

from . import selectors, services
from .forms import (
    AdjustForm,
    MentorForm,
    SessionForm,
    SignUpFilterForm,
    SignUpForm,
    StageForm,
    form_token,
    min_fill_seconds,
)
from .models import Match

# The sign-up's per-address limits (requests, seconds), counted by `core.throttle`
# per client behind the trusted proxies. The limits per mobile, per form and the
# daily budget are counted in the database (`services.phone_code_send`), so no
# restart resets them.
CODES_PER_IP = (10, 60 * 60)
POSTS_PER_IP = (60, 60 * 60)

# ------------------------------------------------------------------ public sign-up

SENT = "کد تأیید به شمارهٔ شما پیامک شد. آن را در کادر «کد تأیید» بنویسید."


def _join_page(request, form, *, code_sent=False, status=200):
    return render(
        request,
        "campaign/join.html",
        {"form": form, "code_sent": code_sent, "campaign": services.CAMPAIGN_NAME},
        status=status,
    )


@require(PUBLIC)
@require_http_methods(["GET", "POST"])
def join(request):
    """The campaign's public sign-up: anyone in the city, no sign-in.

    Step one sends a code to her mobile; step two (same page, every value kept)
    checks the code and records her. Nothing about anyone is shown here.
    """
    if request.method == "GET":
        return _join_page(request, SignUpForm(initial={"token": form_token()}))

    form = SignUpForm(request.POST)
    ip = throttle.client_address(request) or "unknown"
    if form.is_bot():
        return redirect("campaign:join_done")  # no hint to the software that it was caught
    if not throttle.hit("post-ip", ip, POSTS_PER_IP):
        form.is_valid()
        form.add_error(None, "درخواست‌های این رایانه بیش از اندازه بوده است. ساعتی دیگر بکوشید.")
        return _join_page(request, _keep_token(form), status=429)
    if not form.is_valid():
        return _join_page(request, _keep_token(form), code_sent=bool(request.POST.get("code_sent")))

    elapsed = form.seconds_since_shown()
    if elapsed is None or elapsed < min_fill_seconds():
        form.add_error(
            None, "فرم خیلی سریع فرستاده شد. لطفاً چند ثانیه بعد دوباره «ادامه» را بزنید."
        )
        return _join_page(request, _keep_token(form, renew=elapsed is None), status=400)

    nonce = form.token_nonce()
    if services.form_token_spent(nonce=nonce):
        # a form that already made a sign-up is not a ticket for more codes or sign-ups
        form.add_error(None, services.FORM_SPENT)
        return _join_page(request, _keep_token(form, renew=True), status=400)
    mobile = form.cleaned_data["mobile"]
    code = form.cleaned_data.get("code") or ""
    if request.POST.get("send_code") or not code:
        if not throttle.hit("code-ip", ip, CODES_PER_IP):
            form.add_error("mobile", services.TOO_MANY_FOR_MOBILE)
            return _join_page(request, _keep_token(form), status=429)
        try:
            with form.showing_service_errors():
                services.phone_code_send(mobile=mobile, form_nonce=nonce)
                messages.info(request, SENT)
                return _join_page(request, _keep_token(form), code_sent=True)
        except SmsProviderError:
            form.add_error("mobile", "فرستادن پیامک اکنون ممکن نشد. چند دقیقه بعد دوباره بکوشید.")
            return _join_page(request, _keep_token(form), status=503)
        return _join_page(request, _keep_token(form), status=429)  # refused: too many codes

    if not services.phone_code_check(mobile=mobile, code=code):
        form.add_error(
            "code",
            "کد تأیید درست نیست یا زمانش گذشته است. دوباره بنویسید یا کد تازه بخواهید.",
        )
        return _join_page(request, _keep_token(form), code_sent=True, status=400)
    services.signup_create(data=form.cleaned_data)
    return redirect("campaign:join_done")


def _keep_token(form, renew=False):
    """Keep the original signed timestamp (the fill time counts from the first view)."""
    if renew or not form.data.get("token"):
        data = form.data.copy()
        data["token"] = form_token()
        form.data = data
    return form


@require(PUBLIC)
def join_done(request):
    return render(request, "campaign/join_done.html", {"campaign": services.CAMPAIGN_NAME})


# ------------------------------------------------------------------ pipeline


@require("campaign.coordinate")
def signups(request):
    form = SignUpFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.signup_list(actor=request.user, **{k: v for k, v in filters.items() if v})
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "campaign/signups.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "waiting": selectors.waiting_count(actor=request.user),
        },
    )


@require("campaign.coordinate")
def signup(request, signup_id: int):
    s = selectors.signup_get(actor=request.user, signup_id=signup_id)
    ctx = selectors.signup_detail(actor=request.user, signup=s)
    ctx["stage_form"] = StageForm()
    return render(request, "campaign/signup.html", ctx)


@require("campaign.coordinate")
@require_POST
def signup_stage(request, signup_id: int):
    s = selectors.signup_get(actor=request.user, signup_id=signup_id)
    form = StageForm(request.POST)
    if form.is_valid():
        with service_errors_as_message(request):
            services.signup_move(
                actor=request.user,
                signup=s,
                target=form.cleaned_data["target"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, "مرحله به‌روز شد.")
    else:
        messages.error(request, "مرحلهٔ تازه را برگزینید.")
    return redirect("campaign:signup", signup_id=s.pk)


@require("campaign.coordinate")
@require_http_methods(["GET", "POST"])
def signup_link(request, signup_id: int):
    """Confirm step: the registry's likely matches; link to one, or register her."""
    s = selectors.signup_get(actor=request.user, signup_id=signup_id)
    if s.person_id:
        messages.info(request, "این ثبت‌نام پیش‌تر به پرونده‌ای در سامانه پیوند خورده است.")
        return redirect("campaign:signup", signup_id=s.pk)
    candidates = selectors.candidates_for(actor=request.user, signup=s)
    error = ""
    if request.method == "POST":
        try:
            if request.POST.get("person_id"):
                person = person_get(actor=request.user, person_id=int(request.POST["person_id"]))
                services.signup_link(actor=request.user, signup=s, person=person)
                messages.success(request, f"به پروندهٔ {person.full_name} پیوند خورد.")
            else:
                person = services.signup_register(
                    actor=request.user,
                    signup=s,
                    candidates_seen=request.POST.get("confirm") == "none-of-them",
                )
                messages.success(request, "در سامانه ثبت شد و به این ثبت‌نام پیوند خورد.")
            return redirect("campaign:signup", signup_id=s.pk)
        except ServiceError as e:
            error = e.message
        except ValueError:
            error = "پرونده‌ای را برگزینید."
    return render(
        request,
        "campaign/link.html",
        {
            "signup": s,
            "candidates": candidates,
            "error": error,
            "can_register": user_can(request.user, "person.register"),
        },
        status=400 if error else 200,
    )


# ------------------------------------------------------------------ mentors


@require("campaign.coordinate")
def mentors(request):
    return render(
        request, "campaign/mentors.html", {"mentors": selectors.mentor_list(actor=request.user)}
    )


def _mentor_form_page(request, form, mentor=None, status=200):
    return render(
        request, "campaign/mentor_form.html", {"form": form, "mentor": mentor}, status=status
    )


@require("campaign.coordinate")
@require_http_methods(["GET", "POST"])
def mentor_new(request):
    form = MentorForm(request.POST or None, initial={"weekly_capacity": 5, "active": True})
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            services.mentor_save(actor=request.user, data=form.cleaned_data)
            messages.success(request, "منتور ثبت شد.")
            return redirect("campaign:mentors")
    return _mentor_form_page(request, form, status=400 if request.method == "POST" else 200)


@require("campaign.coordinate")
@require_http_methods(["GET", "POST"])
def mentor_edit(request, mentor_id: int):
    mentor = selectors.mentor_get(actor=request.user, mentor_id=mentor_id)
    form = MentorForm(request.POST or None, initial=MentorForm.initial_for(mentor))
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            services.mentor_save(actor=request.user, data=form.cleaned_data, mentor=mentor)
            messages.success(request, "مشخصات منتور به‌روز شد.")
            return redirect("campaign:mentors")
    return _mentor_form_page(request, form, mentor, status=400 if request.method == "POST" else 200)


# ------------------------------------------------------------------ matching


@require("campaign.coordinate")
@require_http_methods(["GET", "POST"])
def matching(request):
    if request.method == "POST":
        services.proposal_make(
            actor=request.user, signups=selectors.signup_scope(actor=request.user)
        )
        messages.success(request, "پیشنهاد تازهٔ جفت‌سازی آماده شد. هر جفت را بررسی کنید.")
        return redirect("campaign:matching")
    pairs = selectors.pending_pairs(actor=request.user)
    return render(
        request,
        "campaign/matching.html",
        {
            "pairs": pairs,
            "waiting": selectors.waiting_count(actor=request.user),
            "mentors": selectors.mentor_list(actor=request.user),
            "adjust_form": AdjustForm(),
        },
    )


@require("campaign.coordinate")
@require_POST
def match_decide(request, match_id: int):
    match = Match.objects.filter(
        pk=match_id, signup__in=selectors.signup_scope(actor=request.user)
    ).first()
    if match is None:
        from django.http import Http404

        raise Http404
    decision = request.POST.get("decision", "")
    mentor = None
    if decision == services.ADJUST:
        form = AdjustForm(request.POST)
        mentor = form.cleaned_data["mentor"] if form.is_valid() else None
    with service_errors_as_message(request):
        services.match_decide(actor=request.user, match=match, decision=decision, mentor=mentor)
        messages.success(
            request,
            {
                "accept": "جفت پذیرفته شد.",
                "reject": "جفت رد شد.",
                "adjust": "منتور تغییر کرد و جفت پذیرفته شد.",
            }.get(decision, "ثبت شد."),
        )
    return redirect("campaign:matching")


# ------------------------------------------------------------------ figures


@require("campaign.coordinate")
def figures(request):
    return render(request, "campaign/figures.html", selectors.figures(actor=request.user))


# ------------------------------------------------------------------ sessions


@require("campaign.mentor")
def mentees(request):
    return render(
        request, "campaign/mentees.html", {"pairs": selectors.mentees(actor=request.user)}
    )


@require("campaign.mentor")
@require_http_methods(["GET", "POST"])
def session_new(request, match_id: int):
    match = selectors.match_for_session(actor=request.user, match_id=match_id)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            services.session_record(actor=request.user, match=match, data=form.cleaned_data)
            messages.success(request, "جلسه ثبت شد.")
            return redirect("campaign:session_new", match_id=match.pk)
    return render(
        request,
        "campaign/session_form.html",
        {"form": form, "match": match, "sessions": list(match.sessions.all()[:50])},
        status=400 if request.method == "POST" else 200,
    )
