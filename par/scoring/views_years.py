"""The screen where the province PAR officer creates next year's framework from last year's (decision 0122)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from par.core.http import form_status, run_action
from par.scoring.access import managed_frameworks, manages_frameworks
from par.scoring.actions import do_copy_framework
from par.scoring.forms import NewYearForm


@login_required
def framework_new_year(request):
    """GET: the form, prefilled with the latest framework and the year after it; POST: the copy, then its page."""
    if not manages_frameworks(request.user):
        raise Http404
    sources = (
        managed_frameworks(request.user).select_related("owner").order_by("-year", "assessed_kind", "pk")
    )
    latest = sources.first()
    initial = {"source": latest, "year": latest.year + 1} if latest else {}
    form = NewYearForm(request.POST or None, sources=sources, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = run_action(
            form,
            do_copy_framework,
            data["source"],
            year=data["year"],
            self_deadline=data["self_deadline"],
            actor=request.user,
        )
        if outcome.ok:
            framework = outcome.value
            messages.success(
                request,
                _("The %(year)s framework was created from the %(source)s one, with its criteria and bands.")
                % {"year": framework.year, "source": data["source"].year},
            )
            return redirect("scoring:framework_detail", framework.pk)
    context = {"form": form, "has_sources": latest is not None, "active_nav": "par_index_new_year"}
    return render(request, "scoring/framework_new_year.html", context, status=form_status(form))
