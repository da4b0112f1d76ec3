import time
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_http_methods

from tavana.core import throttle
from tavana.core.net import client_address

from . import services, twofactor
from .access import require
from .forms import LoginForm, PersianSetPasswordForm, TwoFactorCodeForm
from .matrix import PUBLIC, SIGNED_IN
from .middleware import LOGIN_AT
from .models import SignIn, User

PENDING = "tavana_2fa_pending"  # (user id, backend, when) between the two steps
PENDING_SECONDS = 5 * 60
MAX_CODE_TRIES = 5


# Wrong passwords from one address, whatever the usernames (the lockout of
# django-axes counts per username and address): an office behind one address
# has room for its typos, a guesser does not.
FAILURES_PER_ADDRESS = (30, 15 * 60)
ADDRESS_LOCKED = (
    "از این نشانی اینترنتی تلاش‌های نادرست ورود بسیار بوده است؛ ورود از آن موقتاً "
    "بسته است. چند دقیقهٔ دیگر دوباره امتحان کنید."
)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        address = client_address(request)
        if (
            throttle.count("login-fail-address", address, FAILURES_PER_ADDRESS)
            >= (FAILURES_PER_ADDRESS[0])
        ):
            username = (request.POST.get("username") or "").strip()[:150]
            if username:
                services.signin_record(request=request, username=username, outcome=SignIn.FAILED)
            return render(
                request, "accounts/locked_out.html", {"reason": ADDRESS_LOCKED}, status=429
            )
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        user = form.get_user()
        if twofactor.has_two_factor(user):
            # the password is right; nothing opens until the second step
            self.request.session[PENDING] = {
                "user": user.pk,
                "backend": user.backend,
                "at": time.time(),
                "tries": 0,
            }
            url = reverse("accounts:two_factor_verify")
            nxt = self.get_redirect_url()
            return redirect(f"{url}?{urlencode({'next': nxt})}" if nxt else url)
        return self._signed_in(form.get_user(), None)

    def _signed_in(self, user, device):
        if device is not None:
            user.otp_device = device  # django-otp marks the session verified on login
        auth_login(self.request, user)  # rotates the session key
        self.request.session[LOGIN_AT] = time.time()
        services.signin_record(
            request=self.request, username=user.username, outcome=SignIn.SUCCESS, user=user
        )
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        throttle.hit("login-fail-address", client_address(self.request), FAILURES_PER_ADDRESS)
        username = (self.request.POST.get("username") or "").strip()
        if username:
            services.signin_record(request=self.request, username=username, outcome=SignIn.FAILED)
        return super().form_invalid(form)


@require(PUBLIC)
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """The second step: her authenticator's code, or one of her recovery codes."""
    pending = request.session.get(PENDING)
    if not pending and request.user.is_authenticated:
        return redirect("core:home")
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return render(request, "accounts/two_factor_verify.html", {"expired": True})
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        request.session.pop(PENDING, None)
        return redirect("accounts:login")
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = twofactor.verify_second_factor(user, form.cleaned_data["code"])
        if device is not None:
            request.session.pop(PENDING, None)
            user.backend = pending["backend"]
            view = LoginView()
            view.setup(request)
            return view._signed_in(user, device)
        services.signin_record(
            request=request, username=user.username, outcome=SignIn.SECOND_FACTOR_FAILED, user=user
        )
        pending["tries"] += 1
        if pending["tries"] >= MAX_CODE_TRIES:
            request.session.pop(PENDING, None)
            messages.error(request, "چند بار کد نادرست وارد شد؛ از نو وارد شوید.")
            return redirect("accounts:login")
        request.session[PENDING] = pending
        form.add_error("code", "کد درست نیست. کد تازهٔ برنامه یا یکی از کدهای بازیابی را وارد کنید.")
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": request.GET.get("next", "")},
        status=400 if form.errors else 200,
    )


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        services.signout_record(request=request)
        return super().post(request, *args, **kwargs)


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """The link from the SMS: she chooses her own password (no one else sees it)."""

    template_name = "accounts/password_set.html"
    form_class = PersianSetPasswordForm
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    def form_valid(self, form):
        services.password_set(user=form.user, password=form.cleaned_data["new_password1"])
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        messages.success(self.request, "گذرواژه ذخیره شد؛ اکنون با آن وارد شوید.")
        return redirect(self.success_url)


login_view = require(PUBLIC)(LoginView.as_view())
logout_view = require(SIGNED_IN)(LogoutView.as_view())  # POST only
password_set_view = require(PUBLIC)(PasswordSetView.as_view())
