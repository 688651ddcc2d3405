"""Writes of the information requests: sending one, opening (« traitée »), the CAF's
deadline, the contact form and the 6-month erasure."""

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from monenfant.audit.services import audit
from monenfant.mailing.services import send_templated_email

from . import selectors
from .enums import RequestState
from .models import CafRequestSettings, InformationRequest, InformationRequestCount

# Seed 000 CGU and seed 003: « La durée de conservation des données est de 6 mois ».
RETENTION = relativedelta(months=6)


@transaction.atomic
def information_request_create(*, linf, commune, **data) -> InformationRequest:
    """Record a family's request for `linf` and notify (e-mails #21 and #22). `linf` must be
    one of the points the system proposes for `commune` (checked again: the choice came
    from the browser)."""
    if not selectors.desks_for(commune).filter(pk=linf.pk).exists():
        raise ValidationError(
            _("Ce point d'information ne reçoit pas de demandes pour cette commune.")
        )
    now = timezone.now()
    information_request = InformationRequest.objects.create(
        linf=linf, commune=commune, caf=linf.caf, terms_accepted_at=now, sent_at=now, **data
    )
    counter, _created = InformationRequestCount.objects.get_or_create(
        commune=commune,
        month=timezone.localdate(now).replace(day=1),
        linf=linf,
        defaults={"caf": linf.caf},
    )
    InformationRequestCount.objects.filter(pk=counter.pk).update(count=F("count") + 1)
    audit(
        "information_request_sent",
        target=information_request,
        actor=None,
        caf_code=linf.caf.code,
        linf=linf.pk,
        commune=commune.insee_code,
    )
    # #21: each habilitated person, without the family's personal data (they read it in
    # their space); one e-mail each so that nobody sees the others' addresses.
    desk_url = reverse("infodesk:requests", kwargs={"linf_pk": linf.pk})
    for email in sorted({h.person.email for h in linf.habilitations.select_related("person")}):
        if email:
            send_templated_email(
                to=email,
                template="information_request_linf",
                context={"information_request": information_request, "desk_url": desk_url},
            )
    # #22: the family, with the signed link to follow its request.
    send_templated_email(
        to=information_request.email,
        template="information_request_registered",
        context={
            "information_request": information_request,
            "follow_url": reverse(
                "public:information_request_follow",
                kwargs={"token": selectors.follow_token(information_request)},
            ),
        },
    )
    return information_request


@transaction.atomic
def information_requests_open(*, requests, actor) -> list[InformationRequest]:
    """A LINF opened these requests (on screen or in an export): those not yet treated become
    « traitée » and their family gets the acknowledgment (#23), once. The conditional UPDATE
    is what makes it once: two persons opening the same request at the same time cannot
    both move it."""
    newly = list(
        InformationRequest.objects.select_for_update()
        .filter(pk__in=[r.pk for r in requests], state=RequestState.RECEIVED)
        .select_related("linf")
    )
    if not newly:
        return []
    now = timezone.now()
    InformationRequest.objects.filter(
        pk__in=[r.pk for r in newly], state=RequestState.RECEIVED
    ).update(state=RequestState.TREATED, treated_at=now, treated_by=actor)
    for information_request in newly:
        information_request.state, information_request.treated_at = RequestState.TREATED, now
        send_templated_email(
            to=information_request.email,
            template="information_request_treated",
            context={"information_request": information_request},
        )
    audit(
        "information_requests_treated",
        actor=actor,
        caf_code=newly[0].linf.caf.code if newly[0].linf.caf_id else "",
        numbers=[r.number for r in newly],
    )
    return newly


@transaction.atomic
def caf_deadline_set(*, caf, days: int, actor) -> CafRequestSettings:
    settings, _created = CafRequestSettings.objects.update_or_create(
        caf=caf, defaults={"deadline_days": days}
    )
    settings.full_clean()
    audit(
        "information_request_deadline_set",
        target=settings,
        actor=actor,
        caf_code=caf.code,
        days=days,
    )
    return settings


@transaction.atomic
def contact_message_send(
    *, caf, name: str, email: str, postal_code: str, subject: str, message: str
):
    """The contact form (S0 Cx-F2, e-mail #24): to the CAF's monenfant mailbox, deduced from
    the postal code; the visitor is the reply-to address."""
    audit("contact_message_sent", actor=None, caf_code=caf.code, postal_code=postal_code)
    return send_templated_email(
        to=caf.mailbox_monenfant,
        template="contact_message",
        reply_to=[email],
        context={
            "name": name,
            "email": email,
            "postal_code": postal_code,
            "subject": subject,
            "message": message,
            "caf": caf,
        },
    )


def information_requests_purge(*, wet_run: bool) -> int:
    """Erase the requests sent more than 6 months ago. PDFs and XML are rendered on demand
    from the row, never stored: erasing the row erases them. The counts stay."""
    old = InformationRequest.objects.filter(sent_at__lt=timezone.now() - RETENTION)
    if not wet_run:
        return old.count()
    with transaction.atomic():
        count, _by_model = old.delete()
        if count:
            audit("information_requests_erased", actor=None, count=count)
    return count
