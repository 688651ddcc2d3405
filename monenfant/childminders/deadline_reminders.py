"""The daily job of the availability obligation (decree of 30 August 2021): availability
published « a minima avant le 1er juin et le 1er décembre », for the following six months.

- 30 days, then 7 days, before each deadline: a reminder to every validated childminder whose
  availability was not confirmed since the previous deadline (six months before), unless
  employed only by legal entities (exempt by the decree);
- on the deadline: a « manquement » for each of them still not confirmed (the first one of a
  childminder is a warning only);
- 60 days before the licence ends: a warning (our choice, not in the decree);
- suspensions of activity starting today hide the places (Childminder.available_from).

Each e-mail is recorded by a unique DeadlineReminder row created in the same transaction: a run
interrupted half-way resumes where it stopped, and a second run for the same deadline sends
nothing twice. Choices: docs/childminder-space.md.
"""

import datetime

from django.db import transaction
from django.db.models import F, Q

from monenfant.mailing.services import send_templated_email

from .enums import ChildminderStatus
from .models import Breach, Childminder, DeadlineReminder, DeadlineReminderKind

DEADLINE_MONTHS = (6, 12)  # 1 June and 1 December
REMINDER_STAGES = (  # (days before the deadline from which it is sent, kind), latest first
    (7, DeadlineReminderKind.AVAILABILITY_7_DAYS),
    (30, DeadlineReminderKind.AVAILABILITY_30_DAYS),
)
LICENCE_END_NOTICE_DAYS = 60
# A scheduler down on the deadline records the breaches when it comes back, within this many
# days; a first deployment long after a deadline does not blame anyone for it.
BREACH_CATCH_UP_DAYS = 30


def next_deadline(today: datetime.date) -> datetime.date:
    """The first 1 June or 1 December after today."""
    candidates = [datetime.date(today.year + y, m, 1) for y in (0, 1) for m in DEADLINE_MONTHS]
    return min(d for d in candidates if d > today)


def last_deadline(today: datetime.date) -> datetime.date:
    """The latest 1 June or 1 December on or before today."""
    candidates = [datetime.date(today.year - y, m, 1) for y in (0, 1) for m in DEADLINE_MONTHS]
    return max(d for d in candidates if d <= today)


def period_start(deadline: datetime.date) -> datetime.date:
    """Six months before a deadline: the previous deadline."""
    return last_deadline(deadline - datetime.timedelta(days=1))


def _bound(deadline: datetime.date):
    """Validated, not exempt, and not confirmed since the previous deadline."""
    return (
        Childminder.objects.filter(
            status=ChildminderStatus.VALIDATED,
            legal_entity_only=False,
            created_at__date__lt=deadline,
        )
        .filter(
            Q(availability_confirmed_on__isnull=True)
            | Q(availability_confirmed_on__lt=period_start(deadline))
        )
        .select_related("user")
        .order_by("pk")
    )


def _recipient(childminder: Childminder) -> str:
    return childminder.user.email if childminder.user_id else childminder.email


def _send(childminder: Childminder, *, kind: str, deadline: datetime.date, template: str) -> bool:
    """One reminder in its own transaction; False when it was already sent."""
    from .space_services import confirmation_token

    with transaction.atomic():
        reminder, created = DeadlineReminder.objects.get_or_create(
            childminder=childminder, kind=kind, deadline=deadline
        )
        if not created:
            return False
        send_templated_email(
            to=_recipient(childminder),
            template=template,
            context={
                "childminder": childminder,
                "deadline": deadline,
                "token": confirmation_token(reminder),
            },
        )
    return True


def send_availability_reminders(today: datetime.date) -> int:
    deadline = next_deadline(today)
    days_left = (deadline - today).days
    kind = next((k for days, k in REMINDER_STAGES if days_left <= days), None)
    if kind is None:
        return 0
    already = DeadlineReminder.objects.filter(kind=kind, deadline=deadline).values("childminder_id")
    sent = 0
    for childminder in _bound(deadline).exclude(pk__in=already).exclude(user=None, email=""):
        sent += _send(
            childminder, kind=kind, deadline=deadline, template="childminder_availability_reminder"
        )
    return sent


def record_breaches(today: datetime.date) -> int:
    deadline = last_deadline(today)
    if (today - deadline).days > BREACH_CATCH_UP_DAYS:
        return 0
    recorded = 0
    already = Breach.objects.filter(deadline=deadline).values("childminder_id")
    for childminder in _bound(deadline).exclude(pk__in=already):
        with transaction.atomic():
            _breach, created = Breach.objects.get_or_create(
                childminder=childminder,
                deadline=deadline,
                defaults={"is_warning": not childminder.breaches.exists()},
            )
        recorded += created
    return recorded


def send_licence_end_notices(today: datetime.date) -> int:
    ending = (
        Childminder.objects.filter(
            status=ChildminderStatus.VALIDATED,
            agrement_ends_on__gte=today,
            agrement_ends_on__lte=today + datetime.timedelta(days=LICENCE_END_NOTICE_DAYS),
        )
        .exclude(user=None, email="")
        .exclude(
            Q(reminders__kind=DeadlineReminderKind.LICENCE_END)
            & Q(reminders__deadline=F("agrement_ends_on"))
        )
        .select_related("user")
        .order_by("pk")
    )
    sent = 0
    for childminder in ending:
        sent += _send(
            childminder,
            kind=DeadlineReminderKind.LICENCE_END,
            deadline=childminder.agrement_ends_on,
            template="childminder_licence_ending",
        )
    return sent


def apply_activity_suspensions(today: datetime.date) -> int:
    """Suspensions declared in advance take effect on their first day."""
    current = Childminder.objects.filter(
        activity_suspended_from__lte=today, activity_suspended_until__gte=today
    ).prefetch_related("availabilities")
    count = 0
    for childminder in current:
        # Already applied: nothing to write (the job runs daily over the whole suspension).
        if childminder.available_from != childminder.activity_suspended_until + datetime.timedelta(
            days=1
        ):
            childminder.refresh_availability_summary(today=today)
            count += 1
    return count
