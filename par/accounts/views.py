"""Sign in, sign out, password change, own profile."""

from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from par.accounts import actions
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


class PARPasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, with the write going through the audited action."""

    template_name = "accounts/password_change.html"

    def form_valid(self, form):
        actions.do_change_password(
            self.request.user, new_password=form.cleaned_data["new_password1"], actor=self.request.user
        )
        update_session_auth_hash(self.request, self.request.user)
        from django.http import HttpResponseRedirect

        return HttpResponseRedirect(self.get_success_url())
