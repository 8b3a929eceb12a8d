"""The API token page (system administrators): the list, issuing a token (its key shown once), revoking.

Every view has one shape: decorators → access → form → action → render or redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from par.apitokens import actions
from par.apitokens.access import access_token, can_manage_tokens, visible_tokens
from par.apitokens.forms import IssueForm, RevokeForm


def _require_manager(request) -> None:
    if not can_manage_tokens(request.user):
        raise Http404


def _run(form, action, *args, **kwargs):
    """Call an action; on a refusal put its message on the form and return None."""
    try:
        return action(*args, **kwargs)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
    except PermissionDenied as exc:
        form.add_error(None, str(exc) or _("You may not do this."))
    return None


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
        done = _run(
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
        if done:
            token, key = done
            # The key exists only in this response (never_cache): it is neither stored nor put in the session.
            context = {"token": token, "key": key, "active_nav": "apitokens"}
            return render(request, "apitokens/issued.html", context)
    status = 422 if form.is_bound else 200
    return render(request, "apitokens/issue.html", {"form": form, "active_nav": "apitokens"}, status=status)


@login_required
@require_POST
def revoke(request, pk: int):
    _require_manager(request)
    token = access_token(request.user, pk)
    form = RevokeForm(request.POST)
    if form.is_valid():
        done = _run(
            form, actions.do_revoke_api_token, token, reason=form.cleaned_data["reason"], actor=request.user
        )
        if done:
            messages.success(request, _("Token %(name)s revoked.") % {"name": done})
            return redirect("apitokens:list")
    # The list is the only place this form lives: its refusal (already revoked, a reason too long) goes there.
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return redirect("apitokens:list")
