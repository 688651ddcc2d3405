"""« Gestion des structures »: the list, the one referencing form for every kind (built from
the kind's schema), duplication, deletion, and a structure's state, history and workflow
actions."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monenfant.backoffice_access.selectors import scoped
from monenfant.structures.enums import KINDS_WITH_AVAILABILITY, StructureKind, StructureStatus
from monenfant.structures.forms import (
    CommunesServedForm,
    OpeningHoursForm,
    StructureEditor,
    structure_form_class,
)
from monenfant.structures.models import Structure
from monenfant.structures.selectors import (
    COMMUNES,
    PERIODS,
    open_revision,
    revision_diff,
    value_from_json,
)
from monenfant.structures.services import structure_delete as structure_delete_service
from monenfant.structures.services import (
    structure_revision_reject,
    structure_revision_validate,
    structure_save,
)
from monenfant.workflows.selectors import history_of
from monenfant.workflows.services import transition_apply
from monenfant.workflows.transitions import TransitionError

from .forms import RevisionRejectForm, StructureCreationForm, StructureFilterForm

# Transitions out of « En attente de validation »: with a manager's revision open, only the
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
            "has_availability_table": structure.kind in KINDS_WITH_AVAILABILITY,
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


# --- « Gestion des structures » (seed 000 St-F1, F4, F6, F8) -------------------------------

LIST_PAGE_SIZE = 50
# ?tri= values and their ordering; the primary key breaks ties so that pages are stable.
SORTS = {
    "nom": ("search_name", "pk"),
    "-nom": ("-search_name", "-pk"),
    "type": ("kind", "search_name", "pk"),
    "-type": ("-kind", "search_name", "pk"),
    "etat": ("status", "search_name", "pk"),
    "-etat": ("-status", "search_name", "pk"),
    "maj": ("updated_at", "pk"),
    "-maj": ("-updated_at", "-pk"),
}


def structure_list(request):
    creation = StructureCreationForm()
    filters = StructureFilterForm(request.GET or None)
    structures = scoped(Structure.objects.select_related("commune"), request)
    if filters.is_valid():
        structures = filters.filter(structures)
    sort = request.GET.get("tri", "nom")
    if sort not in SORTS:
        sort = "nom"
    page = Paginator(structures.order_by(*SORTS[sort]), LIST_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("tri", None)
    return render(
        request,
        "backoffice/structures.html",
        {
            "title": _("Gestion des structures"),
            "creation": creation,
            "filters": filters,
            "page_obj": page,
            "sort": sort,
            "query": query.urlencode(),
            "columns": [
                ("nom", _("Nom")),
                ("type", _("Type de structure")),
                ("etat", _("État de la structure")),
                ("maj", _("Mise à jour")),
            ],
        },
    )


def structure_create(request):
    """The kind comes from « Création d'une structure » (?type=): one view for every kind."""
    kind = request.GET.get("type", "")
    if kind not in StructureKind.values:
        messages.error(request, _("Choisissez le type de structure à créer."))
        return redirect("backoffice:structures")
    return _structure_form(request, kind=kind, structure=None)


def structure_edit(request, pk):
    structure = get_object_or_404(
        scoped(Structure.objects.select_related("commune"), request), pk=pk
    )
    return _structure_form(request, kind=structure.kind, structure=structure)


def structure_duplicate(request, pk):
    """St-F8: a validated ALSH's creation form pre-filled; name and postal code must change."""
    source = get_object_or_404(
        scoped(Structure.objects.select_related("commune"), request),
        pk=pk,
        kind=StructureKind.ALSH,
        status=StructureStatus.VALIDATED,
    )
    return _structure_form(request, kind=source.kind, structure=None, source=source)


