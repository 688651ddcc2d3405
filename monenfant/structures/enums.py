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


# Kinds with a half-day availability table J..J+30 (seed 000: MAM and EAJE, occasional care).
KINDS_WITH_AVAILABILITY = frozenset({StructureKind.EAJE, StructureKind.MAM})
# Kinds whose sheet lists the communes they serve (services rather than places of care).
KINDS_SERVING_COMMUNES = frozenset(
    {
        StructureKind.RPE,
        StructureKind.LINF,
        StructureKind.ALSH,
        StructureKind.HOME_CARE,
        StructureKind.SMF,
        StructureKind.ER,
        StructureKind.CLAS,
        StructureKind.LAEP,
    }
)
# Seed 000: up to 2 opening ranges a day, 3 for ALSH.
MAX_OPENING_RANGES = {StructureKind.ALSH: 3}
DEFAULT_MAX_OPENING_RANGES = 2
AVAILABILITY_WINDOW_DAYS = 30
