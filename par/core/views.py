"""The home page and the health check."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from par.accounts.access import visible_units
from par.accounts.models import Membership


@login_required
def home(request):
    memberships = list(
        Membership.objects.filter(user=request.user).select_related("unit").order_by("unit__path", "role")
    )
    visible = visible_units(request.user).current()
    counts = {row["kind"]: row["n"] for row in _count_by_kind(visible)}
    children = {}
    for m in memberships:
        children.setdefault(m.unit_id, [])
    if children:
        for unit in visible.filter(parent_id__in=children.keys()).order_by("kind", "name"):
            children[unit.parent_id].append(unit)
    return render(
        request,
        "core/home.html",
        {
            "memberships": memberships,
            "children": children,
            "departments": counts.get("department", 0),
            "communes": counts.get("commune", 0),
            "wards": counts.get("ward", 0) + counts.get("special_zone", 0),
            "visible_total": sum(counts.values()),
        },
    )


def _count_by_kind(qs):
    from django.db.models import Count

    return qs.order_by().values("kind").annotate(n=Count("id"))


@never_cache
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    if request.GET.get("format") == "json":
        return JsonResponse({"status": "ok"})
    return HttpResponse("ok", content_type="text/plain")
