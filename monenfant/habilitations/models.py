from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from monenfant.backoffice_access.scopes import ScopeLookups


class Habilitation(models.Model):
    """A person habilitated by a CAF to act for one structure (update its sheet; for an
    information point, process the requests of the communes it serves).

    Minimal on purpose: the habilitation request workflow, the manager (gestionnaire) and the
    convention come with the habilitation issue, which extends this model.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne habilitée"),
        on_delete=models.CASCADE,
        related_name="habilitations",
    )
    structure = models.ForeignKey(
        "structures.Structure",
        verbose_name=_("structure"),
        on_delete=models.CASCADE,
        related_name="habilitations",
    )
    created_at = models.DateTimeField(_("date d'habilitation"), auto_now_add=True)

    scope_lookups = ScopeLookups(caf="structure__caf", structure="structure")

    class Meta:
        verbose_name = _("habilitation")
        verbose_name_plural = _("habilitations")
        constraints = [
            models.UniqueConstraint(fields=["person", "structure"], name="habilitation_unique")
        ]

    def __str__(self):
        return f"{self.person} — {self.structure}"
