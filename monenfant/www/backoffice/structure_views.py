"""A structure's state and history in the back office, and its workflow actions. The full
"Gestion des structures" screens come with the structure referencing issue; this page is
where their actions already work."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monenfant.backoffice_access.selectors import scoped
from monenfant.structures.forms import CommunesServedForm, OpeningHoursForm, StructureEditor
from monenfant.structures.models import Structure
from monenfant.structures.selectors import (
    COMMUNES,
    PERIODS,
    open_revision,
    revision_diff,
    value_from_json,
)
from monenfant.structures.services import structure_revision_reject, structure_revision_validate
from monenfant.workflows.selectors import history_of
from monenfant.workflows.services import transition_apply
from monenfant.workflows.transitions import TransitionError

from .forms import RevisionRejectForm

# Transitions out of « En attente de validation »: with a manager's revision open, only the
# validation page applies them (it applies or closes the revision in the same transaction).
DECIDED_ON_VALIDATION_PAGE = frozenset({"validate", "reject_changes", "return_to_draft"})


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
    revision = open_revision(structure)
    transitions = workflow.available_from(structure.status)
    if revision is not None:
        # A manager's changes are decided on the validation page, which applies them.
        transitions = [t for t in transitions if t.name not in DECIDED_ON_VALIDATION_PAGE]
    return render(
        request,
        "backoffice/structure_detail.html",
        {
            "title": structure.name,
            "structure": structure,
            "revision": revision,
            "transitions": transitions,
            "history": [
                (log, workflow.state_label(log.from_state), workflow.state_label(log.to_state))
                for log in history_of(structure)
            ],
            "reason": request.session.pop("transition_reason", ""),
        },
    )


@require_POST
def structure_transition(request, pk, name):
    structure = get_object_or_404(scoped(Structure.objects.all(), request), pk=pk)
    # PostgreSQL refuses NUL characters in text.
    reason = request.POST.get("reason", "")[:2000].replace("\x00", "")
    if name in DECIDED_ON_VALIDATION_PAGE and open_revision(structure) is not None:
        messages.error(
            request,
            _(
                "Des modifications du gestionnaire attendent : décidez-en sur la page de validation."
            ),
        )
        return redirect("backoffice:structure_validation", pk=structure.pk)
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


def editor_values(editor: StructureEditor) -> dict:
    """A valid StructureEditor's values as the revision services take them."""
    return {
        "values": editor.main.cleaned_data,
        "periods": editor.periods if editor.hours is not None else None,
        "communes": editor.served if editor.communes is not None else None,
    }


def _revision_editor(structure, revision, data) -> StructureEditor:
    """The sheet's forms filled with the manager's proposal (bound to `data` once sent)."""
    proposed = {name: value_from_json(name, raw) for name, raw in revision.proposed.items()}
    editor = StructureEditor(
        kind=structure.kind, data=data, instance=structure, caf=structure.caf, initial=proposed
    )
    if data is None:
        # The editor reads the ranges, the communes and the commune from the instance.
        if "commune" in proposed:
            editor.main.initial["commune"] = proposed["commune"]
        if editor.hours is not None and PERIODS in proposed:
            editor.hours = OpeningHoursForm(kind=structure.kind, periods=proposed[PERIODS])
        if editor.communes is not None and COMMUNES in proposed:
            editor.communes = CommunesServedForm(communes=proposed[COMMUNES])
    return editor


def structure_validation(request, pk):
    """« Accéder à la validation » (seed 000 St-F5): the manager's pending version, every
    changed field highlighted with its previous value, all fields editable; « Valider les
    modifications » publishes at once, « Refuser les modifications » needs a reason (D10)."""
    structure = get_object_or_404(
        scoped(Structure.objects.select_related("commune", "caf"), request), pk=pk
    )
    revision = open_revision(structure)
    if revision is None:
        messages.info(request, _("Aucune modification de cette fiche n'attend de validation."))
        return redirect("backoffice:structure_detail", pk=structure.pk)
    title = _("Validation des modifications de « %(name)s »") % {"name": structure.name}
    changes = revision_diff(revision)
    decision = request.POST.get("decision")
    editor = _revision_editor(structure, revision, request.POST if decision == "validate" else None)
    reject_form = RevisionRejectForm(request.POST if decision == "reject" else None)
    try:
        if (
            decision == "validate"
            and not editor.handle_page_button(request.POST)
            and editor.is_valid()
        ):
            structure_revision_validate(
                structure=structure, **editor_values(editor), **acting_identities(request)
            )
            messages.success(request, _("Les modifications sont validées : la fiche est en ligne."))
            return redirect("backoffice:structure_detail", pk=structure.pk)
        if decision == "reject" and reject_form.is_valid():
            structure_revision_reject(
                structure=structure,
                reason=reject_form.cleaned_data["reason"],
                **acting_identities(request),
            )
            messages.success(
                request, _("Les modifications sont refusées : leur auteur en est informé.")
            )
            return redirect("backoffice:structure_detail", pk=structure.pk)
    except TransitionError as error:
        messages.error(request, str(error))
    return render(
        request,
        "backoffice/structure_validation.html",
        {
            "title": title,
            "structure": structure,
            "revision": revision,
            "rows": [(editor.main[name], changes.get(name)) for name in editor.main.fields],
            "hours_change": changes.get(PERIODS),
            "communes_change": changes.get(COMMUNES),
            "changed": [change for change in changes.values() if change.changed],
            "editor": editor,
            "reject_form": reject_form,
        },
    )
