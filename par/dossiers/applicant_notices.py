"""What an online applicant is told, by e-mail and through the province's SMS hook, of each change of state of
the dossier and of a supplement request (docs/decisions/0109-what-an-applicants-notice-says.md).

A message carries only what the applicant already has or may read with the dossier code: the code, the
procedure, the receiving unit, the new state and its time, the appointment date, what to supplement, and the
links to the lookup and to the supplement page. Never the security code (the applicant types it), never the
applicant's own data.

Built and sent by the task `par.dossiers.tasks.notify_applicant`, which `actions.base.commit` queues after the
commit of every change of state of an online dossier.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from par.core.links import absolute_url
from par.dossiers.models import Channel, Dossier, DossierEvent, DossierState
from par.dossiers.public import supplement_url


def wants_notice(d: Dossier, before_state: str) -> bool:
    """An online dossier whose state changed, with an address to tell (an e-mail, or a phone for the hook)."""
    return (
        d.channel == Channel.ONLINE
        and d.state != before_state
        and bool(d.applicant_email or (d.applicant_phone and settings.PAR_APPLICANT_SMS))
    )


def _lookup_url(code: str) -> str:
    return absolute_url(reverse("portal:lookup") + "?" + urlencode({"code": code}))


def message(d: Dossier, event: DossierEvent) -> tuple[str, str, str]:
    """(subject, e-mail body, text message) of `event`, in the site's language."""
    state = str(DossierState(event.to_state).label)
    values = {
        "code": d.code,
        "state": state,
        "procedure": d.procedure.name,
        "unit": d.unit.name,
        "at": timezone.localtime(event.at).strftime("%H:%M %d/%m/%Y"),
    }
    subject = _("Dossier %(code)s: %(state)s") % values
    lines = [_("Dossier %(code)s (%(procedure)s) at %(unit)s is now: %(state)s, since %(at)s.") % values]
    sms = _("Dossier %(code)s: %(state)s.") % values
    if event.to_state == DossierState.SUPPLEMENT_REQUESTED:
        link = supplement_url(d.code)
        lines += [
            "",
            _("The unit asks you to supplement the dossier:"),
            event.note,
            "",
            _(
                "Send the documents on this page, with the dossier code and the security code printed on your "
                "confirmation or receipt: %(link)s"
            )
            % {"link": link},
        ]
        sms += " " + _("Supplement: %(link)s") % {"link": link}
    elif d.promised_date and event.to_state in (DossierState.RECEIVED, DossierState.IN_PROCESS):
        lines.append(_("Appointment date: %(date)s.") % {"date": f"{d.promised_date:%d/%m/%Y}"})
    lines += [
        "",
        _("Follow your dossier: %(link)s") % {"link": _lookup_url(d.code)},
        "",
        _("This message is sent automatically; please do not reply."),
    ]
    return subject, "\n".join(lines), sms


def send(dossier_id: int, sequence: int) -> dict[str, int]:
    """Tell the applicant of dossier `dossier_id` about its event `sequence`: e-mail, then the SMS hook."""
    sent = {"emails": 0, "sms": 0}
    event = (
        DossierEvent.objects.select_related("dossier__procedure", "dossier__unit")
        .filter(dossier_id=dossier_id, sequence=sequence)
        .first()
    )
    if event is None or event.dossier.channel != Channel.ONLINE:
        return sent
    d = event.dossier
    # Sent in the site's language whoever caused the change.
    with translation.override(settings.LANGUAGE_CODE):
        subject, body, sms = message(d, event)
    if d.applicant_email:
        send_mail(subject, body, None, [d.applicant_email], fail_silently=False)
        sent["emails"] = 1
    if d.applicant_phone and settings.PAR_APPLICANT_SMS:
        import_string(settings.PAR_APPLICANT_SMS)(d.applicant_phone, sms)
        sent["sms"] = 1
    return sent
