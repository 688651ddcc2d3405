"""The CAF's actions on a registered childminder (seed 000 AM-F4, AM-F5): radiation and
suspension, and lifting them. Moderation (registration, renewal) has its own requests."""

from django.utils.translation import gettext_lazy as _

from monenfant.workflows.transitions import Transition, Workflow

from . import notifications
from .enums import ChildminderStatus

VALIDATED, SUSPENDED, RADIATED = (
    ChildminderStatus.VALIDATED,
    ChildminderStatus.SUSPENDED,
    ChildminderStatus.RADIATED,
)

CHILDMINDER_WORKFLOW = Workflow(
    states=ChildminderStatus,
    initial=ChildminderStatus.PENDING,
    # Registration and renewal moderation (ModerationRequest) set these.
    set_elsewhere=frozenset(
        {
            ChildminderStatus.AWAITING_INFORMATION,
            VALIDATED,
            ChildminderStatus.REJECTED,
        }
    ),
    transitions=[
        # Licence withdrawn by the département (e-mail #10).
        Transition(
            "radiate",
            _("Radier"),
            sources={VALIDATED},
            target=RADIATED,
            permission="manage_childminders",
            notify=notifications.childminder_radiated,
        ),
        # Within 30 days of the radiation only (services.childminder_lift_radiation; #11).
        Transition(
            "lift_radiation",
            _("Lever la radiation"),
            sources={RADIATED},
            target=VALIDATED,
            permission="manage_childminders",
            notify=notifications.childminder_radiation_lifted,
        ),
        # Licence suspended (#12), and the suspension lifted (#13).
        Transition(
            "suspend",
            _("Suspendre"),
            sources={VALIDATED},
            target=SUSPENDED,
            permission="manage_childminders",
            notify=notifications.childminder_suspended,
        ),
        Transition(
            "lift_suspension",
            _("Lever la suspension"),
            sources={SUSPENDED},
            target=VALIDATED,
            permission="manage_childminders",
            notify=notifications.childminder_suspension_lifted,
        ),
    ],
)
