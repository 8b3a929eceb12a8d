"""Dossier pages: counter intake, detail with actions, slips. The work lists (desk, queue, board, search) are in
`worklists`; the online channel (the public form, the applicants' files) is in `views_online`.

Every view has one shape: decorators → access → form → action → render or redirect. The actions check the
rules again; their refusals answer through par.core.http (decision 0106): 400 invalid input, 403 a refused
permission, 409 someone else changed the dossier, with the message on the form.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from par.accounts.models import Membership
from par.catalog.models import Procedure, StepActor
from par.core.http import download, form_status, run_action
from par.core.params import whole_number
from par.dossiers import actions, completeness, routing, slips
from par.dossiers.access import CLERKS, PROCESSORS, access_dossier, is_clerk, is_leader, is_processor
from par.dossiers.forms import ActionForm, CounterIntakeForm
from par.dossiers.models import OPEN_STATES, Channel, Dossier, DossierState
from par.orgunits.models import Unit

S = DossierState


def _units_with_role(user, roles) -> list[Unit]:
    if user.is_superuser:
        return list(Unit.objects.filter(memberships__isnull=False).distinct())
    return list(Unit.objects.filter(memberships__user=user, memberships__role__in=roles).distinct())


def _procedures_for(unit: Unit):
    return Procedure.objects.for_level(unit.level).order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def intake(request):
    """The counter (or postal) intake form: the clerk files the dossier and records the completeness check."""
    units = _units_with_role(request.user, CLERKS)
    if not units:
        raise Http404
    unit = next((u for u in units if str(u.pk) == request.GET.get("unit", "")), units[0])
    procedures = _procedures_for(unit)
    initial = {"channel": request.GET.get("channel", Channel.COUNTER), "decision": "receive"}
    form = CounterIntakeForm(
        request.POST or None, request.FILES or None, procedures=procedures, initial=initial
    )
    chosen = form["procedure"].value() or request.GET.get("procedure")
    chosen = whole_number(chosen)
    procedure = procedures.filter(pk=chosen).first() if chosen is not None else None
    version = procedure.version_on(timezone.localdate()) if procedure else None
    checklist = list(version.documents.all()) if version else []
    if request.method == "POST" and form.is_valid():
        received = form.cleaned_data["documents"]
        papers = [
            actions.PaperDocument(
                name=r.name, required_document_id=r.pk, originals=r.originals, copies=r.copies
            )
            for r in checklist
            if r.pk in received
        ]
        # A postal dossier's scanned documents (the form takes them for the postal channel only).
        papers += [actions.PaperDocument(name=f.name, upload=f) for f in form.cleaned_data["files"]]
        data = form.cleaned_data
        outcome = run_action(
            form,
            actions.do_file_and_check,
            unit=unit,
            procedure=data["procedure"],
            applicant=_applicant(data),
            channel=data["channel"],
            documents=papers,
            decision=data["decision"],
            reason=data["reason"],
            missing_reason=data["missing_reason"],
            actor=request.user,
        )
        if outcome.ok:
            return redirect("dossiers:detail", outcome.value.pk)
    # A refused form comes back with the documents the clerk had ticked still ticked.
    ticked = getattr(form, "cleaned_data", {}).get("documents", set())
    context = {
        "form": form,
        "unit": unit,
        "units": units,
        "checklist": checklist,
        "procedure": procedure,
        "ticked": ticked,
    }
    if request.htmx and request.method == "GET":
        return render(request, "dossiers/intake.html#checklist", context)
    return render(request, "dossiers/intake.html", context, status=form_status(form))


def _applicant(data: dict) -> actions.Applicant:
    return actions.Applicant(
        name=data["applicant_name"],
        id_number=data["applicant_id_number"],
        phone=data["applicant_phone"],
        email=data["applicant_email"],
        address=data["applicant_address"],
    )


def _allowed_actions(user, d: Dossier) -> list[str]:
    """The actions the user may offer on this dossier now (the action functions check again)."""
    clerk, processor, leader = is_clerk(user, d), is_processor(user, d), is_leader(user, d)
    state, allowed = d.state, []
    if clerk and state == S.SUBMITTED:
        allowed += ["receive", "supplement", "refuse"]
    if clerk and state == S.SUPPLEMENT_REQUESTED:
        allowed += ["supplemented"] + (["refuse"] if d.received_at is None else [])
    if processor and state in (S.RECEIVED, S.IN_PROCESS):
        allowed += ["assign", "next", "submit", "supplement", "extend"]
    if processor and state in (S.IN_PROCESS, S.AWAITING_APPROVAL):
        allowed += ["return_step"]
    if leader and state == S.AWAITING_APPROVAL:
        allowed += ["approve", "extend"]
    if (clerk or processor) and state == S.APPROVED:
        allowed += ["issue"]
    if clerk and state == S.RESULT_READY:
        allowed += ["return"]
    if clerk and (state in OPEN_STATES or state in (S.SUBMITTED, S.SUPPLEMENT_REQUESTED)):
        allowed += ["withdraw"]
    return list(dict.fromkeys(allowed))


@login_required
def detail(request, pk):
    """The dossier: state, dates and how they were computed, steps, timeline, documents, actions."""
    d = access_dossier(request.user, pk)
    return render(request, "dossiers/detail.html", _detail_context(request, d))


def _detail_context(request, d: Dossier, form=None) -> dict:
    steps = list(d.steps.select_related("unit", "assignee").order_by("sequence"))
    allowed = _allowed_actions(request.user, d)
    officers = []
    if "assign" in allowed and d.current_step:
        officers = list(
            Membership.objects.filter(unit=d.current_step.unit, role__in=PROCESSORS)
            .select_related("user")
            .order_by("user__full_name")
        )
    positions = sorted(
        {s.position: s for s in steps if d.current_step and s.position < d.current_step.position}.values(),
        key=lambda s: s.position,
    )
    return {
        "dossier": d,
        "steps": steps,
        "events": list(d.events.select_related("actor", "unit").order_by("-sequence")[:50]),
        "documents": list(d.documents.all()),
        "pauses": list(d.pauses.all()),
        "extensions": list(d.extensions.all()),
        "allowed": allowed,
        "officers": officers,
        "earlier_steps": positions,
        "agencies": _agencies(d) if "next" in allowed else [],
        "form": form,
        "today": timezone.localdate(),
        "slips": _slips_for(d),
        "checklist": _checklist(d) if "receive" in allowed else [],
    }


def _agencies(d: Dossier) -> list[Unit]:
    """The agencies the next step may go to today: only for an inter-agency step, only along its routes."""
    step = routing.next_catalogue_step(d)
    if step is None or step.actor != StepActor.OTHER_AGENCY:
        return []
    return routing.agencies_for(d, timezone.localdate())


def _checklist(d: Dossier) -> list[tuple]:
    """The procedure's required documents for the completeness check, each with "already recorded"."""
    recorded = {doc.required_document_id for doc in d.documents.all()}
    return [(r, r.pk in recorded) for r in completeness.required_documents(d)]


