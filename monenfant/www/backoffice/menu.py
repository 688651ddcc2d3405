"""The back-office home menu: the functions of seed 000 ("Description du rôle Agent CAF" and
following), each behind its permission. Functions built by later issues have no URL yet: they
are listed, marked « À venir », without a link, so that staff see the whole scope of their
role."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from monenfant.backoffice_access import perms


@dataclass(frozen=True)
class MenuItem:
    label: str
    description: str
    permission: str
    url_name: str | None = None

    @property
    def url(self) -> str | None:
        return reverse(self.url_name) if self.url_name else None


MENU = [
    MenuItem(
        _("Demandes d'inscription des assistants maternels"),
        _("Consulter et traiter les demandes d'inscription et de renouvellement d'agrément."),
        "view_registration_requests",
        "backoffice:moderation_queue",
    ),
    MenuItem(
        _("Relance des assistants maternels"),
        _("Relancer les assistants maternels en attente de nouveaux éléments."),
        "send_reminders",
        "backoffice:reminders",
    ),
    MenuItem(
        _("Gestion des assistants maternels"),
        _("Consulter, modifier, suspendre ou radier les assistants maternels de la Caf."),
        "manage_childminders",
        "backoffice:childminders",
    ),
    MenuItem(
        _("Gestion des structures"),
        _("Créer et gérer les structures de la Caf (EAJE, RPE, lieux d'information…)."),
        "manage_structures",
        "backoffice:structures",
    ),
    MenuItem(
        _("Gestion des demandes d'habilitation des structures"),
        _("Traiter les demandes d'habilitation émises par les gestionnaires."),
        "manage_habilitation_requests",
        "backoffice:habilitation_requests",
    ),
    MenuItem(
        _("Modification des habilitations des gestionnaires"),
        _("Modifier ou révoquer les habilitations validées."),
        "manage_habilitations",
        "backoffice:managers",
    ),
    MenuItem(
        _("Demandes d'information sur les modes d'accueil"),
        _("Consulter les demandes des parents adressées aux structures de la Caf."),
        "view_information_requests",
        "caf_requests:list",
    ),
    MenuItem(
        _("Export de données"),
        _("Exporter au format Excel les structures ou les assistants maternels de la Caf."),
        "export_data",
    ),
    MenuItem(
        _("Base documentaire RPE"),
        _("Consulter et télécharger les documents mis à disposition des RPE."),
        "view_rpe_documents",
    ),
    MenuItem(
        _("Guide utilisateur"), _("Les guides d'utilisation de monenfant.fr."), "view_user_guide"
    ),
    MenuItem(
        _("Utilisateurs"),
        _("Créer, modifier, désactiver les comptes des utilisateurs de la Caf."),
        "manage_users",
        "backoffice:staff_users",
    ),
    MenuItem(
        _("Référentiel et contenus nationaux"),
        _("Administrer les Caf, le référentiel et les contenus nationaux."),
        "manage_national_content",
    ),
    MenuItem(
        _("BALF Approbateurs des Caf"),
        _("Les adresses qui reçoivent les demandes d'habilitation et les fiches à valider."),
        "manage_national_content",
        "backoffice:caf_mailboxes",
    ),
    MenuItem(
        _("Boussole"),
        _("Choisir le site (la Caf) sur lequel travailler."),
        "switch_site",
        "backoffice:site_switch",
    ),
    MenuItem(
        _("Sécurité du compte"),
        _("Mot de passe et double authentification."),
        "access_backoffice",
        "backoffice:account_security",
    ),
    MenuItem(
        _("Administration technique"),
        _("Courriels en échec, tâches bloquées, administration Django."),
        perms.TECHNICAL_STAFF,
        "backoffice:technical_home",
    ),
    MenuItem(
        _("Courriels envoyés"),
        _("Boîte d'envoi technique."),
        perms.TECHNICAL_STAFF,
        "backoffice:outbox",
    ),
]


def menu_for(user, caf) -> list[MenuItem]:
    return [item for item in MENU if perms.has_permission(user, item.permission, caf)]
