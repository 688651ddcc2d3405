"""A structure's state and history in the back office, and its workflow actions. The full
"Gestion des structures" screens come with the structure referencing issue; this page is
where their actions already work."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monenfant.backoffice_access.selectors import scoped
from monenfant.structures.enums import KINDS_WITH_AVAILABILITY
from monenfant.structures.models import Structure
from monenfant.workflows.selectors import history_of
from monenfant.workflows.services import transition_apply
from monenfant.workflows.transitions import TransitionError


def acting_identities(request) -> dict:
    """actor (at the keyboard) and acting_as (the account used, when impersonating)."""
    impersonator = getattr(request, "impersonator", None)
    if impersonator is not None:
        return {"actor": impersonator, "acting_as": request.user}
    return {"actor": request.user, "acting_as": None}


def structure_detail(request, pk):
    structure = get_object_or_404(
        scoped(Structure.objects.select_related("commune"), request), pk=pk
    )
    workflow = Structure.workflow
    return render(
        request,
        "backoffice/structure_detail.html",
        {
            "title": structure.name,
            "structure": structure,
            "transitions": workflow.available_from(structure.status),
            "history": [
                (log, workflow.state_label(log.from_state), workflow.state_label(log.to_state))
                for log in history_of(structure)
            ],
            "reason": request.session.pop("transition_reason", ""),
            "has_availability_table": structure.kind in KINDS_WITH_AVAILABILITY,
        },
    )


@require_POST
def structure_transition(request, pk, name):
    structure = get_object_or_404(scoped(Structure.objects.all(), request), pk=pk)
    # PostgreSQL refuses NUL characters in text.
    reason = request.POST.get("reason", "")[:2000].replace("\x00", "")
    try:
        transition_apply(obj=structure, name=name, reason=reason, **acting_identities(request))
    except TransitionError as error:
        messages.error(request, str(error))
        # What was typed is kept for the next attempt.
        request.session["transition_reason"] = reason
    else:
        messages.success(
            request,
            _("Nouvel état de la fiche : « %(state)s ».")
            % {"state": structure.get_status_display()},
        )
    return redirect("backoffice:structure_detail", pk=structure.pk)
