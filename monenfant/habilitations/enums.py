from django.db import models
from django.utils.translation import gettext_lazy as _


class HabilitationRequestStatus(models.TextChoices):
    """Seed 000 St-F2: « Non traitée » → « Convention envoyée » → « Validée », or « Rejetée »."""

    NEW = "new", _("Non traitée")
    CONVENTION_SENT = "convention_sent", _("Convention envoyée")
    VALIDATED = "validated", _("Validée")
    REJECTED = "rejected", _("Rejetée")


class HabilitationRequestKind(models.TextChoices):
    # An information point asking to receive online requests for communes is its own request,
    # even when the manager is already habilitated for the sheet (issue 14, point 1).
    HABILITATION = "habilitation", _("Habilitation d'administrateurs de structures")
    ONLINE_DESK = "online_desk", _("Réception des demandes d'information en ligne")


class ManagerStatus(models.TextChoices):
    """« Etat gestionnaire » (seed 000 St-F3, St-F7)."""

    HABILITATED = "habilitated", _("Habilité")
    REVOKED = "revoked", _("Révoqué")
