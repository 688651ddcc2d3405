from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountKind(models.TextChoices):
    """Who the account is for: it decides the spaces offered after login. Back-office rights
    come from roles (backoffice_access.CafMembership), never from the kind."""

    CAF_STAFF = "caf_staff", _("Agent de la branche Famille")
    CHILDMINDER = "childminder", _("Assistant maternel")
    HABILITATED_PERSON = "habilitated_person", _("Personne habilitée d'un gestionnaire")
