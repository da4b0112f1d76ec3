import time

from django.contrib.auth import views as auth_views

from .access import require
from .forms import LoginForm
from .matrix import PUBLIC, SIGNED_IN
from .middleware import LOGIN_AT


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)  # django.contrib.auth.login rotates the key
        self.request.session[LOGIN_AT] = time.time()
        return response


login_view = require(PUBLIC)(LoginView.as_view())
logout_view = require(SIGNED_IN)(auth_views.LogoutView.as_view())  # POST only
