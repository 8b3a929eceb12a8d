"""Pages about units."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from par.accounts.access import access_unit


@login_required
def unit_detail(request, pk: int):
    unit = access_unit(request.user, pk)
    children = unit.children.order_by("kind", "name")
    ancestors = unit.ancestors()
    lineage_out = unit.successor_links.select_related("new")
    lineage_in = unit.predecessor_links.select_related("old")
    return render(
        request,
        "orgunits/unit_detail.html",
        {
            "unit": unit,
            "children": children,
            "ancestors": ancestors,
            "lineage_out": lineage_out,
            "lineage_in": lineage_in,
        },
    )
