"""Who may see and manage surveys (decisions 0001, 0061 and 0096).

- The PAR officer of the owning unit builds and distributes questionnaires.
- Results (indices, exports, the API) and links cover the units the reader sees; the appraisal council of the
  owning unit (appraisers and PAR officers at it, inside it or above it) reads every unit's results.
Missing and forbidden both answer 404. Answering by a one-time link needs no login.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from par.accounts.access import has_role, visible_units
from par.accounts.models import Membership, Role
from par.orgunits.models import Unit
from par.orgunits.querysets import subtree_q
from par.surveys.models import Questionnaire, Response, SurveyLink

COUNCIL_ROLES = frozenset({Role.APPRAISER, Role.PAR_OFFICER})


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


def questionnaires_for(user):
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
        return questionnaires_for(user).select_related("owner").get(pk=pk)
    except (Questionnaire.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def responses_for(user, questionnaire: Questionnaire):
    """Responses to every version of the questionnaire from the units the user sees (the council: all)."""
    responses = Response.objects.filter(
        questionnaire__owner=questionnaire.owner, questionnaire__code=questionnaire.code
    )
    if is_council(user, questionnaire):
        return responses
    return responses.filter(unit__in=visible_units(user))


def links_for(user, questionnaire: Questionnaire):
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
