"""Who may see and change frameworks and assessments (decision 0061).

- The unit's own officers and head score their assessment; a unit head's role reaches the units below.
- The appraisal council: anyone holding the appraiser or province PAR officer role at the framework's issuing
  unit, at a unit inside it (the Department of Home Affairs leads the council) or above it.
- The province PAR officer (at the issuing unit or above) manages frameworks, publishes and reopens.
- Everyone else who may see the unit (auditors, the unit's ancestors' subtree roles) reads only.
Missing and forbidden objects both answer 404.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from par.accounts.access import has_role, limit_to_token_units, visible_units, within_token_units
from par.accounts.models import Membership, Role
from par.orgunits.querysets import subtree_q
from par.scoring.models import Assessment, AssessmentState, IndexFramework

COUNCIL_ROLES = (Role.APPRAISER, Role.PAR_OFFICER)
SCORERS = (Role.UNIT_OFFICER, Role.UNIT_HEAD)


def _member_in_or_above(user, unit, roles) -> bool:
    """True when the user holds one of `roles` at `unit`, inside its subtree, or at one of its ancestors."""
    if not user.is_authenticated or not user.is_active:
        return False
    if not within_token_units(user, unit):
        return False
    if user.is_superuser:
        return True
    inside = subtree_q(unit.path, prefix="unit__")
    above = Q(unit_id__in=unit.ancestor_ids)
    return Membership.objects.filter(Q(user=user, role__in=roles) & (inside | above)).exists()


def is_council(user, framework: IndexFramework) -> bool:
    return _member_in_or_above(user, framework.owner, COUNCIL_ROLES)


def can_manage_framework(user, framework: IndexFramework) -> bool:
    return has_role(user, framework.owner, [Role.PAR_OFFICER])


def can_self_score(user, assessment: Assessment) -> bool:
    return has_role(user, assessment.unit, SCORERS)


def council_owner_ids(user):
    """Ids of the units whose frameworks the user sits on the council of (a subquery)."""
    from par.orgunits.models import Unit

    memberships = Membership.objects.filter(user=user, role__in=COUNCIL_ROLES).select_related("unit")
    condition = Q(pk__in=[])
    for membership in memberships:
        # Their own unit, anything below it, and every unit above it (a council member at Sở Nội vụ sits on
        # the province's council).
        condition |= subtree_q(membership.unit.path) | Q(pk__in=membership.unit.ancestor_ids)
    # Through a unit-limited API token the council reaches only frameworks issued inside the token's units.
    return limit_to_token_units(user, Unit.objects.filter(condition)).values("pk")


def manages_frameworks(user) -> bool:
    """True when the user may issue frameworks somewhere: the province PAR officer (no query for a superuser)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or Membership.objects.filter(user=user, role=Role.PAR_OFFICER).exists()


def managed_frameworks(user):
    """Frameworks the user manages: issued by a unit where they are PAR officer, or below it (has_role's rule)."""
    if not manages_frameworks(user):
        return IndexFramework.objects.none()
    if user.is_superuser:
        return IndexFramework.objects.all()
    condition = Q(pk__in=[])
    for membership in Membership.objects.filter(user=user, role=Role.PAR_OFFICER).select_related("unit"):
        condition |= subtree_q(membership.unit.path, prefix="owner__")
    return IndexFramework.objects.filter(condition)


def visible_frameworks(user):
    """Frameworks the user may read: those issued by a unit they see, or whose council they sit on."""
    if not user.is_authenticated:
        return IndexFramework.objects.none()
    if user.is_superuser:
        return IndexFramework.objects.all()
    return IndexFramework.objects.filter(
        Q(owner__in=visible_units(user))
        | Q(owner__in=council_owner_ids(user))
        | Q(assessments__unit__in=visible_units(user))
    ).distinct()


def visible_assessments(user):
    """Assessments the user may read: of units they see, or of frameworks whose council they sit on."""
    if not user.is_authenticated:
        return Assessment.objects.none()
    if user.is_superuser:
        return Assessment.objects.all()
    return Assessment.objects.filter(
        Q(unit__in=visible_units(user)) | Q(framework__owner__in=council_owner_ids(user))
    )


def access_framework(user, pk) -> IndexFramework:
    try:
        return visible_frameworks(user).select_related("owner").get(pk=pk)
    except (IndexFramework.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_assessment(user, pk) -> Assessment:
    try:
        return visible_assessments(user).select_related("unit", "framework", "framework__owner").get(pk=pk)
    except (Assessment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def visible_rows(user, framework: IndexFramework, rows):
    """Rows the user may see: published results (public anyway) and the assessments within their scope.

    Ranks are computed over every unit first, so a filtered row keeps its true rank.
    """
    if is_council(user, framework):
        return rows
    mine = set(visible_assessments(user).filter(framework=framework).values_list("pk", flat=True))
    return [r for r in rows if r.assessment_id in mine or r.state == AssessmentState.PUBLISHED]
