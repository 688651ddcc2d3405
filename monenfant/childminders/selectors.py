from itertools import groupby

from django.db.models import Q

from monenfant.utils.text import normalize_search_text
from monenfant.utils.weekdays import Weekday

from .enums import ChildminderStatus
from .models import Childminder


def public_childminder(pk: int) -> Childminder:
    """A childminder's public sheet; raises Childminder.DoesNotExist unless visible."""
    return (
        Childminder.objects.visible_to_public()
        .select_related("commune__departement")
        .prefetch_related("availabilities")
        .get(pk=pk)
    )


def availabilities_by_day(childminder: Childminder) -> list[tuple[str, list]]:
    """[("lundi", [Availability, …]), …] in weekday order, from the prefetched rows."""
    rows = sorted(childminder.availabilities.all(), key=lambda a: (a.weekday, a.starts_at))
    return [
        (day_rows[0].get_weekday_display(), day_rows)
        for day_rows in (list(group) for _, group in groupby(rows, key=lambda a: a.weekday))
    ]


def working_hours_by_day(childminder: Childminder) -> list[tuple[str, list[list[str]]]]:
    """[("lundi", [["07:30", "18:30"]]), …] from the JSON column, in weekday order."""
    hours = childminder.working_hours or {}
    return [
        (Weekday(int(day)).label, ranges)
        for day, ranges in sorted(hours.items(), key=lambda item: int(item[0]))
        if ranges
    ]


def accounts_of_caf(caf):
    """The accounts of a CAF's childminders (reached by « Accéder au compte »)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(childminder__caf=caf)


# « Gestion des assistants maternels » (seed 000 AM-F3…F7): the states the screen filters on.
MANAGED_STATES = (
    ChildminderStatus.VALIDATED,
    ChildminderStatus.AWAITING_INFORMATION,
    ChildminderStatus.SUSPENDED,
    ChildminderStatus.RADIATED,
)
# Sortable columns: the key of the query string → the ordering (pk last, so pages are stable).
MANAGEMENT_ORDERINGS = {
    "nom": ("display_name", "pk"),
    "commune": ("commune__name", "display_name", "pk"),
    "agrement": ("agrement_ends_on", "display_name", "pk"),
}


def management_list(queryset, *, status: str, name: str = "", commune: str = "", order="nom"):
    """The rows of « Gestion des assistants maternels » from an already scoped queryset."""
    rows = (
        queryset.filter(status=status)
        .select_related("commune", "user")
        # The columns of the table and of the actions only: a Nord-sized CAF pages fast.
        .only(
            "display_name",
            "status",
            "postal_code",
            "agrement_number",
            "agrement_ends_on",
            "radiated_at",
            "commune__name",
            "user__is_active",
        )
    )
    for term in name.split():
        rows = rows.filter(
            Q(display_name__icontains=term)
            | Q(first_name__icontains=term)
            | Q(usage_name__icontains=term)
            | Q(birth_name__icontains=term)
        )
    if commune:
        rows = rows.filter(
            Q(commune__search_name__startswith=normalize_search_text(commune))
            | Q(postal_code=commune.strip())
        )
    descending = order.startswith("-")
    columns = MANAGEMENT_ORDERINGS.get(order.lstrip("-"), MANAGEMENT_ORDERINGS["nom"])
    return rows.order_by(*(f"-{c}" if descending else c for c in columns))


def radiated_account(email: str):
    """The account of a radiated childminder logging in with this address, or None."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(email__iexact=email.strip(), childminder__status=ChildminderStatus.RADIATED)
        .first()
    )
