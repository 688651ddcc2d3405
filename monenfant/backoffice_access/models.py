from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import CAF_ROLES, Role


class CafMembershipQuerySet(models.QuerySet):
    def in_caf(self, caf):
        return self.filter(caf=caf)


class CafMembership(models.Model):
    """One role held by one user, in one CAF when the role applies to a CAF (the guide's "rôle
    régulier" applied on an organisation). A user may hold several roles in several CAFs."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur"),
        on_delete=models.CASCADE,
        related_name="caf_memberships",
    )
    caf = models.ForeignKey(
        "referential.Caf",
        verbose_name=_("Caf"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("rôle"), max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(_("date d'attribution"), auto_now_add=True)

    objects = CafMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("rôle d'un utilisateur")
        verbose_name_plural = _("rôles des utilisateurs")
        ordering = ["caf__code", "role"]
        constraints = [
            # Two partial constraints because NULLs are distinct in a plain unique constraint.
            models.UniqueConstraint(
                fields=["user", "caf", "role"],
                condition=models.Q(caf__isnull=False),
                name="membership_unique_in_caf",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(caf__isnull=True),
                name="membership_unique_national",
            ),
            models.CheckConstraint(
                condition=models.Q(caf__isnull=False) | ~models.Q(role__in=sorted(CAF_ROLES)),
                name="membership_caf_role_needs_caf",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} — {self.caf.code if self.caf_id else 'national'}"
