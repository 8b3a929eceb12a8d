"""Public pages at /tra-cuu/: the dossier lookup (the receipt's QR code links here), the rating, the on-time board.

No sign-in. Pages show what `par.dossiers.public.for_reader` leaves of the public view: with the code alone the
state and the dates; with the security code of the receipt (`t`, carried by the QR link or typed into the form)
also the masked name, the procedure and the unit (docs/decisions/0094-lookup-with-the-receipt-secret.md).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.db.models import F, Q, Sum
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from par.core.http import form_status, run_action
from par.core.lists import Sort
from par.core.ratelimit import limit_posts, limit_uploads, refused, retry_after
from par.dossiers.actions import PaperDocument, do_supplement_online
from par.dossiers.models import DossierRollup
from par.dossiers.public import SUPPLEMENT_NOT_FOUND, lookup_path, supplement_request
from par.portal.actions import do_rate_dossier
from par.portal.forms import RatingForm, SupplementForm
from par.portal.listing import read_list, row_list
from par.portal.lookup import lookup, normalise
from par.portal.models import Rating
from par.portal.views_public import kind_filter, kind_matches, list_page


def _page(request, code: str, *, secret: str = "", rating_form=None, status=200):
    context: dict[str, object] = {"code": code, "secret": secret, "dossier": None, "not_found": False}
    if code:
        seconds = retry_after(request, "lookup", settings.PAR_PUBLIC_LOOKUP_RATE)
        if seconds:
            context["retry_after"] = seconds
            return refused(request, "portal/lookup.html", context, 429, seconds)
        view = lookup(code, secret)
        context["dossier"] = view
        context["not_found"] = view is None
        context["wrong_secret"] = bool(view and secret and not view["with_secret"])
        if view and view["result_available"]:
            context["rated"] = Rating.objects.filter(dossier__code=view["code"]).exists()
            if not context["rated"]:
                context["rating_form"] = rating_form or RatingForm(
                    initial={"code": view["code"], "token": secret}
                )
        if rating_form is not None and "rating_form" not in context:
            # A refused rating for a dossier that shows no form (no result yet, or already rated).
            context["rate_errors"] = rating_form.non_field_errors()
    return render(request, "portal/lookup.html", context, status=status)


@require_GET
def lookup_page(request):
    return _page(
        request, normalise(request.GET.get("code", ""))[:60], secret=request.GET.get("t", "").strip()[:20]
    )


@require_POST
def rate(request):
    form = RatingForm(request.POST)
    # The page is drawn again for what was typed, valid or not, as the form holds it.
    code = normalise(form.data.get("code", ""))[:60]
    secret = form.data.get("token", "").strip()[:20]
    if retry_after(request, "rate", settings.PAR_PUBLIC_LOOKUP_RATE):
        return _page(request, code, secret=secret, rating_form=form)
    if form.is_valid():
        data = form.cleaned_data
        outcome = run_action(
            form, do_rate_dossier, data["code"], data["token"], scores=form.scores(), comment=data["comment"]
        )
        if outcome.ok:
            messages.success(request, _("Thank you for rating the service."))
            # Back to the page as the QR link shows it: the security code was just proven.
            return redirect(f"/tra-cuu/?{urlencode({'code': code, 't': secret})}")
    return _page(request, code, secret=secret, rating_form=form, status=form_status(form))


@require_http_methods(["GET", "POST"])
@limit_posts("portal-supplement")
@limit_uploads
def supplement(request):
    """The applicant's supplement: with the code and the security code, see what was asked and send the files.

    An unknown code, a wrong security code and a dossier that awaits nothing get the same answer (404)."""
    form = SupplementForm(request.POST or None, request.FILES or None, initial={"code": _code(request)})
    context: dict[str, object] = {"form": form}
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        found = supplement_request(data["code"], data["token"])
        if found is None:
            form.add_error(None, SUPPLEMENT_NOT_FOUND)
            return render(request, "portal/supplement.html", context, status=404)
        context["dossier"], context["pause"] = found
        if data["step"] == "send":
            documents = [PaperDocument(name=f.name, upload=f) for f in data["files"]]
            outcome = run_action(form, do_supplement_online, data["code"], data["token"], documents=documents)
            if outcome.ok:
                context["done"] = outcome.value
                context["lookup"] = lookup_path(outcome.value.code)
            status = form_status(form)
    return render(request, "portal/supplement.html", context, status=status)


def _code(request) -> str:
    return normalise(request.GET.get("code", ""))[:60]


def _pct(good, total):
    return round(good * 100 / total, 2) if total else None


BOARD_SORTS = {
    "unit": Sort(gettext_lazy("Unit"), ["path"]),
    "month": Sort(gettext_lazy("This month"), ["month_pct"]),
    "year": Sort(gettext_lazy("This year"), ["year_pct"]),
}


def board(request):
    """Per receiving unit: results issued early or on time, this month and this year (from the statistics);
    searched, filtered by kind of unit, sorted and paged like every public list (decision 0167)."""
    today = timezone.localdate()
    month = today.replace(day=1)
    form = read_list(request, sorts=BOARD_SORTS, filters={"kind": kind_filter()})
    context: dict[str, object] = {"today": today, "month": month}
    if form.is_bound and not form.is_valid():
        return list_page(request, "portal/board.html", form, context)
    ok = F("resolved_early") + F("resolved_on_time")
    resolved = ok + F("resolved_late")
    in_month = Q(day__gte=month)
    rows = (
        DossierRollup.objects.filter(day__gte=today.replace(month=1, day=1), day__lte=today)
        .values("unit_id", "unit__name", "unit__path", "unit__kind")
        .annotate(
            year_ok=Sum(ok),
            year_all=Sum(resolved),
            month_ok=Sum(ok, filter=in_month),
            month_all=Sum(resolved, filter=in_month),
        )
        .filter(year_all__gt=0)
        .order_by("unit__path")
    )
    units = [
        {
            "unit_id": r["unit_id"],
            "name": r["unit__name"],
            "path": r["unit__path"],
            "kind": r["unit__kind"],
            "month_ok": r["month_ok"] or 0,
            "month_all": r["month_all"] or 0,
            "month_pct": _pct(r["month_ok"] or 0, r["month_all"] or 0),
            "year_ok": r["year_ok"],
            "year_all": r["year_all"],
            "year_pct": _pct(r["year_ok"], r["year_all"]),
        }
        for r in rows
    ]
    cleaned = form.cleaned_data if form.is_bound else {}
    units = [u for u in units if kind_matches(u, cleaned.get("kind") or "")]
    context["list"] = row_list(
        request, units, sorts=BOARD_SORTS, default_sort="unit", search=lambda r: r["name"], cleaned=cleaned
    )
    return list_page(request, "portal/board.html", form, context)
