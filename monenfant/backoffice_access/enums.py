from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The back-office roles of seed 000 ("Gestion des utilisateurs CAF") plus the CNAF team."""

    MODERATOR = "moderator", _("Modérateur")
    RPE_COORDINATOR = "rpe_coordinator", _("Coordinateur RPE")
    CAF_AGENT = "caf_agent", _("Agent Caf")
    CAF_ADMIN = "caf_admin", _("Administrateur Caf")
    NATIONAL_ADMIN = "national_admin", _("Administrateur national")


# Roles that act on the data of one CAF only: a membership needs a CAF and counts only while
# that CAF is the active one.
CAF_ROLES = frozenset({Role.CAF_AGENT, Role.CAF_ADMIN})
# Roles whose rights do not depend on the active CAF. Their membership may still name a CAF:
# the CAF the person is attached to, whose administrator manages the account.
NATIONAL_ROLES = frozenset({Role.MODERATOR, Role.RPE_COORDINATOR, Role.NATIONAL_ADMIN})
# Roles a CAF administrator may grant in its CAF (seed 000, fiche n°2); moderators and national
# administrators are appointed by the CNAF.
ROLES_GRANTED_BY_CAF_ADMIN = (Role.RPE_COORDINATOR, Role.CAF_AGENT, Role.CAF_ADMIN)
