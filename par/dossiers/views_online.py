"""The online channel of the one-stop shop: the public online form, and the files applicants upload (online or
scanned at a postal intake), which staff open through a scoped download, never at a public URL.

The applicant's supplement page is public and lives with the lookup (par.portal.views.supplement).
"""

from __future__ import annotations

from pathlib import PurePath

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from par.catalog.models import Procedure
from par.core.http import form_status, run_action, stored_download
from par.core.params import int_param
from par.core.ratelimit import limit_posts, limit_uploads
from par.dossiers import actions, slips
from par.dossiers.access import CLERKS, access_document
from par.dossiers.forms import OnlineIntakeForm
from par.dossiers.models import Channel
from par.dossiers.public import supplement_url
from par.dossiers.views import _applicant, _procedures_for
from par.orgunits.models import Unit


@require_http_methods(["GET", "POST"])
@limit_posts("dossier-online")
@limit_uploads
def online(request):
    """The public online form: no sign-in; only procedures offered online; uploads are checked by type and size;
    then the code, the security code and the next steps."""
    units = Unit.objects.filter(memberships__role__in=CLERKS).distinct().order_by("name")
    chosen = int_param(request.POST, "unit") or int_param(request.GET, "unit")
    unit = (units.filter(pk=chosen).first() if chosen else None) or units.first()
    procedures = Procedure.objects.none()
    if unit is not None:
        procedures = _procedures_for(unit).published().offered_online(timezone.localdate())
    form = OnlineIntakeForm(request.POST or None, request.FILES or None, procedures=procedures)
    if request.method == "POST" and unit is not None and form.is_valid():
        data = form.cleaned_data
        outcome = run_action(
            form,
            actions.do_file_dossier,
            unit=unit,
            procedure=data["procedure"],
            applicant=_applicant(data),
            channel=Channel.ONLINE,
            documents=[actions.PaperDocument(name=f.name, upload=f) for f in data["files"]],
            actor=None,
        )
        if outcome.ok:
            dossier = outcome.value
            context = {
                "dossier": dossier,
                "lookup": slips.lookup_url(dossier.code),
                "supplement": supplement_url(dossier.code),
            }
            return render(request, "dossiers/online_done.html", context)
    return render(
        request,
        "dossiers/online.html",
        {"form": form, "units": units, "unit": unit},
        status=form_status(form),
    )


@login_required
@require_GET
def document(request, pk, document_pk):
    """A file the applicant uploaded, for the staff who may see the dossier (404 for anyone else)."""
    doc = access_document(request.user, pk, document_pk)
    filename = PurePath(str(doc.file.name)).name
    return stored_download(doc.file, filename, doc.content_type)
