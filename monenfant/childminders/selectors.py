from datetime import timedelta
from itertools import groupby
from statistics import median

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from monenfant.utils.text import normalize_search_text
from monenfant.utils.weekdays import Weekday

from .enums import OPEN_MODERATION_STATUSES, ChildminderStatus, ModerationStatus
from .models import Childminder, ModerationRequest


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


# Moderation (seed 000 AM-F1). `queryset` is already scoped to the reader (national or CAF).

MODERATION_PROMISE_HOURS = 72  # seed 002: « traitement sous 72h maximum »
# Age filter of the queue: {value: (lower bound in hours, upper bound in hours or None)}.
AGE_BRACKETS = {
    "moins_24h": (0, 24),
    "24_72h": (24, MODERATION_PROMISE_HOURS),
    "plus_72h": (MODERATION_PROMISE_HOURS, None),
}
QUEUE_ORDERS = {
    "envoi": "submitted_at",
    "-envoi": "-submitted_at",
    "nom": "childminder__display_name",
    "-nom": "-childminder__display_name",
    "statut": "status",
    "-statut": "-status",
    "caf": "caf__code",
    "-caf": "-caf__code",
}


def moderation_queue(
    queryset, *, kind="", status="", departement=None, caf=None, age="", order="envoi", now=None
):
    queryset = queryset.submitted().select_related("childminder", "caf", "taken_by")
    if kind:
        queryset = queryset.filter(kind=kind)
    if status:
        queryset = queryset.filter(status=status)
    if departement is not None:
        queryset = queryset.filter(caf__departement=departement)
    if caf is not None:
        queryset = queryset.filter(caf=caf)
    now = now or timezone.now()
    if age in AGE_BRACKETS:
        low, high = AGE_BRACKETS[age]
        queryset = queryset.filter(submitted_at__lte=now - timedelta(hours=low))
        if high is not None:
            queryset = queryset.filter(submitted_at__gt=now - timedelta(hours=high))
    return queryset.order_by(QUEUE_ORDERS.get(order, "submitted_at"), "pk")


def moderation_stats(queryset, *, now=None) -> dict:
    """Requests waiting for a moderator's decision (« En attente de traitement » and « En cours
    de traitement »): how many, their median and oldest age in hours, against the promise."""
    now = now or timezone.now()
    sent = queryset.filter(
        status__in=[ModerationStatus.PENDING, ModerationStatus.IN_PROGRESS]
    ).values_list("submitted_at", flat=True)
    ages = [(now - at).total_seconds() / 3600 for at in sent if at]
    return {
        "count": len(ages),
        "median_hours": round(median(ages)) if ages else None,
        "oldest_hours": round(max(ages)) if ages else None,
        "late": sum(1 for age in ages if age > MODERATION_PROMISE_HOURS),
        "promise_hours": MODERATION_PROMISE_HOURS,
    }


def current_request_of(user):
    """The account's registration or renewal still open (draft included), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        ModerationRequest.objects.filter(
            user=user, status__in=[ModerationStatus.DRAFT, *OPEN_MODERATION_STATUSES]
        )
        .prefetch_related("documents")
        .first()
    )


def login_refusal(user) -> str | None:
    """Why a childminder account may not log in, or None (seed 000 AM-F1: a rejected
    registration has no access)."""
    childminder = getattr(user, "childminder", None) if user.kind == "childminder" else None
    if childminder is not None and childminder.status == ChildminderStatus.REJECTED:
        return _(
            "Votre demande d'inscription a été rejetée\u00a0: vous ne pouvez pas vous connecter. "
            "Les motifs vous ont été envoyés par courriel."
        )
    return None


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
            | Q(first_names__icontains=term)
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