def _structure_form(request, *, kind, structure, source=None):
    editing = structure is not None
    post = request.POST if request.method == "POST" else None
    draft = post is not None and "save_draft" in post
    if draft and editing and structure.status != StructureStatus.DRAFT:
        # Only a sheet never published can be saved as a draft.
        draft = False
    initial, periods, communes = None, None, None
    if source is not None:
        initial = {
            name: getattr(source, name)
            for name in structure_form_class(kind)().fields
            if hasattr(source, name)
        }
        periods = [(p.weekday, p.opens_at, p.closes_at) for p in source.opening_periods.all()]
        communes = [link.commune for link in source.served_links.select_related("commune")]
    editor = StructureEditor(
        kind=kind,
        data=post,
        instance=structure or Structure(kind=kind, caf=request.active_caf),
        initial=initial,
        draft=draft,
        caf=request.active_caf,
        periods=periods,
        communes=communes,
    )
    if post is not None and not editor.handle_page_button(post):
        valid = editor.is_valid()
        if valid and source is not None:
            valid = _check_duplicate(editor.main, source)
        if valid:
            saved = structure_save(
                structure=editor.main.save(commit=False),
                changed_fields=editor.main.changed_data if editing else [],
                periods=editor.periods if editor.hours else None,
                communes=editor.served if editor.communes else None,
                publish=not draft,
                **acting_identities(request),
            )
            if draft:
                messages.success(
                    request, _("Le brouillon « %(name)s » est enregistré.") % {"name": saved.name}
                )
            else:
                messages.success(
                    request,
                    _("La structure « %(name)s » est enregistrée et en ligne.")
                    % {"name": saved.name},
                )
            return redirect("backoffice:structures")
    if source is not None:
        title = _("Dupliquer l'accueil de loisirs « %(name)s »") % {"name": source.name}
    elif editing:
        title = _("Modifier « %(name)s »") % {"name": structure.name}
    else:
        title = _("Créer : %(kind)s") % {"kind": StructureKind(kind).label}
    return render(
        request,
        "backoffice/structure_form.html",
        {
            "title": title,
            "editor": editor,
            "structure": structure,
            "source": source,
            "kind_label": StructureKind(kind).label,
            "sections": _form_sections(editor),
            "can_draft": not editing or structure.status == StructureStatus.DRAFT,
        },
    )


def _check_duplicate(form, source) -> bool:
    valid = True
    if form.cleaned_data.get("name", "").strip().lower() == source.name.strip().lower():
        form.add_error("name", _("Donnez un autre nom que celui de l'accueil de loisirs dupliqué."))
        valid = False
    if form.cleaned_data.get("postal_code") == source.postal_code:
        form.add_error(
            "postal_code",
            _("Indiquez un autre code postal que celui de l'accueil de loisirs dupliqué."),
        )
        valid = False
    return valid


def _form_sections(editor):
    """The schema's sections with the bound fields of each, in order, for the template; the
    kind-specific fields (EAJE type, LINF) close the general section."""
    form = editor.main
    placed = set()
    sections = []
    for section in editor.schema.sections:
        fields = []
        for spec in section.fields:
            if spec.name in form.fields and spec.name not in placed:
                fields.append(form[spec.name])
                placed.add(spec.name)
                if spec.name == "postal_code":
                    fields.append(form["commune"])
                    placed.add("commune")
        sections.append({"section": section, "fields": fields})
    extra = [form[name] for name in form.fields if name not in placed]
    if extra:
        sections.insert(1, {"section": None, "fields": extra})
    return sections


def structure_delete(request, pk):
    structure = get_object_or_404(scoped(Structure.objects.all(), request), pk=pk)
    if request.method == "POST":
        name = structure.name
        structure_delete_service(structure=structure, **acting_identities(request))
        messages.success(request, _("La structure « %(name)s » est supprimée.") % {"name": name})
        return redirect("backoffice:structures")
    return render(
        request,
        "backoffice/structure_delete.html",
        {"title": _("Supprimer « %(name)s »") % {"name": structure.name}, "structure": structure},
    )


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
