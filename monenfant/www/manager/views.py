from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from monenfant.backoffice_access.scopes import person_scope
from monenfant.backoffice_access.selectors import scoped
from monenfant.structures.enums import KINDS_WITH_AVAILABILITY, StructureStatus
from monenfant.structures.forms import StructureEditor
from monenfant.structures.models import Structure
from monenfant.structures.selectors import last_decided_revision, open_revision
from monenfant.structures.services import structure_revision_submit
from monenfant.workflows.transitions import TransitionError
from monenfant.www.backoffice.structure_views import acting_identities, editor_values


def _my_structures(request):
    """The structures of the person's habilitations, whatever id is typed."""
    return scoped(Structure.objects.select_related("commune"), person_scope(request.user))


def home(request):
    """The chooser: the structures the person administers; with one only, straight to it."""
    structures = list(_my_structures(request).order_by("name"))
    if len(structures) == 1:
        return redirect("manager:structure", pk=structures[0].pk)
    return render(
        request,
        "manager/home.html",
        {"title": _("Espace gestionnaire"), "structures": structures},
    )


def structure(request, pk):
    structure = get_object_or_404(_my_structures(request), pk=pk)
    return render(
        request,
        "manager/structure.html",
        {
            "title": structure.name,
            "structure": structure,
            "pending": open_revision(structure),
            "last_decided": last_decided_revision(structure),
            "has_availability": structure.kind in KINDS_WITH_AVAILABILITY,
            "is_public": Structure.objects.visible_to_public().filter(pk=structure.pk).exists(),
        },
    )


def structure_edit(request, pk):
    """Everything of the sheet but availability: sent to the CAF, online once it validates
    (seed 000 « Mise à jour », St-F5). No form while earlier changes wait."""
    structure = get_object_or_404(_my_structures(request), pk=pk)
    # Before the form binds: a model form writes what was typed on the instance.
    title = _("Modifier la fiche « %(name)s »") % {"name": structure.name}
    pending = open_revision(structure)
    editor = None
    if structure.status == StructureStatus.VALIDATED:
        data = request.POST if request.method == "POST" else None
        editor = StructureEditor(
            kind=structure.kind,
            data=data,
            instance=structure,
            caf=structure.caf,
            caf_fields=False,
        )
        if data is not None and not editor.handle_page_button(data) and editor.is_valid():
            try:
                structure_revision_submit(
                    structure=structure, **editor_values(editor), **acting_identities(request)
                )
            except TransitionError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _(
                        "Vos modifications sont envoyées à la Caf. La fiche publiée reste "
                        "en ligne jusqu'à leur validation."
                    ),
                )
                return redirect("manager:structure", pk=structure.pk)
    return render(
        request,
        "manager/structure_edit.html",
        {"title": title, "structure": structure, "pending": pending, "editor": editor},
    )
