"""Sign in, sign out, password change, own profile; and the pages that show the floor apps (the unit tree, the
audit trail) to a signed-in person, which depend on what that person may reach and so live here, above orgunits
and audit (docs/decisions/0160-layers.md)."""

from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render

from par.accounts import actions
from par.accounts.access import access_unit, roles_of, visible_units
from par.accounts.forms import LoginForm
from par.accounts.models import Membership, Role, User
from par.audit.models import AuditEvent

# Who may read the audit trail of the units they see (a superuser reads all of it).
AUDIT_READERS = {Role.PAR_OFFICER, Role.AUDITOR}


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
        user = self.request.user
        assert isinstance(user, User)  # the view lets only signed-in people in
        actions.do_change_password(user, new_password=form.cleaned_data["new_password1"], actor=user)
        update_session_auth_hash(self.request, user)
        return HttpResponseRedirect(self.get_success_url())


@login_required
def home(request):
    """The person's memberships, the units directly below them, and how many units they see by kind."""
    memberships = list(
        Membership.objects.filter(user=request.user).select_related("unit").order_by("unit__path", "role")
    )
    visible = visible_units(request.user).current()
    counts = {row["kind"]: row["n"] for row in visible.order_by().values("kind").annotate(n=Count("id"))}
    children: dict[int | None, list] = {}
    for m in memberships:
        children.setdefault(m.unit_id, [])
    if children:
        for unit in visible.filter(parent_id__in=children.keys()).order_by("kind", "name"):
            children[unit.parent_id].append(unit)
    return render(
        request,
        "accounts/home.html",
        {
            "memberships": memberships,
            "children": children,
            "departments": counts.get("department", 0),
            "communes": counts.get("commune", 0),
            "wards": counts.get("ward", 0) + counts.get("special_zone", 0),
            "visible_total": sum(counts.values()),
        },
    )


@login_required
def unit_detail(request, pk: int):
    """A unit the person may see: its place in the tree, its lineage and the units below it."""
    unit = access_unit(request.user, pk)
    return render(
        request,
        "accounts/unit_detail.html",
        {
            "unit": unit,
            "children": unit.children.order_by("kind", "name"),
            "ancestors": unit.ancestors(),
            "lineage_out": unit.successor_links.select_related("new"),
            "lineage_in": unit.predecessor_links.select_related("old"),
        },
    )


@login_required
def audit_trail(request):
    """The audit trail, read-only: the events in the units the reader sees, and the reader's own."""
    if not (request.user.is_superuser or roles_of(request.user) & AUDIT_READERS):
        raise Http404
    events = AuditEvent.objects.select_related("actor", "unit")
    if not request.user.is_superuser:
        events = events.filter(Q(unit__in=visible_units(request.user)) | Q(actor=request.user))
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/audit_trail.html", {"page": page})
