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


class ModerationKind(models.TextChoices):
    REGISTRATION = "inscription", _("Inscription")
    RENEWAL = "renouvellement", _("Renouvellement d'agrément")


class ModerationStatus(models.TextChoices):
    """Seed 000 AM-F1, plus the draft of a registration being typed (never in the queue)."""

    DRAFT = "brouillon", _("En cours de saisie")
    PENDING = "en_attente", _("En attente de traitement")
    IN_PROGRESS = "en_cours", _("En cours de traitement")
    AWAITING_INFORMATION = "attente_elements", _("En attente de nouveaux éléments")
    VALIDATED = "valide", _("Validé")
    REJECTED = "rejete", _("Rejeté")


# Statuses of a request still to be moderated or completed: the childminder's space is reduced.
OPEN_MODERATION_STATUSES = (
    ModerationStatus.PENDING,
    ModerationStatus.IN_PROGRESS,
    ModerationStatus.AWAITING_INFORMATION,
)


class InformationReason(models.TextChoices):
    """Why a moderator asks for new elements (seed 000 AM-F1: the agrément and the entered data
    differ, or the document is incomplete or illegible)."""

    DOCUMENT_ILLEGIBLE = (
        "document_illisible",
        _("Le document d'agrément est incomplet ou illisible"),
    )
    NAME_MISMATCH = "nom", _("Le nom ou le prénom diffère de celui de l'agrément")
    ADDRESS_MISMATCH = "adresse", _("L'adresse diffère de celle de l'agrément")
    DATES_MISMATCH = "dates", _("Les dates d'agrément diffèrent de celles du document")
    CAPACITY_MISMATCH = "capacite", _("La capacité d'accueil diffère de celle de l'agrément")
    TRAINING_MISSING = "formation", _("L'attestation de formation manque ou est illisible")


class RejectionReason(models.TextChoices):
    """Seed 000 AM-F1: the grounds of a rejection."""

    FORGED = "document_illicite", _("Le document d'agrément est illicite ou falsifié")
    RADIATED = "radie", _("L'assistant maternel est radié et ne peut donc pas se réinscrire")


class ContactMode(models.TextChoices):
    """How the childminder prefers to be reached by parents (seed 002)."""

    PHONE = "telephone", _("Par téléphone")
    SMS = "sms", _("Par SMS")
    EMAIL = "courriel", _("Par courriel")
