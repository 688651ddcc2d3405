"""E-mails of the moderation workflow (seed 000 « Processus Inscription » e-mails 1–4,
« Renouvellement d'agrément » e-mails 5–8). Called after commit by the workflow."""

from monenfant.mailing.services import send_templated_email

from .enums import InformationReason, ModerationKind, RejectionReason


def _reason_labels(request, choices) -> list[str]:
    labels = dict(choices.choices)
    return [str(labels[code]) for code in request.reasons if code in labels]


def _send(request, template: str, **context):
    send_templated_email(
        to=request.email,
        template=template,
        context={"renewal": request.kind == ModerationKind.RENEWAL, **context},
    )


def request_submitted(request, log):
    _send(request, template="moderation_submitted")


def request_validated(request, log):
    _send(request, template="moderation_validated")


def request_information_asked(request, log):
    _send(
        request,
        template="moderation_information_asked",
        reasons=_reason_labels(request, InformationReason),
        reason_text=request.reason_text,
    )


def request_rejected(request, log):
    _send(
        request,
        template="moderation_rejected",
        reasons=_reason_labels(request, RejectionReason),
        reason_text=request.reason_text,
    )


# The CAF's actions on a childminder (seed 000 « Radiation et suspension », e-mails #10 to #13
# of the lifecycle spec).


def _childminder_recipient(childminder) -> str:
    """The account's login address, else the contact address of the register."""
    user = childminder.user
    return (user.email if user is not None else "") or childminder.email


def _tell_childminder(childminder, template):
    to = _childminder_recipient(childminder)
    if to:
        send_templated_email(
            to=to, template=template, context={"childminder": childminder, "caf": childminder.caf}
        )


def childminder_radiated(childminder, log):
    _tell_childminder(childminder, template="childminder_radiated")


def childminder_radiation_lifted(childminder, log):
    _tell_childminder(childminder, template="childminder_radiation_lifted")


def childminder_suspended(childminder, log):
    _tell_childminder(childminder, template="childminder_suspended")


def childminder_suspension_lifted(childminder, log):
    _tell_childminder(childminder, template="childminder_suspension_lifted")
