"""The states of a structure sheet and who moves it between them (seed 000 St-F1, St-F5;
decision D10)."""

from django.utils.translation import gettext_lazy as _

from monenfant.workflows.transitions import HABILITATED, Transition, Workflow

from . import notifications
from .enums import StructureStatus

DRAFT, PENDING, VALIDATED = (
    StructureStatus.DRAFT,
    StructureStatus.PENDING,
    StructureStatus.VALIDATED,
)

STRUCTURE_WORKFLOW = Workflow(
    states=StructureStatus,
    initial=DRAFT,
    transitions=[
        # A CAF agent creates a sheet and puts it online at once (St-F1 "+ Créer").
        Transition(
            "publish",
            _("Mettre en ligne"),
            sources={DRAFT},
            target=VALIDATED,
            permission="manage_structures",
        ),
        # A habilitated manager sends a sheet for validation (first version or changes);
        # the CAF's approvers are told (e-mail #19).
        Transition(
            "submit",
            _("Envoyer à la Caf pour validation"),
            sources={DRAFT, VALIDATED},
            target=PENDING,
            permission=(HABILITATED, "manage_structures"),
            notify=notifications.structure_submitted,
        ),
        # St-F5 "Valider les modifications"; the author is told (e-mail #20).
        Transition(
            "validate",
            _("Valider les modifications"),
            sources={PENDING},
            target=VALIDATED,
            permission="manage_structures",
            notify=notifications.structure_validated,
        ),
        # D10 "Refuser les modifications": a mandatory reason e-mailed to the author (#26).
        # A sheet never published goes back to draft with "return_to_draft".
        Transition(
            "reject_changes",
            _("Refuser les modifications"),
            sources={PENDING},
            target=VALIDATED,
            permission="manage_structures",
            reason_required=True,
            notify=notifications.structure_changes_rejected,
        ),
        Transition(
            "return_to_draft",
            _("Renvoyer en brouillon"),
            sources={PENDING},
            target=DRAFT,
            permission="manage_structures",
            reason_required=True,
            notify=notifications.structure_changes_rejected,
        ),
    ],
)
