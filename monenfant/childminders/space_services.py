"""Writes of the childminder's space: profile, availability table, confirmations (in the
space or through the one-click link of a reminder). Atomic, one audit entry each; every save
of the childminder refreshes its search row (search.signals)."""

import datetime

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monenfant.audit.services import audit

from .enums import ChildminderStatus
from .models import MAX_RANGES_PER_DAY, Availability, Childminder, DeadlineReminder

CONFIRMATION_LINK_SALT = "monenfant.childminders.availability_confirmation"
CONFIRMATION_LINK_MAX_AGE = 30 * 24 * 3600  # the link of a reminder lives 30 days

# What the childminder edits in the profile section of the space.
PROFILE_FIELDS = (
    "display_name",
    "phone",
    "other_phone",
    "contact_modes",
    "presentation",
    "working_hours",
    "hourly_rate",
    "show_address",
    "hide_phone",
    "hide_email",
    "legal_entity_only",
)


class SpaceError(Exception):
    """A refused write of the space; the message is French and shown on the page."""


def _check_writable(childminder: Childminder):
    # Seed 000 AM-F5: a childminder suspended by the CAF logs in but modifies nothing.
    if childminder.status != ChildminderStatus.VALIDATED:
        raise SpaceError(
            _("Votre compte est suspendu par la Caf : vous ne pouvez rien modifier pour l'instant.")
        )


@transaction.atomic
def childminder_profile_update(*, childminder: Childminder, actor, data: dict) -> Childminder:
    _check_writable(childminder)
    changed = sorted(name for name in PROFILE_FIELDS if getattr(childminder, name) != data[name])
    for name in PROFILE_FIELDS:
        setattr(childminder, name, data[name])
    # The position shown depends on show_address: save() recomputes it.
    childminder.save()
    audit("childminder_profile_updated", target=childminder, actor=actor, fields=changed)
    return childminder


def range_errors(ranges, *, capacity: int) -> dict[tuple[int, int], tuple[str, str]]:
    """`ranges`: [(weekday, starts_at, ends_at, places)]. The errors as
    {(weekday, index of the range in that day, from 0): (field name, French message)}."""
    errors = {}
    by_day = {}
    for weekday, starts_at, ends_at, places in ranges:
        index = len(by_day.setdefault(weekday, []))
        by_day[weekday].append((starts_at, ends_at))
        if index >= MAX_RANGES_PER_DAY:
            errors[weekday, index] = ("starts_at", _("Deux plages horaires au plus par jour."))
        elif ends_at <= starts_at:
            errors[weekday, index] = (
                "ends_at",
                _("L'heure de fin doit être après l'heure de début."),
            )
        elif places > capacity:
            errors[weekday, index] = (
                "places",
                _("%(places)s places dépassent la capacité de votre agrément (%(capacity)s).")
                % {"places": places, "capacity": capacity},
            )
        elif any(s < ends_at and starts_at < e for s, e in by_day[weekday][:-1]):
            errors[weekday, index] = (
                "starts_at",
                _("Cette plage chevauche l'autre plage du même jour."),
            )
    return errors


@transaction.atomic
def availability_table_save(
    *,
    childminder: Childminder,
    actor,
    ranges: list[tuple[int, datetime.time, datetime.time, int]],
    suspended_from: datetime.date | None = None,
    suspended_until: datetime.date | None = None,
) -> Childminder:
    """Replace the table (no ranges: « aucune disponibilité »), published at once; the
    save is also the confirmation parents see."""
    _check_writable(childminder)
    errors = range_errors(ranges, capacity=childminder.capacity)
    if errors:
        raise ValidationError([message for _field, message in errors.values()])
    childminder.availabilities.all().delete()
    Availability.objects.bulk_create(
        Availability(childminder=childminder, weekday=w, starts_at=s, ends_at=e, places=p)
        for w, s, e, p in ranges
    )
    childminder.activity_suspended_from = suspended_from
    childminder.activity_suspended_until = suspended_until
    childminder.save(update_fields=["activity_suspended_from", "activity_suspended_until"])
    childminder.refresh_availability_summary(confirmed_on=timezone.localdate())
    audit(
        "childminder_availability_saved",
        target=childminder,
        actor=actor,
        ranges=len(ranges),
        suspended=bool(suspended_from),
    )
    return childminder


@transaction.atomic
def availability_confirm(*, childminder: Childminder, actor) -> Childminder:
    """« Mes disponibilités sont toujours exactes »: the table stays, the date moves."""
    _check_writable(childminder)
    childminder.refresh_availability_summary(confirmed_on=timezone.localdate())
    audit("childminder_availability_confirmed", target=childminder, actor=actor)
    return childminder


def confirmation_token(reminder: DeadlineReminder) -> str:
    return signing.dumps({"reminder": reminder.pk}, salt=CONFIRMATION_LINK_SALT)


def reminder_of_token(token: str) -> DeadlineReminder:
    """The reminder a link was sent with; SpaceError when the link is altered, expired, used
    for its deadline, or the childminder can no longer update anything."""
    try:
        payload = signing.loads(
            token, salt=CONFIRMATION_LINK_SALT, max_age=CONFIRMATION_LINK_MAX_AGE
        )
    except signing.SignatureExpired as error:
        raise SpaceError(_("Ce lien a expiré : il n'était valable que 30 jours.")) from error
    except signing.BadSignature as error:
        raise SpaceError(_("Ce lien n'est pas valide.")) from error
    reminder = (
        DeadlineReminder.objects.select_related("childminder")
        .filter(pk=payload.get("reminder"))
        .first()
    )
    if reminder is None or reminder.childminder.status != ChildminderStatus.VALIDATED:
        raise SpaceError(_("Ce lien n'est plus valable."))
    used = DeadlineReminder.objects.filter(
        childminder=reminder.childminder, deadline=reminder.deadline, confirmed_at__isnull=False
    )
    if used.exists():
        raise SpaceError(
            _("Ce lien a déjà servi : vos disponibilités sont confirmées pour cette échéance.")
        )
    return reminder


@transaction.atomic
def availability_confirm_by_link(*, token: str) -> Childminder:
    """The one-click confirmation of a reminder, without logging in; once per deadline."""
    reminder = reminder_of_token(token)
    # Lock the reminder rows of the deadline: two clicks at once confirm once.
    list(
        DeadlineReminder.objects.select_for_update().filter(
            childminder=reminder.childminder, deadline=reminder.deadline
        )
    )
    reminder = reminder_of_token(token)
    reminder.confirmed_at = timezone.now()
    reminder.save(update_fields=["confirmed_at"])
    childminder = reminder.childminder
    childminder.refresh_availability_summary(confirmed_on=timezone.localdate())
    audit(
        "childminder_availability_confirmed",
        target=childminder,
        actor=None,
        by_link=True,
        deadline=reminder.deadline.isoformat(),
    )
    return childminder
