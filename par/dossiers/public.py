"""What anyone may read about a dossier by its code: no personal data beyond a masked name.

`public_view(code)` makes two indexed queries (the dossier by its unique code with its procedure, unit and
current step; then its last events by (dossier, sequence)), returns plain data the portal can cache, and the
portal drops its cache entry on `par.dossiers.signals.dossier_changed`.

Codes are sequential and can be guessed, so a reader with the code alone gets `for_reader(view,
with_secret=False)`: the state and the dates. The masked name, the procedure, the unit, the channel and the
names of the steps need the security code printed on the receipt too (`rating_token`, carried by the QR link as
`t`). See docs/decisions/0094-lookup-with-the-receipt-secret.md.
"""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlencode

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from par.core.prepared import PreparedQuery
from par.dossiers.models import (
    RESULT_STATES,
    Channel,
    Dossier,
    DossierEvent,
    DossierPause,
    DossierState,
    Outcome,
)

LAST_EVENTS = 10
# Why the clock is stopped, in words that say nothing about the applicant or the documents: what is missing is
# written on the supplement request handed to the applicant, not on a page anyone with the code can read.
STOPPED_REASON = _(
    "waiting for the applicant to supplement the dossier, as asked in writing on the supplement request"
)


def mask_name(name: str) -> str:
    """Each word reduced to its first letter and stars: "Nguyễn Văn An" → "N***** V** A*"."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in name.split())


def _date(value):
    return value.strftime("%d/%m/%Y") if value else None


def _local(moment):
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else None


# The lookup's two reads, compiled once per process (par.core.prepared): a third of an uncached lookup's time
# went to building them with the ORM on every request.
FIELDS = (
    "pk",
    "code",
    "state",
    "channel",
    "applicant_name",
    "submitted_at",
    "received_at",
    "due_date",
    "due_at",
    "legal_due_date",
    "extended_due_date",
    "due_explanation",
    "resolved_at",
    "returned_at",
    "outcome",
    "events_count",
    "procedure__code",
    "procedure__name",
    "unit__name",
    "stopped_at",
    "stopped_days_left",
)


def _dossier_by_code(code: str):
    # The open supplement request that stopped the clock, read in the same query (decision 0152).
    stop = DossierPause.objects.filter(dossier=OuterRef("pk"), resumed_at__isnull=True, stops_clock=True)
    return (
        Dossier.objects.annotate(
            stopped_at=Subquery(stop.values("requested_at")[:1]),
            stopped_days_left=Subquery(stop.values("remaining_days")[:1]),
        )
        .filter(code=code)
        .values_list(*FIELDS)[:1]
    )


def _last_events(dossier_id: int, after: int):
    return (
        DossierEvent.objects.filter(dossier_id=dossier_id, sequence__gt=after)
        .order_by("sequence")
        .values_list("at", "to_state", "public_note", "step_name")
    )


DOSSIER_BY_CODE = PreparedQuery(_dossier_by_code, "\x00par:code\x00")
LAST_EVENTS_OF = PreparedQuery(_last_events, 2_000_000_011, 2_000_000_013)


def public_view(code: str) -> dict | None:
    """The public facts of the dossier `code`, or None when there is no such dossier."""
    code = (code or "").strip()
    if not code or len(code) > 60:
        return None
    found = DOSSIER_BY_CODE.rows(code)
    if not found:
        return None
    d = SimpleNamespace(**dict(zip(FIELDS, found[0], strict=True)))
    events = [
        dict(zip(("at", "to_state", "public_note", "step_name"), row, strict=True))
        for row in LAST_EVENTS_OF.rows(d.pk, d.events_count - LAST_EVENTS)
    ]
    state_labels = dict(DossierState.choices)
    stopped = d.state == DossierState.SUPPLEMENT_REQUESTED and d.stopped_at is not None
    return {
        "code": d.code,
        "state": d.state,
        "state_label": str(state_labels.get(d.state, d.state)),
        "channel_label": str(dict(Channel.choices).get(d.channel, d.channel)),
        "procedure_code": d.procedure__code,
        "procedure_name": d.procedure__name,
        "unit_name": d.unit__name,
        "applicant": mask_name(d.applicant_name),
        "submitted_at": _local(d.submitted_at),
        "received_at": _local(d.received_at),
        # While the clock is stopped no date is promised: the dates (and the explanation that ends with one)
        # come back, recomputed, when the supplement arrives.
        "due_date": None if stopped else _date(d.due_date),
        "due_time": None if stopped or d.due_at is None else timezone.localtime(d.due_at).strftime("%H:%M"),
        "legal_due_date": None if stopped else _date(d.legal_due_date),
        "new_due_date": None if stopped else _date(d.extended_due_date),
        "due_explanation": "" if stopped else d.due_explanation,
        "clock_stopped": stopped,
        "clock_stopped_since": _local(d.stopped_at) if stopped else None,
        "clock_stopped_reason": str(STOPPED_REASON) if stopped else "",
        "working_days_left": d.stopped_days_left if stopped else None,
        "result_available": d.state in RESULT_STATES,
        "resolved_at": _local(d.resolved_at),
        "returned_at": _local(d.returned_at),
        "outcome_label": str(dict(Outcome.choices).get(d.outcome, d.outcome)) if d.outcome else "",
        "steps_done": [
            {
                "at": _local(e["at"]),
                "label": e["public_note"] or e["step_name"],
                "state": str(state_labels[e["to_state"]]),
            }
            for e in events
        ],
    }


# What a code alone shows: the state and the dates (how the appointment date was computed included).
CODE_ONLY_FIELDS = (
    "code",
    "state",
    "state_label",
    "submitted_at",
    "received_at",
    "due_date",
    "due_time",
    "legal_due_date",
    "new_due_date",
    "due_explanation",
    "clock_stopped",
    "clock_stopped_since",
    "clock_stopped_reason",
    "working_days_left",
    "result_available",
    "resolved_at",
    "returned_at",
    "outcome_label",
)


def for_reader(view: dict, *, with_secret: bool) -> dict:
    """What `view` shows to a reader with the code and the receipt's secret, or with the code alone.

    A new dict each time: the cached full view is never handed out, so a code-only reader cannot get the
    fuller answer whatever was cached before.
    """
    if with_secret:
        return {**view, "steps_done": [dict(step) for step in view["steps_done"]], "with_secret": True}
    shown = {name: view[name] for name in CODE_ONLY_FIELDS}
    shown["steps_done"] = [{"at": step["at"], "state": step["state"]} for step in view["steps_done"]]
    shown["with_secret"] = False
    return shown


__all__ = ["CODE_ONLY_FIELDS", "for_reader", "mask_name", "public_view"]


# --- the security code on the receipt (it also protects the rating) ---------------------------------------

RATING_SALT = "par.portal.rating"
RATING_LENGTH = 10


def rating_token(code: str) -> str:
    """The security code printed on the receipt and carried by its QR link: an HMAC of the dossier code.

    10 upper-case hexadecimal characters (40 bits): no column and no query to check, not derivable from the
    code without the server's secret key, the same each time the receipt is printed (decisions 0082, 0094).
    It opens the fuller lookup (masked name, procedure, unit) and the rating.
    """
    return salted_hmac(RATING_SALT, code.strip(), algorithm="sha256").hexdigest()[:RATING_LENGTH].upper()


def printed_secret(code: str) -> str:
    """The security code as printed on the receipt, in two groups of five to be read and typed: "89EAA-5D1AA".

    `check_rating_token` ignores the dash, spaces and the case, so any way a citizen types it works.
    """
    token = rating_token(code)
    return f"{token[:5]}-{token[5:]}"


def lookup_path(code: str) -> str:
    """The public lookup page of a dossier with its security code: what the receipt's QR code links to."""
    return "/tra-cuu/?" + urlencode({"code": code, "t": rating_token(code)})


