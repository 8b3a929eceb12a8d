"""Object permissions from memberships, for the apps below accounts.

orgunits sits below accounts (a membership points at a unit), so it cannot call `has_role`; it asks Django's
permission API instead, `actor.has_perm("orgunits.change_unit", parent)`, and this backend answers from the
actor's roles (docs/decisions/0160-layers.md). Apps above accounts keep calling `has_role` directly.
"""

from __future__ import annotations

from par.accounts.access import has_role
from par.accounts.models import Role

# permission → the roles that grant it on a unit and, for subtree roles, on every unit below it.
UNIT_PERMISSIONS: dict[str, frozenset[str]] = {
    # Create, change or close a unit under this one (the province PAR officer manages the tree below them).
    "orgunits.change_unit": frozenset({Role.PAR_OFFICER}),
}


class UnitRoleBackend:
    """Grants the permissions in UNIT_PERMISSIONS on a unit to the holders of their roles there; nothing else."""

    def authenticate(self, request, **credentials):
        return None  # permissions only: signing in is the other backends' job

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        roles = UNIT_PERMISSIONS.get(perm)
        if roles is None or obj is None or obj._meta.label_lower != "orgunits.unit":
            return False
        return has_role(user_obj, obj, roles)
