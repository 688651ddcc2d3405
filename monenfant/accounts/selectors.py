"""Which spaces a person has, and where they land after login."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .enums import AccountKind


@dataclass(frozen=True)
class Space:
    key: str
    label: str
    description: str
    url: str | None  # None: the space's pages come with a later issue
    structures: tuple = ()


def spaces_of(user) -> list[Space]:
    from monenfant.backoffice_access import perms
    from monenfant.habilitations.models import Habilitation
    from monenfant.structures.enums import StructureKind

    spaces = []
    if perms.is_caf_staff(user):
        spaces.append(
            Space(
                "backoffice",
                _("Espace Caf"),
                _("Le back office des Caf et de la Cnaf."),
                reverse("backoffice:home"),
            )
        )
    if user.kind == AccountKind.CHILDMINDER:
        from monenfant.childminders.selectors import current_request_of

        # While a registration or renewal is open, the space is reduced to that request.
        pending = current_request_of(user)
        spaces.append(
            Space(
                "childminder",
                _("Espace assistant maternel"),
                _("Votre profil, vos disponibilités et votre agrément."),
                (
                    reverse("registration:pending")
                    if pending
                    else reverse("childminder_space:home")
                    if hasattr(user, "childminder")
                    else None
                ),
            )
        )
    structures = tuple(
        h.structure
        for h in Habilitation.objects.filter(person=user)
        .select_related("structure")
        .order_by("structure__name")
    )
    if structures:
        spaces.append(
            Space(
                "manager",
                _("Espace gestionnaire"),
                _("Les fiches des structures pour lesquelles vous êtes habilité."),
                reverse("manager:home"),
                structures,
            )
        )
    # The points whose requests the person processes (information_requests.selectors).
    points = tuple(
        s for s in structures if s.online_desk and s.kind in (StructureKind.LINF, StructureKind.RPE)
    )
    if points:
        spaces.append(
            Space(
                "information_desk",
                _("Guichet des demandes d'information"),
                _("Les demandes des familles des communes que vous desservez."),
                reverse("infodesk:home"),
                points,
            )
        )
    return spaces


def landing_url(user) -> str:
    """Staff whose only space is the back office go there; everyone else lands on the account
    page, which lists their spaces (a chooser when there are several)."""
    spaces = spaces_of(user)
    if len(spaces) == 1 and spaces[0].url:
        return spaces[0].url
    return reverse("account:home")
