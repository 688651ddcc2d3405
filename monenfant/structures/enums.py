from django.db import models
from django.utils.translation import gettext_lazy as _


class StructureKind(models.TextChoices):
    EAJE = "eaje", _("Établissement d'accueil du jeune enfant (crèche)")
    MAM = "mam", _("Maison d'assistants maternels")
    RPE = "rpe", _("Relais petite enfance")
    LINF = "linf", _("Lieu d'information petite enfance")
    LAEP = "laep", _("Lieu d'accueil enfants-parents")
    ALSH = "alsh", _("Accueil de loisirs")
    SMF = "smf", _("Service de médiation familiale")
    ER = "er", _("Espace de rencontre")
    HOME_CARE = "home_care", _("Service de garde à domicile")
    CLAS = "clas", _("Accompagnement à la scolarité (CLAS)")


class EajeType(models.TextChoices):
    COLLECTIVE = "collectif", _("Crèche collective")
    FAMILIAL = "familial", _("Crèche familiale")
    PARENTAL = "parental", _("Crèche parentale")
    MICRO = "micro_creche", _("Micro-crèche")


class StructureStatus(models.TextChoices):
    """The three states of seed 000 (St-F1, "no other in the seeds"); the transitions between
    them are declared in monenfant.structures.workflow."""

    DRAFT = "brouillon", _("En cours de création")
    PENDING = "en_attente", _("En attente de validation")
    VALIDATED = "valide", _("Validé")


class HalfDay(models.TextChoices):
    MORNING = "matin", _("Matin")
    AFTERNOON = "apres_midi", _("Après-midi")


class SlotStatus(models.TextChoices):
    AVAILABLE = "disponible", _("Disponible")
    UNAVAILABLE = "non_disponible", _("Non disponible")
    NOT_WORKED = "non_travaille", _("Non travaillé")


# Derived from the per-kind schemas (monenfant.structures.schemas), the one declaration.
from .schemas import SCHEMAS  # noqa: E402

KINDS_WITH_AVAILABILITY = frozenset(k for k, s in SCHEMAS.items() if s.has_availability_table)
KINDS_SERVING_COMMUNES = frozenset(k for k, s in SCHEMAS.items() if s.serves_communes)
MAX_OPENING_RANGES = {k: s.max_opening_ranges for k, s in SCHEMAS.items()}
DEFAULT_MAX_OPENING_RANGES = 2
AVAILABILITY_WINDOW_DAYS = 30
