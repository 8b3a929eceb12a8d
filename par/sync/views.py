"""The outbox page with its dead letters (system administrators) and the national view (Ministry staff of a
national deployment). Every view has one shape: decorators → access → form → action → render or redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from par.core.http import run_action
from par.sync import actions
from par.sync.access import access_dead_letter, can_manage_sync, can_see_national_view, visible_outbox
from par.sync.forms import DiscardForm, RetryForm
from par.sync.models import OutboxState
from par.sync.national import indices, periods, province_ranking, side_by_side


@login_required
def outbox(request):
    if not can_manage_sync(request.user):
        raise Http404
    events = visible_outbox(request.user)
    counts = events.order_by().values("stream", "state").annotate(n=Count("pk"))
    summary: dict[str, dict[str, int]] = {}
    for row in counts:
        summary.setdefault(row["stream"], {})[row["state"]] = row["n"]
    dead = events.filter(state=OutboxState.DEAD).order_by("stream", "sequence")[:200]
    context = {
        "summary": sorted(summary.items()),
        "states": OutboxState,
        "dead": dead,
        "discard_form": DiscardForm(),
        "active_nav": "sync",
    }
    return render(request, "sync/outbox.html", context)


def _report_refusal(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


@login_required
@require_POST
def retry(request, pk: int):
    event = access_dead_letter(request.user, pk)
    form = RetryForm(request.POST)
    if form.is_valid():
        outcome = run_action(form, actions.do_retry_dead_letter, event, actor=request.user)
        if outcome.ok:
            messages.success(request, _("Item %(item)s will be sent again.") % {"item": event})
            return redirect("sync:outbox")
    _report_refusal(request, form)
    return redirect("sync:outbox")


@login_required
@require_POST
def discard(request, pk: int):
    event = access_dead_letter(request.user, pk)
    form = DiscardForm(request.POST)
    if form.is_valid():
        outcome = run_action(
            form,
            actions.do_discard_dead_letter,
            event,
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
        if outcome.ok:
            messages.success(request, _("Item %(item)s discarded.") % {"item": event})
            return redirect("sync:outbox")
    _report_refusal(request, form)
    return redirect("sync:outbox")


@login_required
def national(request):
    if not can_see_national_view(request.user):
        raise Http404
    known = periods()
    chosen = request.GET.get("period") or (known[0][0] if known else "")
    columns, rows = side_by_side(chosen) if chosen else ([], [])
    table = [
        (element, column, label, [c.figures.get((element, column), "") for c in columns])
        for element, column, label in rows
    ]
    published = indices()
    index = request.GET.get("index") or (published[0][0] if published else "")
    context = {
        "periods": known,
        "chosen": chosen,
        "indices": published,
        "index": index,
        "ranking": province_ranking(index) if index else [],
        "columns": columns,
        "table": table,
        "active_nav": "national",
    }
    return render(request, "sync/national.html", context)
