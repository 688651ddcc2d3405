"""The states of a habilitation request and who moves it (seed 000 St-F2). Validation has
side effects (accounts, habilitations) done by services.habilitation_request_validate in the
same transaction; the e-mails go after commit."""

from django.utils.translation import gettext_lazy as _

from monenfant.workflows.transitions import Transition, Workflow

from . import notifications
from .enums import HabilitationRequestStatus

NEW, CONVENTION_SENT, VALIDATED, REJECTED = (
    HabilitationRequestStatus.NEW,
    HabilitationRequestStatus.CONVENTION_SENT,
    HabilitationRequestStatus.VALIDATED,
    HabilitationRequestStatus.REJECTED,
)

HABILITATION_REQUEST_WORKFLOW = Workflow(
    states=HabilitationRequestStatus,
    initial=NEW,
    transitions=[
        Transition(
            "send_convention",
            _("Convention envoyée"),
            sources={NEW},
            target=CONVENTION_SENT,
            permission="manage_habilitation_requests",
        ),
        Transition(
            "validate",
            _("Valider habilitation"),
            sources={CONVENTION_SENT},
            target=VALIDATED,
            permission="manage_habilitation_requests",
            notify=notifications.habilitation_request_validated,
        ),
        # The seeds name no e-mail on rejection (lifecycle-spec §1.2).
        Transition(
            "reject",
            _("Rejeter habilitation"),
            sources={NEW, CONVENTION_SENT},
            target=REJECTED,
            permission="manage_habilitation_requests",
        ),
    ],
)
