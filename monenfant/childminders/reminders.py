"""« Relance des ASM en attente de nouveaux éléments » (seed 000 AM-F2): childminders whose
request has waited for new elements for more than 30 days, never reminded, not migrated from the
former site. The agent's confirmation stores a Reminder; the nightly job sends the e-mails
(moderator's reasons + the agent's comment), one transaction per reminder, so an interrupted run
resumes where it stopped and never sends twice."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from monenfant.audit.services import audit
from monenfant.mailing.services import send_templated_email

from .enums import InformationReason, ModerationKind, ModerationStatus
from .models import Reminder

# Seed 000 AM-F2: « depuis plus de 30 jours ».
WAITING_PERIOD = datetime.timedelta(days=30)
ORDERINGS = {
    "nom": ("childminder__display_name", "pk"),
    "attente": ("status_changed_at", "pk"),
}


def reminder_candidates(queryset, *, now=None, name: str = "", kind: str = "", order="attente"):
    """The requests that may be reminded, from a queryset scoped to the CAF."""
    now = now or timezone.now()
    rows = queryset.filter(
        status=ModerationStatus.AWAITING_INFORMATION,
        status_changed_at__lt=now - WAITING_PERIOD,
        migrated=False,
        childminder__isnull=False,
        childminder__reminder__isnull=True,
    ).select_related("childminder__commune")
    for term in name.split():
        rows = rows.filter(
            Q(childminder__display_name__icontains=term)
            | Q(childminder__usage_name__icontains=term)
            | Q(childminder__birth_name__icontains=term)
        )
    if kind in ModerationKind.values:
        rows = rows.filter(kind=kind)
    descending = order.startswith("-")
    columns = ORDERINGS.get(order.lstrip("-"), ORDERINGS["attente"])
    return rows.order_by(*(f"-{c}" if descending else c for c in columns))


@transaction.atomic
def reminders_request(*, candidates, ids, comment: str, actor, caf) -> int:
    """Store a reminder for each selected request still eligible (`candidates`, the scoped
    selector above); returns how many. A childminder already reminded is skipped."""
    count = 0
    for request in candidates.filter(pk__in=ids).select_for_update(of=("self",)):
        _reminder, created = Reminder.objects.get_or_create(
            childminder_id=request.childminder_id,
            defaults={
                "moderation_request": request,
                "caf": caf,
                "requested_by": actor,
                "comment": comment,
            },
        )
        count += created
    if count:
        audit("reminders_requested", actor=actor, caf_code=caf.code, count=count)
    return count


def _send_one(reminder_id: int, now) -> bool:
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(of=("self",))
            .filter(pk=reminder_id, sent_at__isnull=True)
            .select_related("childminder__user", "moderation_request")
            .first()
        )
        if reminder is None:  # sent meanwhile by another run
            return False
        childminder, request = reminder.childminder, reminder.moderation_request
        to = childminder.user.email if childminder.user else childminder.email
        labels = dict(InformationReason.choices)
        if to:
            send_templated_email(
                to=to,
                template="childminder_reminder",
                context={
                    "childminder": childminder,
                    "reasons": [
                        str(labels[c]) for c in (request.reasons if request else []) if c in labels
                    ],
                    "reason_text": request.reason_text if request else "",
                    "comment": reminder.comment,
                    "renewal": bool(request and request.kind == ModerationKind.RENEWAL),
                },
            )
        reminder.sent_at = now
        reminder.save(update_fields=["sent_at"])
        audit("reminder_sent", actor=None, target=childminder, caf_code=reminder.caf.code)
    return True


def send_pending_reminders(*, now=None) -> int:
    """The nightly job: every reminder not sent yet, each in its own transaction."""
    now = now or timezone.now()
    ids = list(
        Reminder.objects.filter(sent_at__isnull=True).order_by("pk").values_list("pk", flat=True)
    )
    return sum(_send_one(pk, now) for pk in ids)
