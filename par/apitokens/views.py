"""The API token page (system administrators): the list, issuing a token (its key shown once), revoking.

Every view has one shape: decorators → access → form → action → render or redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from par.apitokens import actions
from par.apitokens.access import access_token, can_manage_tokens, visible_tokens
from par.apitokens.forms import IssueForm, RevokeForm
from par.core.http import form_status, run_action


def _require_manager(request) -> None:
    if not can_manage_tokens(request.user):
        raise Http404


@login_required
def token_list(request):
    _require_manager(request)
    tokens = (
        visible_tokens(request.user)
        .select_related("user", "created_by", "revoked_by")
        .prefetch_related("units")
    )
    page = Paginator(tokens, 50).get_page(request.GET.get("page"))
    context = {"page": page, "revoke_form": RevokeForm(), "active_nav": "apitokens"}
    return render(request, "apitokens/token_list.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def issue(request):
    _require_manager(request)
    form = IssueForm(request.POST or None)
    if form.is_valid():
        data = form.cleaned_data
        outcome = run_action(
            form,
            actions.do_issue_api_token,
            user=data["user"],
            name=data["name"],
            access=data["access"],
            units=data["units"],
            days=data["days"],
            reason=data["reason"],
            actor=request.user,
        )
        if outcome.ok:
            token, key = outcome.value
            # The key exists only in this response (never_cache): it is neither stored nor put in the session.
            context = {"token": token, "key": key, "active_nav": "apitokens"}
            return render(request, "apitokens/issued.html", context)
    context = {"form": form, "active_nav": "apitokens"}
    return render(request, "apitokens/issue.html", context, status=form_status(form))


@login_required
@require_POST
def revoke(request, pk: int):
    _require_manager(request)
    token = access_token(request.user, pk)
    form = RevokeForm(request.POST)
    if form.is_valid():
        outcome = run_action(
            form, actions.do_revoke_api_token, token, reason=form.cleaned_data["reason"], actor=request.user
        )
        if outcome.ok:
            messages.success(request, _("Token %(name)s revoked.") % {"name": outcome.value})
            return redirect("apitokens:list")
    # The list is the only place this form lives: its refusal (already revoked, a reason too long) goes there.
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return redirect("apitokens:list")
