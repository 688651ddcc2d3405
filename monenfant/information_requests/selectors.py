"""Reads of the information requests. Back-office reads go through `scoped()`; the LINF desk
reads the requests of one information point the person is habilitated for."""

import math
from datetime import timedelta

from django.core import signing
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone

from monenfant.backoffice_access.scopes import Scope
from monenfant.backoffice_access.selectors import scoped
from monenfant.habilitations.models import Habilitation
from monenfant.structures.enums import StructureKind
from monenfant.structures.models import Structure

from .enums import RequestState
from .models import DEADLINE_DEFAULT_DAYS, CafRequestSettings, InformationRequest

# Kinds that may receive online requests: information points, and the RPE that are also
# referenced as one (seed 003 "RPE référencé deux fois"; the online switch decides).
DESK_KINDS = (StructureKind.LINF, StructureKind.RPE)
FOLLOW_SALT = "monenfant.information_requests.follow"


def desks_for(commune) -> QuerySet:
    """The information points a family of `commune` may write to (decision D3): published,
    serving the commune, online switch on, with at least one habilitated person."""
    return (
        Structure.objects.visible_to_public()
        .filter(kind__in=DESK_KINDS, online_desk=True, communes_served=commune)
        .filter(Exists(Habilitation.objects.filter(structure=OuterRef("pk"))))
        .order_by("name")
    )


def nearest_contacts(commune) -> list[Structure]:
    """The nearest published RPE and information point (any switch), shown when nobody
    receives online requests for the commune (decision D3)."""
    # Equirectangular distance: enough to rank places a few kilometres apart.
    scale = math.cos(math.radians(commune.latitude)) ** 2
    distance = (F("latitude") - commune.latitude) * (F("latitude") - commune.latitude) + (
        F("longitude") - commune.longitude
    ) * (F("longitude") - commune.longitude) * scale
    found = []
    for kind in (StructureKind.RPE, StructureKind.LINF):
        nearest = (
            Structure.objects.visible_to_public()
            .filter(kind=kind)
            .select_related("commune")
            .annotate(distance=distance)
            .order_by("distance", "pk")
            .first()
        )
        if nearest is not None:
            found.append(nearest)
    return found


def desks_of_person(user) -> QuerySet:
    """The information points whose requests the person processes."""
    return Structure.objects.filter(
        kind__in=DESK_KINDS, online_desk=True, habilitations__person=user
    ).order_by("name")


def desk_requests(user, linf) -> QuerySet:
    """The requests of `linf` that `user` may read: the person must be habilitated for the
    point, and only the communes it still serves count (seed 003: « le LINF n'accède qu'aux
    demandes des communes » of its convention)."""
    scope = Scope.of_structures(desks_of_person(user).values_list("pk", flat=True))
    return (
        scoped(InformationRequest.objects.all(), scope)
        .filter(linf=linf, commune__in=linf.communes_served.all())
        .select_related("commune", "linf")
        .order_by("-sent_at", "-pk")
    )


def caf_requests(request_or_scope, *, state: str | None = None) -> QuerySet:
    """The CAF's requests (S0 St-F9), newest first."""
    queryset = scoped(InformationRequest.objects.all(), request_or_scope)
    if state:
        queryset = queryset.filter(state=state)
    return queryset.select_related("commune", "linf").order_by("-sent_at", "-pk")


def deadline_days(caf) -> int:
    """Decision D2: the CAF's handling deadline, 15 days unless its administrator set it."""
    found = CafRequestSettings.objects.filter(caf=caf).values_list("deadline_days", flat=True)
    return next(iter(found), DEADLINE_DEFAULT_DAYS)


def overdue(queryset: QuerySet, days: int) -> QuerySet:
    """Requests not treated `days` calendar days after the LINF was notified."""
    return queryset.filter(
        state=RequestState.RECEIVED, sent_at__lt=timezone.now() - timedelta(days=days)
    )


def follow_token(information_request) -> str:
    return signing.dumps(information_request.pk, salt=FOLLOW_SALT)


def request_from_follow_token(token: str) -> InformationRequest | None:
    try:
        pk = signing.loads(token, salt=FOLLOW_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return InformationRequest.objects.filter(pk=pk).first()


def overdue_count(request) -> int:
    """The back-office home's warning: the active CAF's requests past its deadline."""
    return overdue(caf_requests(request), deadline_days(request.active_caf)).count()