def supplement_path(code: str) -> str:
    """The public page where the applicant sends what was asked for, with the code (not the security code,
    which the applicant types: the link travels by e-mail, decision 0109)."""
    from django.urls import reverse

    return reverse("portal:supplement") + "?" + urlencode({"code": code})


def supplement_url(code: str) -> str:
    from par.core.links import absolute_url

    return absolute_url(supplement_path(code))


def check_rating_token(code: str, token: str) -> bool:
    given = (token or "").strip().upper().replace(" ", "").replace("-", "")
    return bool(code) and constant_time_compare(rating_token(code), given)


# --- the applicant's supplement page ------------------------------------------------------------------

SUPPLEMENT_NOT_FOUND = _(
    "No dossier awaiting a supplement has this code and security code. Check both as printed on your "
    "confirmation or receipt."
)


def supplement_request(code: str, secret: str) -> tuple[Dossier, DossierPause] | None:
    """The dossier `code` and its open supplement request, for a reader holding its security code; None alike
    for an unknown code, a wrong security code and a dossier that awaits no supplement."""
    code = (code or "").strip()
    if not code or len(code) > 60 or not check_rating_token(code, secret):
        return None
    d = Dossier.objects.select_related("unit", "procedure").filter(code=code).first()
    if d is None or d.state != DossierState.SUPPLEMENT_REQUESTED:
        return None
    pause = d.pauses.filter(resumed_at__isnull=True).order_by("-requested_at").first()
    return (d, pause) if pause is not None else None
