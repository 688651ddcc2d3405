from django.db import models
from django.utils.translation import gettext_lazy as _


class ChildminderStatus(models.TextChoices):
    # Only VALIDATED is shown to the public: suspension and radiation hide the childminder.
    PENDING = "en_attente", _("En attente de validation")
    VALIDATED = "valide", _("Validé")
    SUSPENDED = "suspendu", _("Suspendu")
    RADIATED = "radie", _("Radié")
    REJECTED = "rejete", _("Rejeté")


class Civility(models.TextChoices):
    MADAME = "madame", _("Madame")
    MONSIEUR = "monsieur", _("Monsieur")
