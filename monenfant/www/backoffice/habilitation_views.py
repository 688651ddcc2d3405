"""« Gestion des demandes d'habilitation des structures » and « Modification des
habilitations des gestionnaires » (seed 000 St-F2, F3, F7), and the CAFs' approvers
mailboxes edited by the national administrator. Every read starts from a queryset scoped to
the active CAF: another CAF's request or manager is a 404."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from monenfant.backoffice_access.selectors import scoped
from monenfant.habilitations import selectors, services
from monenfant.habilitations.enums import HabilitationRequestStatus, ManagerStatus
from monenfant.habilitations.models import HabilitationRequest, Manager
from monenfant.referential.models import Caf
from monenfant.workflows.selectors import history_of
from monenfant.workflows.transitions import TransitionError
from monenfant.www.habilitation_request.forms import (
    MAX_PERSONS,
    ManagerIdentityForm,
    person_forms,
    person_rows,
)
from monenfant.www.habilitation_request.views import initial_from_post, rows_after, validate_persons

from .habilitation_forms import (
    CafMailboxForm,
    HabilitationRequestFilterForm,
    ManagerFilterForm,
    RevokeForm,
)


def habilitation_requests(request):
    # The screen opens on the requests to process (St-F2: Etat demande = « Non traitée »).
    data = request.GET.copy()
    data.setdefault("status", HabilitationRequestStatus.NEW)
    form = HabilitationRequestFilterForm(data)
    filters = form.cleaned_data if form.is_valid() else {"status": "", "q": "", "sort": ""}
    requests = selectors.habilitation_requests_list(
        scoped(HabilitationRequest.objects.all(), request),
        status=filters["status"],
        keyword=filters["q"],
        sort=filters["sort"],
    )
    page = Paginator(requests, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "backoffice/habilitation_requests.html",
        {
            "title": _("Gestion des demandes d'habilitation des structures"),
            "form": form,
            "page_obj": page,
            "sort": filters["sort"] or "-date",
            "query": _query_without(request, "sort", "page", default_status=data["status"]),
        },
    )


def _query_without(request, *names, default_status="") -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    query.setdefault("status", default_status)
    return query.urlencode()


def _request_or_404(request, pk):
    return get_object_or_404(
        scoped(
            HabilitationRequest.objects.select_related("caf").prefetch_related(
                "structures__commune", "persons", "communes"
            ),
            request,
        ),
        pk=pk,
    )


def habilitation_request_detail(request, pk):
    habilitation_request = _request_or_404(request, pk)
    workflow = HabilitationRequest.workflow
    return render(
        request,
        "backoffice/habilitation_request_detail.html",
        {
            "title": _("Demande d'habilitation de %(name)s") % {"name": habilitation_request.name},
            "habilitation_request": habilitation_request,
            "transitions": workflow.available_from(habilitation_request.status),
            "history": [
                (log, workflow.state_label(log.from_state), workflow.state_label(log.to_state))
                for log in history_of(habilitation_request)
            ],
        },
    )


def habilitation_request_transition(request, pk, name):
    """GET: the confirmation (« Oui » / « Retour »); POST: the transition."""
    habilitation_request = _request_or_404(request, pk)
    transition = HabilitationRequest.workflow.get(name)
    if transition is None:
        messages.error(request, _("Cette action n'existe pas."))
        return redirect("backoffice:habilitation_request_detail", pk=habilitation_request.pk)
    if request.method == "POST":
        try:
            services.habilitation_request_transition(
                habilitation_request=habilitation_request, name=name, actor=request.user
            )
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("La demande est passée à l'état « %(state)s ».")
                % {"state": habilitation_request.get_status_display()},
            )
        return redirect("backoffice:habilitation_request_detail", pk=habilitation_request.pk)
    return render(
        request,
        "backoffice/habilitation_request_confirm.html",
        {
            "title": transition.label,
            "habilitation_request": habilitation_request,
            "transition": transition,
        },
    )


def managers(request):
    form = ManagerFilterForm(request.GET or None)
    filters = (
        form.cleaned_data if form.is_valid() else {"status": "", "kinds": [], "q": "", "sort": ""}
    )
    rows = selectors.managers_list(
        scoped(Manager.objects.all(), request),
        status=filters["status"],
        kinds=filters["kinds"],
        keyword=filters["q"],
        sort=filters["sort"],
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "backoffice/managers.html",
        {
            "title": _("Modification des habilitations des gestionnaires"),
            "form": form,
            "page_obj": page,
            "sort": filters["sort"] or "nom",
            "query": _query_without(request, "sort", "page"),
        },
    )


def _manager_or_404(request, pk):
    return get_object_or_404(scoped(Manager.objects.select_related("caf"), request), pk=pk)


def _manager_initial(manager) -> tuple[dict, list[dict]]:
    initial = {name: getattr(manager, name) for name in services.IDENTITY_FIELDS}
    initial["structures"] = [str(pk) for pk in manager.structures.values_list("pk", flat=True)]
    rows = [
        {
            "first_name": member.person.first_name,
            "last_name": member.person.last_name,
            "email": member.person.email,
            "function": member.function,
        }
        for member in manager.persons.select_related("person").order_by("pk")
    ]
    return initial, rows


def manager_edit(request, pk):
    manager = _manager_or_404(request, pk)
    persons_error = ""
    if request.method != "POST":
        initial, rows = _manager_initial(manager)
        form = ManagerIdentityForm(initial=initial, caf=manager.caf)
        persons = person_forms(rows, bound=False)
    else:
        action = str(request.POST.get("action", "save"))[:40]
        rows = person_rows(request.POST)
        if action != "save":
            form = ManagerIdentityForm(initial=initial_from_post(request.POST), caf=manager.caf)
            persons = person_forms(rows_after(action, rows), bound=False)
        else:
            form = ManagerIdentityForm(request.POST, caf=manager.caf)
            persons = person_forms(rows, bound=True)
            form_valid = form.is_valid()
            persons_error = validate_persons(persons, required=False)
            if form_valid and not persons_error and all(p.is_valid() for p in persons):
                try:
                    services.manager_update(
                        manager=manager,
                        actor=request.user,
                        identity=form.cleaned_data,
                        structures=form.cleaned_data["structures"],
                        persons=[p.cleaned_data for p in persons],
                    )
                except services.HabilitationError as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(
                        request,
                        _("Les habilitations de « %(name)s » ont été enregistrées.")
                        % {"name": manager.name},
                    )
                    return redirect("backoffice:managers")
    return render(
        request,
        "backoffice/manager_edit.html",
        {
            "title": _("Habilitations de %(name)s") % {"name": manager.name},
            "manager": manager,
            "form": form,
            "persons": persons,
            "persons_error": persons_error,
            "person_count": len(persons),
            "can_add_person": len(persons) < MAX_PERSONS,
            "revoke_form": RevokeForm(),
            "editable": manager.status == ManagerStatus.HABILITATED,
        },
    )


def manager_revoke(request, pk):
    """« Révoquer le gestionnaire »: the comment is typed on the edit page; a confirmation
    page (« Oui ») stands for the seed's popup, so that it works without JavaScript."""
    manager = _manager_or_404(request, pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and request.POST.get("confirm") == "oui":
        try:
            services.manager_revoke(
                manager=manager, actor=request.user, comment=form.cleaned_data["caf_comment"]
            )
        except services.HabilitationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Le gestionnaire « %(name)s » a été révoqué.") % {"name": manager.name}
            )
        return redirect("backoffice:managers")
    return render(
        request,
        "backoffice/manager_revoke.html",
        {"title": _("Révoquer le gestionnaire"), "manager": manager, "form": form},
    )


def caf_mailboxes(request):
    cafs = Caf.objects.order_by("code")
    return render(
        request,
        "backoffice/caf_mailboxes.html",
        {"title": _("BALF Approbateurs des Caf"), "cafs": cafs},
    )


def caf_mailbox_edit(request, pk):
    caf = get_object_or_404(Caf, pk=pk)
    form = CafMailboxForm(
        request.POST or None, initial={"mailbox_approvers": caf.mailbox_approvers}
    )
    if request.method == "POST" and form.is_valid():
        services.caf_approvers_mailbox_set(
            caf=caf, actor=request.user, address=form.cleaned_data["mailbox_approvers"]
        )
        messages.success(
            request, _("La BALF Approbateurs de la %(caf)s est enregistrée.") % {"caf": caf.name}
        )
        return redirect("backoffice:caf_mailboxes")
    return render(
        request,
        "backoffice/caf_mailbox_edit.html",
        {
            "title": _("BALF Approbateurs de la %(caf)s") % {"caf": caf.name},
            "caf": caf,
            "form": form,
        },
    )
