from django.db import models


class ChildminderStatus(models.TextChoices):
    # Only VALIDATED is shown to the public: suspension and radiation hide the childminder.
    PENDING = "en_attente", "En attente de validation"
    VALIDATED = "valide", "Validé"
    SUSPENDED = "suspendu", "Suspendu"
    RADIATED = "radie", "Radié"
    REJECTED = "rejete", "Rejeté"
