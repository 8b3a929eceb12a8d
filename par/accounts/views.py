"""Sign in, sign out, password change, own profile."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from par.accounts.forms import LoginForm
from par.accounts.models import Membership


class PARLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@login_required
def profile(request):
    memberships = Membership.objects.filter(user=request.user).select_related("unit").order_by("unit__path")
    return render(request, "accounts/profile.html", {"memberships": memberships})
