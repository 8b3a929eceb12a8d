"""Users and their roles in org units."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from par.accounts.querysets import MembershipQuerySet


class Role(models.TextChoices):
    UNIT_OFFICER = "unit_officer", _("Unit officer")
    UNIT_HEAD = "unit_head", _("Unit head")
    PAR_OFFICER = "par_officer", _("Province PAR officer (Home Affairs)")
    APPRAISER = "appraiser", _("Appraisal council member")
    ONE_STOP_CLERK = "one_stop_clerk", _("One-stop clerk")
    PROCESSING_OFFICER = "processing_officer", _("Processing officer")
    SIGNING_LEADER = "signing_leader", _("Signing leader")
    AUDITOR = "auditor", _("Auditor (read-only)")


# Roles whose membership reaches the whole subtree below the unit (a province PAR officer sees every
# department and commune; an auditor reads everything below their unit). Other roles act on their own unit.
SUBTREE_ROLES = frozenset({Role.PAR_OFFICER, Role.AUDITOR, Role.APPRAISER, Role.UNIT_HEAD})
# Roles that never change anything.
READ_ONLY_ROLES = frozenset({Role.AUDITOR})


class User(AbstractUser):
    """A person who signs in; what they may see and do comes from their memberships."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("user")

    def __str__(self) -> str:
        return self.full_name or self.get_username()

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.get_username()


class Membership(models.Model):
    """A user holds a role in a unit."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        "orgunits.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("membership")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                name="membership_unique",
                violation_error_message=_("The user already has this role in this unit."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"
