from django.db import models


class StructureKind(models.TextChoices):
    EAJE = "eaje", "Établissement d'accueil du jeune enfant (crèche)"
    MAM = "mam", "Maison d'assistants maternels"
    RPE = "rpe", "Relais petite enfance"
    LINF = "linf", "Lieu d'information petite enfance"
    LAEP = "laep", "Lieu d'accueil enfants-parents"
    ALSH = "alsh", "Accueil de loisirs"
    SMF = "smf", "Service de médiation familiale"
    ER = "er", "Espace de rencontre"
    HOME_CARE = "home_care", "Service de garde à domicile"
    CLAS = "clas", "Accompagnement à la scolarité (CLAS)"


class EajeType(models.TextChoices):
    COLLECTIVE = "collectif", "Crèche collective"
    FAMILIAL = "familial", "Crèche familiale"
    PARENTAL = "parental", "Crèche parentale"
    MICRO = "micro_creche", "Micro-crèche"


class StructureStatus(models.TextChoices):
    DRAFT = "brouillon", "En cours de création"
    VALIDATED = "valide", "Validée"
    SUSPENDED = "suspendu", "Suspendue"
    CLOSED = "ferme", "Fermée"


class HalfDay(models.TextChoices):
    MORNING = "matin", "Matin"
    AFTERNOON = "apres_midi", "Après-midi"


class SlotStatus(models.TextChoices):
    AVAILABLE = "disponible", "Disponible"
    UNAVAILABLE = "non_disponible", "Non disponible"
    NOT_WORKED = "non_travaille", "Non travaillé"


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
