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
