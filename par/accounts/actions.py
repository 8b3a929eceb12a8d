"""Every change to users and memberships: permission check, change and audit row in one transaction."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from par.accounts.access import has_role
from par.accounts.models import Membership, Role, User
from par.audit.log import record_event, snapshot
from par.audit.updates import audited_update
from par.orgunits.models import Unit

USER_FIELDS = [
    "username",
    "full_name",
    "email",
    "job_title",
    "phone",
    "is_active",
    "is_staff",
    "is_superuser",
]
PROFILE_FIELDS = {"full_name", "email", "job_title", "phone"}
ADMIN_FIELDS = PROFILE_FIELDS | {"is_active", "is_staff", "is_superuser"}


def _require_admin_of(actor, unit: Unit | None) -> None:
    """Memberships are granted by a superuser or by the province PAR officer above the unit."""
    if actor is None:
        return  # system commands (demo loader) run without a human actor
    if actor.is_superuser:
        return
    if unit is not None and has_role(actor, unit, {Role.PAR_OFFICER}):
        return
    raise PermissionDenied(_("You may not grant roles in this unit."))


def do_create_user(
    *,
    username: str,
    password: str | None,
    full_name: str = "",
    email: str = "",
    job_title: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
    actor,
) -> User:
    """Create a user account (superusers only, or system commands)."""
    if actor is not None and not actor.is_superuser:
        raise PermissionDenied(_("Only a system administrator may create accounts."))
    with transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError({"username": _("This username is already taken.")})
        user = User(
            username=username,
            full_name=full_name,
            email=email,
            job_title=job_title,
            is_staff=is_staff,
            is_superuser=is_superuser,
        )
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        record_event(actor=actor, action="accounts.create_user", obj=user, after=snapshot(user, USER_FIELDS))
    return user


def do_update_user(user: User, *, changes: dict, actor, reason: str = "") -> User:
    """Change a user's profile fields (the user themself for their own profile, or a superuser)."""
    if actor is not None and not (actor.is_superuser or actor.pk == user.pk):
        raise PermissionDenied(_("You may not edit this account."))
    allowed = ADMIN_FIELDS if actor is None or actor.is_superuser else PROFILE_FIELDS
    unknown = set(changes) - allowed
    if unknown:
        raise PermissionDenied(
            _("These fields may not be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        return audited_update(
            user,
            changes,
            actor=actor,
            action="accounts.update_user",
            fields=USER_FIELDS,
            clean_exclude=["password"],
            reason=reason,
        )


def do_grant_membership(user: User, unit: Unit, role: str, *, actor, reason: str = "") -> Membership:
    """Give `user` the role `role` in `unit`."""
    _require_admin_of(actor, unit)
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    with transaction.atomic():
        try:
            # A savepoint so that a duplicate leaves the outer transaction usable for the error message.
            with transaction.atomic():
                membership = Membership.objects.create(user=user, unit=unit, role=role)
        except IntegrityError:
            raise ValidationError(_("The user already has this role in this unit.")) from None
        record_event(
            actor=actor,
            action="accounts.grant_membership",
            obj=membership,
            unit=unit,
            after={"user": user.pk, "unit": unit.pk, "role": role},
            reason=reason,
        )
    return membership


def do_revoke_membership(membership: Membership, *, actor, reason: str = "") -> None:
    """Take a role away from a user."""
    _require_admin_of(actor, membership.unit)
    with transaction.atomic():
        before = {"user": membership.user_id, "unit": membership.unit_id, "role": membership.role}
        record_event(
            actor=actor,
            action="accounts.revoke_membership",
            obj=membership,
            unit=membership.unit,
            before=before,
            reason=reason,
        )
        membership.delete()


def do_change_password(user: User, *, new_password: str, actor) -> None:
    """Set a new password (the user themself, or a superuser); the password is never written to the audit."""
    if actor is not None and not (actor.is_superuser or actor.pk == user.pk):
        raise PermissionDenied(_("You may not change this account's password."))
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        record_event(actor=actor, action="accounts.change_password", obj=user)
