"""Who may see and manage surveys: the PAR officer of the owning unit manages; anyone who sees the owner or the
surveyed unit reads its results. Missing and forbidden both answer 404. Answering needs no login."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from par.accounts.access import has_role, visible_units
from par.accounts.models import Role
from par.surveys.models import Questionnaire, SurveyLink


def can_manage(user, questionnaire: Questionnaire) -> bool:
    return has_role(user, questionnaire.owner, [Role.PAR_OFFICER])


def questionnaires_for(user):
    if not user.is_authenticated:
        return Questionnaire.objects.none()
    if user.is_superuser:
        return Questionnaire.objects.all()
    units = visible_units(user)
    return Questionnaire.objects.filter(Q(owner__in=units) | Q(links__unit__in=units)).distinct()


def access_questionnaire(user, pk) -> Questionnaire:
    try:
        return questionnaires_for(user).select_related("owner").get(pk=pk)
    except (Questionnaire.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_link(user, pk) -> SurveyLink:
    try:
        link = SurveyLink.objects.select_related("questionnaire", "unit", "questionnaire__owner").get(pk=pk)
    except (SurveyLink.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    access_questionnaire(user, link.questionnaire_id)
    return link
