"""Who may see and manage surveys (decisions 0001, 0061, 0096, 0097 and 0098).

- The PAR officer of the owning unit builds and distributes questionnaires.
- Results (indices, exports, the API) and links cover the units the reader sees; the appraisal council of the
  owning unit (appraisers and PAR officers at it, inside it or above it) reads every unit's results and reviews
  the kiosk answers flagged as bursts.
- A kiosk session is opened and revoked by the kiosk unit's own staff (one-stop clerk, unit officer, unit head)
  or a unit head or PAR officer above it.
Missing and forbidden both answer 404. Answering by a one-time link needs no login; a kiosk needs an open session.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from par.accounts.access import has_role, visible_units
from par.accounts.models import SUBTREE_ROLES, Membership, Role
from par.orgunits.models import Unit
from par.orgunits.querysets import subtree_q
from par.surveys.models import KioskSession, Mode, Questionnaire, QuestionnaireState, Response, SurveyLink

COUNCIL_ROLES = frozenset({Role.APPRAISER, Role.PAR_OFFICER})
KIOSK_OPENERS = frozenset({Role.ONE_STOP_CLERK, Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.PAR_OFFICER})


def can_manage(user, questionnaire: Questionnaire) -> bool:
    return has_role(user, questionnaire.owner, [Role.PAR_OFFICER])


def is_council(user, questionnaire: Questionnaire) -> bool:
    """True for the appraisal council of the questionnaire's owner (decision 0061's rule for frameworks)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    owner = questionnaire.owner
    where = subtree_q(owner.path, prefix="unit__") | Q(unit_id__in=owner.ancestor_ids)
    return Membership.objects.filter(Q(user=user, role__in=COUNCIL_ROLES) & where).exists()


def _council_owners(user):
    """Ids of the units whose questionnaires the user is on the council of (a subquery)."""
    condition = Q(pk__in=[])
    for membership in Membership.objects.filter(user=user, role__in=COUNCIL_ROLES).select_related("unit"):
        condition |= subtree_q(membership.unit.path) | Q(pk__in=membership.unit.ancestor_ids)
    return Unit.objects.filter(condition).values("pk")


def visible_questionnaires(user):
    if not user.is_authenticated:
        return Questionnaire.objects.none()
    if user.is_superuser:
        return Questionnaire.objects.all()
    units = visible_units(user)
    return Questionnaire.objects.filter(
        Q(owner__in=units) | Q(links__unit__in=units) | Q(owner__in=_council_owners(user))
    ).distinct()


def access_questionnaire(user, pk) -> Questionnaire:
    try:
        return visible_questionnaires(user).select_related("owner").get(pk=pk)
    except (Questionnaire.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def visible_responses(user, questionnaire: Questionnaire):
    """Responses to every version of the questionnaire from the units the user sees (the council: all)."""
    responses = Response.objects.filter(
        questionnaire__owner=questionnaire.owner, questionnaire__code=questionnaire.code
    )
    if is_council(user, questionnaire):
        return responses
    return responses.filter(unit__in=visible_units(user))


def visible_links(user, questionnaire: Questionnaire):
    """The questionnaire's distribution links for units the user sees."""
    return questionnaire.links.filter(unit__in=visible_units(user))


def access_link(user, pk) -> SurveyLink:
    """A link whose unit the user sees: its unused one-time tokens let anyone answer as that unit's citizens."""
    try:
        return SurveyLink.objects.select_related("questionnaire", "unit", "questionnaire__owner").get(
            pk=pk, unit__in=visible_units(user)
        )
    except (SurveyLink.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def visible_kiosk_units(user):
    """Units whose kiosks the user may open and revoke: their own unit for the desk roles, the subtree for a
    unit head or PAR officer."""
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    condition = Q(pk__in=[])
    for unit_id, path, role in Membership.objects.filter(user=user, role__in=KIOSK_OPENERS).values_list(
        "unit_id", "unit__path", "role"
    ):
        condition |= subtree_q(path) if role in SUBTREE_ROLES else Q(pk=unit_id)
    return Unit.objects.filter(condition)


def can_open_kiosk(user, link: SurveyLink) -> bool:
    return has_role(user, link.unit, KIOSK_OPENERS)


def visible_kiosk_links(user):
    """Active kiosk links of active questionnaires that the user may open a session for."""
    return SurveyLink.objects.filter(
        mode=Mode.KIOSK,
        active=True,
        questionnaire__state=QuestionnaireState.ACTIVE,
        unit__in=visible_kiosk_units(user),
    )


def visible_kiosk_sessions(user):
    """Kiosk sessions of the units whose kiosks the user may open and revoke."""
    return KioskSession.objects.filter(link__unit__in=visible_kiosk_units(user))


def access_kiosk_session(user, pk) -> KioskSession:
    try:
        return visible_kiosk_sessions(user).select_related("link__unit", "link__questionnaire").get(pk=pk)
    except (KioskSession.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
