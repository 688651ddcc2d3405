from itertools import groupby

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


def email_blocked_by_radiation(email: str) -> bool:
    """Seed 000 AM-F4: a radiated childminder cannot register again with the same address
    until the CAF lifts the radiation or allows the registration."""
    return Childminder.objects.filter(
        status=ChildminderStatus.RADIATED, user__email__iexact=(email or "").strip()
    ).exists()


def breaches_for(childminders):
    """The « manquements » of these childminders, latest deadline first. Pass a queryset
    already scoped to the active CAF (backoffice_access.scopes.scoped): the scope is kept as
    a subquery, so a childminder of another CAF never shows."""
    from .models import Breach

    return (
        Breach.objects.filter(childminder__in=childminders.values("pk"))
        .select_related("childminder")
        .order_by("-deadline", "childminder__display_name")
    )


def space_childminder(user):
    """The childminder whose space this account opens, or None (not a childminder)."""
    from .models import Childminder

    return Childminder.objects.select_related("commune").filter(user=user).first()
