from django.db import models
from django.utils.translation import gettext_lazy as _


class ChildminderStatus(models.TextChoices):
    # Only VALIDATED is shown to the public: suspension and radiation hide the childminder.
    PENDING = "en_attente", _("En attente de validation")
    # Seed 000 AM-F1: moderation asked for more documents or corrections.
    AWAITING_INFORMATION = "attente_elements", _("En attente de nouveaux éléments")
    VALIDATED = "valide", _("Validé")
    SUSPENDED = "suspendu", _("Suspendu")
    RADIATED = "radie", _("Radié")
    REJECTED = "rejete", _("Rejeté")


class Civility(models.TextChoices):
    MADAME = "madame", _("Madame")
    MONSIEUR = "monsieur", _("Monsieur")


def profession_label(civility: str | None) -> str:
    """ "Assistante maternelle" or "Assistant maternel" from the civility; both forms when it
    is not known."""
    if civility == Civility.MADAME:
        return _("Assistante maternelle")
    if civility == Civility.MONSIEUR:
        return _("Assistant maternel")
    return _("Assistante maternelle ou assistant maternel")
