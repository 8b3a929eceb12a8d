"""The audit trail, read-only, scoped to the units the reader may see."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render

from par.accounts.access import roles_of, visible_units
from par.accounts.models import Role

READERS = {Role.PAR_OFFICER, Role.AUDITOR}


@login_required
def event_list(request):
    from par.audit.models import AuditEvent

    if not (request.user.is_superuser or roles_of(request.user) & READERS):
        raise Http404
    events = AuditEvent.objects.select_related("actor", "unit")
    if not request.user.is_superuser:
        events = events.filter(Q(unit__in=visible_units(request.user)) | Q(actor=request.user))
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "audit/event_list.html", {"page": page})