def _slips_for(d: Dossier) -> list[str]:
    kinds = []
    if d.received_at:
        kinds.append("receipt")
    if d.pauses.exists():
        kinds.append("supplement")
    if d.state == S.REFUSED:
        kinds.append("refusal")
    if d.extended_due_date:
        kinds.append("apology")
    return kinds


@login_required
@require_POST
def act(request, pk, action):
    """Run one transition from the detail page's buttons (htmx swaps the page body)."""
    d = access_dossier(request.user, pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        form.add_error(None, _("The form is incomplete; reload the page."))
    else:
        run_action(form, actions.do_transition, d, action, form.cleaned_data, actor=request.user)
    if not form.errors:
        return redirect("dossiers:detail", d.pk)
    d = access_dossier(request.user, pk)
    return render(
        request, "dossiers/detail.html", _detail_context(request, d, form), status=form_status(form)
    )


@login_required
def slip(request, pk, kind, fmt):
    """A slip of the dossier as DOCX or PDF."""
    d = access_dossier(request.user, pk)
    if kind not in _slips_for(d):
        raise Http404
    if fmt not in ("docx", "pdf"):
        raise Http404
    data = slips.build(d, kind, signer=request.user.get_full_name())
    if fmt == "pdf":
        from par.documents import pdf

        try:
            data = pdf.convert_to_pdf(data, suffix=".docx")
        except pdf.PdfError:
            # LibreOfficeMissing is a PdfError too: the DOCX stays available.
            message = _("The PDF could not be produced on this server. Download the DOCX.")
            return HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    return download(data, f"{kind}-{d.code}.{fmt}")
